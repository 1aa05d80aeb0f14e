import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Billing (SPEC §2): billing runs, invoices and their lines, the days each invoice billed (a day is
 * billed at most once, credited at most once), credit notes, payments and their allocations, the
 * families' credit ledger, and the rendered PDFs. Presences gain the EXCUSED status (an absence
 * staff excused: never billed, or credited) and a foreign key to the invoice that billed them.
 * All tables are new: nothing to carry over.
 */
export class Billing1764700000000 implements MigrationInterface {
    name = 'Billing1764700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "billing_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "month" character varying(7) NOT NULL, "state" character varying(10) NOT NULL, "trigger" character varying(10) NOT NULL, "families_total" integer NOT NULL DEFAULT '0', "families_processed" integer NOT NULL DEFAULT '0', "invoices_created" integer NOT NULL DEFAULT '0', "failures" jsonb NOT NULL DEFAULT '[]', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "billing_run_trigger_check" CHECK ("trigger" IN ('STAFF', 'SCHEDULED')), CONSTRAINT "billing_run_state_check" CHECK ("state" IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')), CONSTRAINT "PK_dd6fbe278e6cf48844f112da0a2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5b8db4eb0dd5d8f78e8b2ca2e4" ON "billing_run" ("commune_id", "month") WHERE "trigger" = 'SCHEDULED'`);
        await queryRunner.query(`CREATE INDEX "IDX_c6694648513941fafe058569e0" ON "billing_run" ("commune_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "invoice" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid NOT NULL, "number" character varying(20) NOT NULL, "issued_on" date NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "amount_cents" integer NOT NULL, "paid_cents" integer NOT NULL DEFAULT '0', "credited_cents" integer NOT NULL DEFAULT '0', "from_balance_cents" integer NOT NULL DEFAULT '0', "state" character varying(16) NOT NULL, "children_label" character varying(400) NOT NULL, "establishments_label" character varying(400) NOT NULL, "accueil_label" character varying(400) NOT NULL, "billing_run_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "invoice_period_check" CHECK ("period_end" >= "period_start"), CONSTRAINT "invoice_money_check" CHECK ("amount_cents" >= 0 AND "paid_cents" >= 0 AND "credited_cents" >= 0 AND "from_balance_cents" >= 0 AND "paid_cents" + "credited_cents" + "from_balance_cents" <= "amount_cents"), CONSTRAINT "invoice_state_check" CHECK ("state" IN ('UNPAID', 'PAYMENT_PENDING', 'PAID', 'TREASURY')), CONSTRAINT "PK_15d25c200d9bcd8a33f698daf18" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f1cf940343e996d3d02e2f55b1" ON "invoice" ("commune_id", "state") `);
        await queryRunner.query(`CREATE INDEX "IDX_3d56a2bb1ab94e299683f8037e" ON "invoice" ("family_id", "issued_on") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_664f6fbbdd170948561a8668e8" ON "invoice" ("commune_id", "number") `);
        await queryRunner.query(`CREATE TABLE "payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid NOT NULL, "number" integer NOT NULL, "provider" character varying(16) NOT NULL, "amount_cents" integer NOT NULL, "state" character varying(16) NOT NULL, "received_on" date NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "payment_amount_check" CHECK ("amount_cents" > 0), CONSTRAINT "payment_provider_check" CHECK ("provider" IN ('CASH', 'CHECK', 'TRANSFER', 'CESU', 'SYSTEMPAY', 'PAYLINE')), CONSTRAINT "payment_state_check" CHECK ("state" IN ('PENDING', 'VALIDATED', 'REFUSED', 'CANCELLED')), CONSTRAINT "PK_fcaec7df5adf9cac408c686b2ab" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_301256b062775a93fa11052907" ON "payment" ("family_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a59236138204c3057b3e5b5e8f" ON "payment" ("commune_id", "number") `);
        await queryRunner.query(`CREATE TABLE "payment_allocation" ("payment_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "amount_cents" integer NOT NULL, CONSTRAINT "payment_allocation_amount_check" CHECK ("amount_cents" > 0), CONSTRAINT "PK_eb9bbd586eb704cc4d4cc3908e8" PRIMARY KEY ("payment_id", "invoice_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_8cfc0b33a86849be0c41fa27fc" ON "payment_allocation" ("invoice_id") `);
        await queryRunner.query(`CREATE TABLE "invoice_line" ("invoice_id" uuid NOT NULL, "position" smallint NOT NULL, "child_name" character varying(200) NOT NULL, "activity_name" character varying(250) NOT NULL, "quantity" integer NOT NULL, "unit_price_cents" integer NOT NULL, "amount_cents" integer NOT NULL, CONSTRAINT "invoice_line_money_check" CHECK ("quantity" > 0 AND "unit_price_cents" >= 0 AND "amount_cents" = "quantity" * "unit_price_cents"), CONSTRAINT "PK_a8a0b2a45f300b167ae3e7b7eb6" PRIMARY KEY ("invoice_id", "position"))`);
        await queryRunner.query(`CREATE TABLE "credit_note" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "number" character varying(20) NOT NULL, "issued_on" date NOT NULL, "amount_cents" integer NOT NULL, "applied_cents" integer NOT NULL, "reason" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "credit_note_money_check" CHECK ("amount_cents" > 0 AND "applied_cents" >= 0 AND "applied_cents" <= "amount_cents"), CONSTRAINT "PK_1f08d9f374b8db39fd4c8e789df" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_5600d59a3ab7fadc41078250d3" ON "credit_note" ("invoice_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_d853e905b7c3f2652f01c5f108" ON "credit_note" ("family_id", "issued_on") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0b56ac828c2ad1423e35711464" ON "credit_note" ("commune_id", "number") `);
        await queryRunner.query(`CREATE TABLE "family_credit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "family_id" uuid NOT NULL, "amount_cents" integer NOT NULL, "credit_note_id" uuid, "invoice_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f7b1486f594c903eb5a7a15088f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_945de36f474699e5f252672095" ON "family_credit" ("family_id") `);
        await queryRunner.query(`CREATE TABLE "credit_note_line" ("credit_note_id" uuid NOT NULL, "position" smallint NOT NULL, "child_name" character varying(200) NOT NULL, "activity_name" character varying(250) NOT NULL, "quantity" integer NOT NULL, "unit_price_cents" integer NOT NULL, "amount_cents" integer NOT NULL, CONSTRAINT "credit_note_line_money_check" CHECK ("quantity" > 0 AND "unit_price_cents" >= 0 AND "amount_cents" = "quantity" * "unit_price_cents"), CONSTRAINT "PK_af3778ae66441a6f8eca24c949d" PRIMARY KEY ("credit_note_id", "position"))`);
        await queryRunner.query(`CREATE TABLE "billing_document" ("id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "pdf" bytea NOT NULL, "rendered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "billing_document_kind_check" CHECK ("kind" IN ('INVOICE', 'CREDIT_NOTE')), CONSTRAINT "PK_f250aed75fc7ce7ff4edaff92c3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "billed_day" ("child_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "date" date NOT NULL, "invoice_id" uuid NOT NULL, "line_position" smallint NOT NULL, "unit_price_cents" integer NOT NULL, "credit_note_id" uuid, CONSTRAINT "PK_1f0620bb7dd45a177c5320a96e1" PRIMARY KEY ("child_id", "activity_id", "date"))`);
        await queryRunner.query(`CREATE INDEX "IDX_8d62f1f0d84682ae7e1931674e" ON "billed_day" ("invoice_id") `);
        await queryRunner.query(`ALTER TABLE "presence" DROP CONSTRAINT "presence_status_check"`);
        await queryRunner.query(`ALTER TABLE "presence" ADD CONSTRAINT "presence_status_check" CHECK ("status" IN ('REQUESTED', 'PENDING', 'BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING', 'CANCELLED', 'NO_PLACE', 'REFUSED', 'EXCUSED'))`);
        await queryRunner.query(`CREATE INDEX "presence_unbilled_idx" ON "presence" ("family_id", "date") WHERE "status" = 'BOOKED' AND "invoice_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "billing_run" ADD CONSTRAINT "FK_9549fae2d5cf26264fa87ab7a57" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice" ADD CONSTRAINT "FK_942f91c2c5bb1a2b7a61d40541b" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice" ADD CONSTRAINT "FK_3d585f251d2a15235e9d82e3e06" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice" ADD CONSTRAINT "FK_8ba4ff91daf030430afc810c932" FOREIGN KEY ("billing_run_id") REFERENCES "billing_run"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "presence" ADD CONSTRAINT "FK_bfa8c1e16417a32d49310edbe60" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "FK_8610a967eeb63f1145c33d09ae6" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "FK_64e1aea3063f7f8f14b5b3818f1" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "FK_01495dafa60929d339c3728ce2f" FOREIGN KEY ("recorded_by") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_allocation" ADD CONSTRAINT "FK_a7a02a0af35283a6e0d7eed69a5" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_allocation" ADD CONSTRAINT "FK_8cfc0b33a86849be0c41fa27fc4" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_line" ADD CONSTRAINT "FK_36e6eecdb00b171d90ff63f2d20" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_note" ADD CONSTRAINT "FK_c13402f6148356dcd277cbfbcbe" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_note" ADD CONSTRAINT "FK_4e9856620b51d4e0805a3b3fa90" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_note" ADD CONSTRAINT "FK_5600d59a3ab7fadc41078250d30" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_credit" ADD CONSTRAINT "FK_945de36f474699e5f2526720952" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_credit" ADD CONSTRAINT "FK_24e6fdedb7c2af23ce30d6b7d0f" FOREIGN KEY ("credit_note_id") REFERENCES "credit_note"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_credit" ADD CONSTRAINT "FK_6585e37f193044e4f9baab14ec1" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_note_line" ADD CONSTRAINT "FK_fa4a195e7fa8ccfc8e762008123" FOREIGN KEY ("credit_note_id") REFERENCES "credit_note"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "billed_day" ADD CONSTRAINT "FK_8d62f1f0d84682ae7e1931674e0" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "billed_day" ADD CONSTRAINT "FK_4051e9870ab025aedea133cba4f" FOREIGN KEY ("credit_note_id") REFERENCES "credit_note"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "billed_day" DROP CONSTRAINT "FK_4051e9870ab025aedea133cba4f"`);
        await queryRunner.query(`ALTER TABLE "billed_day" DROP CONSTRAINT "FK_8d62f1f0d84682ae7e1931674e0"`);
        await queryRunner.query(`ALTER TABLE "credit_note_line" DROP CONSTRAINT "FK_fa4a195e7fa8ccfc8e762008123"`);
        await queryRunner.query(`ALTER TABLE "family_credit" DROP CONSTRAINT "FK_6585e37f193044e4f9baab14ec1"`);
        await queryRunner.query(`ALTER TABLE "family_credit" DROP CONSTRAINT "FK_24e6fdedb7c2af23ce30d6b7d0f"`);
        await queryRunner.query(`ALTER TABLE "family_credit" DROP CONSTRAINT "FK_945de36f474699e5f2526720952"`);
        await queryRunner.query(`ALTER TABLE "credit_note" DROP CONSTRAINT "FK_5600d59a3ab7fadc41078250d30"`);
        await queryRunner.query(`ALTER TABLE "credit_note" DROP CONSTRAINT "FK_4e9856620b51d4e0805a3b3fa90"`);
        await queryRunner.query(`ALTER TABLE "credit_note" DROP CONSTRAINT "FK_c13402f6148356dcd277cbfbcbe"`);
        await queryRunner.query(`ALTER TABLE "invoice_line" DROP CONSTRAINT "FK_36e6eecdb00b171d90ff63f2d20"`);
        await queryRunner.query(`ALTER TABLE "payment_allocation" DROP CONSTRAINT "FK_8cfc0b33a86849be0c41fa27fc4"`);
        await queryRunner.query(`ALTER TABLE "payment_allocation" DROP CONSTRAINT "FK_a7a02a0af35283a6e0d7eed69a5"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "FK_01495dafa60929d339c3728ce2f"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "FK_64e1aea3063f7f8f14b5b3818f1"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "FK_8610a967eeb63f1145c33d09ae6"`);
        await queryRunner.query(`ALTER TABLE "presence" DROP CONSTRAINT "FK_bfa8c1e16417a32d49310edbe60"`);
        await queryRunner.query(`ALTER TABLE "invoice" DROP CONSTRAINT "FK_8ba4ff91daf030430afc810c932"`);
        await queryRunner.query(`ALTER TABLE "invoice" DROP CONSTRAINT "FK_3d585f251d2a15235e9d82e3e06"`);
        await queryRunner.query(`ALTER TABLE "invoice" DROP CONSTRAINT "FK_942f91c2c5bb1a2b7a61d40541b"`);
        await queryRunner.query(`ALTER TABLE "billing_run" DROP CONSTRAINT "FK_9549fae2d5cf26264fa87ab7a57"`);
        await queryRunner.query(`DROP INDEX "public"."presence_unbilled_idx"`);
        await queryRunner.query(`UPDATE "presence" SET "status" = 'CANCELLED' WHERE "status" = 'EXCUSED'`);
        await queryRunner.query(`ALTER TABLE "presence" DROP CONSTRAINT "presence_status_check"`);
        await queryRunner.query(`ALTER TABLE "presence" ADD CONSTRAINT "presence_status_check" CHECK ("status" IN ('REQUESTED', 'PENDING', 'BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING', 'CANCELLED', 'NO_PLACE', 'REFUSED'))`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8d62f1f0d84682ae7e1931674e"`);
        await queryRunner.query(`DROP TABLE "billed_day"`);
        await queryRunner.query(`DROP TABLE "billing_document"`);
        await queryRunner.query(`DROP TABLE "credit_note_line"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_945de36f474699e5f252672095"`);
        await queryRunner.query(`DROP TABLE "family_credit"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_0b56ac828c2ad1423e35711464"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_d853e905b7c3f2652f01c5f108"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5600d59a3ab7fadc41078250d3"`);
        await queryRunner.query(`DROP TABLE "credit_note"`);
        await queryRunner.query(`DROP TABLE "invoice_line"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8cfc0b33a86849be0c41fa27fc"`);
        await queryRunner.query(`DROP TABLE "payment_allocation"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a59236138204c3057b3e5b5e8f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_301256b062775a93fa11052907"`);
        await queryRunner.query(`DROP TABLE "payment"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_664f6fbbdd170948561a8668e8"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3d56a2bb1ab94e299683f8037e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f1cf940343e996d3d02e2f55b1"`);
        await queryRunner.query(`DROP TABLE "invoice"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c6694648513941fafe058569e0"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5b8db4eb0dd5d8f78e8b2ca2e4"`);
        await queryRunner.query(`DROP TABLE "billing_run"`);
    }

}
