import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 16, "money a reader can check":
 * - `payment.reason`: why a payment did not go through, in French, null for a validated or pending
 *   one. Existing refused or cancelled payments get theirs from the last bank notification applied
 *   to them; a cancelled one with none was expired by us (« Délai de paiement dépassé »).
 * - Billing runs may be started by the app itself for days booked after their month was billed
 *   (`CATCH_UP`): at most one waits per commune and month (unique index on the QUEUED ones).
 */
export class PaymentReasonAndCatchUpRuns1765200000000 implements MigrationInterface {
    name = 'PaymentReasonAndCatchUpRuns1765200000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payment" ADD "reason" character varying(120)`);
        await queryRunner.query(`
            UPDATE "payment" p SET "reason" = CASE COALESCE(
                (SELECT n."status" FROM "payment_notification" n WHERE n."payment_id" = p."id" AND n."outcome" = 'APPLIED' ORDER BY n."received_at" DESC LIMIT 1),
                CASE WHEN p."state" = 'REFUSED' THEN 'REFUSED' ELSE 'EXPIRED' END)
              WHEN 'REFUSED' THEN 'Paiement refusé par la banque'
              WHEN 'ABANDONED' THEN 'Paiement abandonné'
              WHEN 'CANCELLED' THEN 'Paiement annulé'
              ELSE 'Délai de paiement dépassé' END
            WHERE p."state" IN ('REFUSED', 'CANCELLED')`);
        await queryRunner.query(`ALTER TABLE "billing_run" DROP CONSTRAINT "billing_run_trigger_check"`);
        await queryRunner.query(`ALTER TABLE "billing_run" ADD CONSTRAINT "billing_run_trigger_check" CHECK ("trigger" IN ('STAFF', 'SCHEDULED', 'CATCH_UP'))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "billing_run_catch_up_queued_idx" ON "billing_run" ("commune_id", "month") WHERE "trigger" = 'CATCH_UP' AND "state" = 'QUEUED'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."billing_run_catch_up_queued_idx"`);
        await queryRunner.query(`UPDATE "billing_run" SET "trigger" = 'STAFF' WHERE "trigger" = 'CATCH_UP'`);
        await queryRunner.query(`ALTER TABLE "billing_run" DROP CONSTRAINT "billing_run_trigger_check"`);
        await queryRunner.query(`ALTER TABLE "billing_run" ADD CONSTRAINT "billing_run_trigger_check" CHECK ("trigger" IN ('STAFF', 'SCHEDULED'))`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "reason"`);
    }
}
