import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Offline payments keep what identifies them at the régie (SPEC §2 "Payments"): a cheque's number
 * and bank, a transfer's or CESU's reference. Null for online payments and for those recorded before.
 */
export class PaymentReference1765500200000 implements MigrationInterface {
    name = 'PaymentReference1765500200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payment" ADD "reference" character varying(40)`);
        await queryRunner.query(`ALTER TABLE "payment" ADD "issuer" character varying(100)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "issuer"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "reference"`);
    }
}
