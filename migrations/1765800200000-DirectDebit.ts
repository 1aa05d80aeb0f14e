import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * SEPA direct debit (SPEC "The Trésor Public… SEPA direct debit"): the families' mandates (the RUM
 * unique in the commune and never changed — a trigger refuses it —, the IBAN encrypted, one ACTIVE
 * mandate per family), the commune's batches with their pain.008 file (numbered gapless per commune
 * by `commune_counter`), and the link of each payment presented to its batch, mandate and invoice.
 * Payments gain the provider DIRECT_DEBIT.
 */
export class DirectDebit1765800200000 implements MigrationInterface {
    name = 'DirectDebit1765800200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "mandate" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid NOT NULL, "reference" character varying(35) NOT NULL, "debtor_name" character varying(70) NOT NULL, "iban_encrypted" text NOT NULL, "iban_masked" character varying(50) NOT NULL, "bic" character varying(11), "signed_on" date NOT NULL, "state" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "mandate_state_check" CHECK ("state" IN ('ACTIVE', 'REVOKED') AND ("state" = 'REVOKED') = ("revoked_at" IS NOT NULL)), CONSTRAINT "PK_f11237628fce1a841910382b6de" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "mandate_active_idx" ON "mandate" ("family_id") WHERE "state" = 'ACTIVE'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "mandate_reference_idx" ON "mandate" ("commune_id", "reference") `);
        await queryRunner.query(`CREATE TABLE "direct_debit_batch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "number" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "collection_date" date NOT NULL, "payment_count" integer NOT NULL, "amount_cents" integer NOT NULL, "file_name" character varying(100) NOT NULL, "file" bytea NOT NULL, CONSTRAINT "direct_debit_batch_amount_check" CHECK ("payment_count" > 0 AND "amount_cents" > 0), CONSTRAINT "PK_3e3b639fee1cab5fa6fb18333a1" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "direct_debit_batch_number_idx" ON "direct_debit_batch" ("commune_id", "number") `);
        await queryRunner.query(`CREATE TABLE "direct_debit_payment" ("payment_id" uuid NOT NULL, "batch_id" uuid NOT NULL, "mandate_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, CONSTRAINT "PK_0568b749e07c33b80b2019ef381" PRIMARY KEY ("payment_id"))`);
        await queryRunner.query(`CREATE INDEX "direct_debit_payment_invoice_idx" ON "direct_debit_payment" ("invoice_id") `);
        await queryRunner.query(`CREATE INDEX "direct_debit_payment_batch_idx" ON "direct_debit_payment" ("batch_id") `);
        await queryRunner.query(`ALTER TABLE "mandate" ADD CONSTRAINT "FK_a3818d679ffec5a539c4f3d6940" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "mandate" ADD CONSTRAINT "FK_2597ba82d08356265535063b0dc" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "direct_debit_batch" ADD CONSTRAINT "FK_6d9f8b9819e928a670fd1d0636b" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" ADD CONSTRAINT "FK_0568b749e07c33b80b2019ef381" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" ADD CONSTRAINT "FK_9a891ffb90fe079a9cbc8a970f8" FOREIGN KEY ("batch_id") REFERENCES "direct_debit_batch"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" ADD CONSTRAINT "FK_6a5fec3d29e37075b84f0022c56" FOREIGN KEY ("mandate_id") REFERENCES "mandate"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" ADD CONSTRAINT "FK_fd0d20049e5fcf50e58f2ab791e" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE FUNCTION mandate_reference_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.reference IS DISTINCT FROM OLD.reference THEN
                RAISE EXCEPTION 'la référence (RUM) d''un mandat ne change jamais' USING ERRCODE = 'check_violation';
              END IF;
              RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER mandate_reference_immutable BEFORE UPDATE OF reference ON "mandate" FOR EACH ROW EXECUTE FUNCTION mandate_reference_immutable()`);
        await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "payment_provider_check"`);
        await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "payment_provider_check" CHECK ("provider" IN ('CASH', 'CHECK', 'TRANSFER', 'CESU', 'SYSTEMPAY', 'PAYLINE', 'DIRECT_DEBIT'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "payment_provider_check"`);
        await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "payment_provider_check" CHECK ("provider" IN ('CASH', 'CHECK', 'TRANSFER', 'CESU', 'SYSTEMPAY', 'PAYLINE'))`);
        await queryRunner.query(`DROP TRIGGER mandate_reference_immutable ON "mandate"`);
        await queryRunner.query(`DROP FUNCTION mandate_reference_immutable()`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" DROP CONSTRAINT "FK_fd0d20049e5fcf50e58f2ab791e"`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" DROP CONSTRAINT "FK_6a5fec3d29e37075b84f0022c56"`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" DROP CONSTRAINT "FK_9a891ffb90fe079a9cbc8a970f8"`);
        await queryRunner.query(`ALTER TABLE "direct_debit_payment" DROP CONSTRAINT "FK_0568b749e07c33b80b2019ef381"`);
        await queryRunner.query(`ALTER TABLE "direct_debit_batch" DROP CONSTRAINT "FK_6d9f8b9819e928a670fd1d0636b"`);
        await queryRunner.query(`ALTER TABLE "mandate" DROP CONSTRAINT "FK_2597ba82d08356265535063b0dc"`);
        await queryRunner.query(`ALTER TABLE "mandate" DROP CONSTRAINT "FK_a3818d679ffec5a539c4f3d6940"`);
        await queryRunner.query(`DROP INDEX "public"."direct_debit_payment_batch_idx"`);
        await queryRunner.query(`DROP INDEX "public"."direct_debit_payment_invoice_idx"`);
        await queryRunner.query(`DROP TABLE "direct_debit_payment"`);
        await queryRunner.query(`DROP INDEX "public"."direct_debit_batch_number_idx"`);
        await queryRunner.query(`DROP TABLE "direct_debit_batch"`);
        await queryRunner.query(`DROP INDEX "public"."mandate_reference_idx"`);
        await queryRunner.query(`DROP INDEX "public"."mandate_active_idx"`);
        await queryRunner.query(`DROP TABLE "mandate"`);
    }
}
