import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Online payments (SPEC §2 "Payments"): a payment remembers the bank's transaction (site, UTC day,
 * transaction id — unique together: a notification finds its payment by them), its expiry and a
 * flag for staff; the transaction ids' per-site, per-day counter; the trail of bank notifications;
 * a family credit can come from a payment. Existing payments (offline, imported) keep NULLs.
 */
export class OnlinePayments1764800000000 implements MigrationInterface {
    name = 'OnlinePayments1764800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "payment_transaction_counter" ("site_id" character varying(32) NOT NULL, "day" date NOT NULL, "value" integer NOT NULL, CONSTRAINT "payment_transaction_counter_range_check" CHECK ("value" >= 0 AND "value" < 900000), CONSTRAINT "PK_0ed2d6e2926fefc849266505260" PRIMARY KEY ("site_id", "day"))`);
        await queryRunner.query(`CREATE TABLE "payment_notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "payment_id" uuid, "provider" character varying(32) NOT NULL, "site_id" character varying(32) NOT NULL, "trans_date" character varying(14) NOT NULL, "trans_id" character varying(6) NOT NULL, "order_id" character varying(32) NOT NULL, "amount_cents" integer NOT NULL, "currency" character varying(3) NOT NULL, "status" character varying(32) NOT NULL, "source" character varying(16), "outcome" character varying(20) NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ae851104ce3761a083209783d81" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_3e29def42dd2ab2b15ee32c495" ON "payment_notification" ("payment_id", "received_at") `);
        await queryRunner.query(`ALTER TABLE "payment" ADD "site_id" character varying(32)`);
        await queryRunner.query(`ALTER TABLE "payment" ADD "trans_day" date`);
        await queryRunner.query(`ALTER TABLE "payment" ADD "trans_id" character varying(6)`);
        await queryRunner.query(`ALTER TABLE "payment" ADD "trans_date" character varying(14)`);
        await queryRunner.query(`ALTER TABLE "payment" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "payment" ADD "flag" character varying(300)`);
        await queryRunner.query(`ALTER TABLE "payment" ADD "settled_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "family_credit" ADD "payment_id" uuid`);
        await queryRunner.query(`CREATE INDEX "payment_pending_idx" ON "payment" ("expires_at") WHERE "state" = 'PENDING'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "payment_transaction_idx" ON "payment" ("site_id", "trans_day", "trans_id") WHERE "trans_id" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "payment_notification" ADD CONSTRAINT "FK_be4df3133dfcfbfd712d09a5fed" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_credit" ADD CONSTRAINT "FK_ae414254a39164f98e44fc2a80a" FOREIGN KEY ("payment_id") REFERENCES "payment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "family_credit" DROP CONSTRAINT "FK_ae414254a39164f98e44fc2a80a"`);
        await queryRunner.query(`ALTER TABLE "payment_notification" DROP CONSTRAINT "FK_be4df3133dfcfbfd712d09a5fed"`);
        await queryRunner.query(`DROP INDEX "public"."payment_transaction_idx"`);
        await queryRunner.query(`DROP INDEX "public"."payment_pending_idx"`);
        await queryRunner.query(`ALTER TABLE "family_credit" DROP COLUMN "payment_id"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "settled_at"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "flag"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "expires_at"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "trans_date"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "trans_id"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "trans_day"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "site_id"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3e29def42dd2ab2b15ee32c495"`);
        await queryRunner.query(`DROP TABLE "payment_notification"`);
        await queryRunner.query(`DROP TABLE "payment_transaction_counter"`);
    }

}
