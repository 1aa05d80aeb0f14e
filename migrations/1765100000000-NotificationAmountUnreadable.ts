import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A signed notification whose amount is not plain digits within bounds (`99999999999`, `23727.0`,
 * `0x5caf`) is recorded as a MISMATCH with no amount, instead of failing (and the bank retrying forever).
 */
export class NotificationAmountUnreadable1765100000000 implements MigrationInterface {
    name = 'NotificationAmountUnreadable1765100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payment_notification" ALTER COLUMN "amount_cents" DROP NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "payment_notification" WHERE "amount_cents" IS NULL`);
        await queryRunner.query(`ALTER TABLE "payment_notification" ALTER COLUMN "amount_cents" SET NOT NULL`);
    }
}
