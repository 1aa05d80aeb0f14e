import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * PayFiP (SPEC "The Trésor Public: PayFiP…"): a payment made through PayFiP keeps the `idOp` the
 * DGFiP's `creerPaiementSecurise` answered, by which its notification finds it (unique); payments
 * gain the provider PAYFIP.
 */
export class PayfipIdOp1765800300000 implements MigrationInterface {
    name = 'PayfipIdOp1765800300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payment" ADD "payfip_id_op" character varying(64)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "payment_payfip_id_op_idx" ON "payment" ("payfip_id_op") WHERE "payfip_id_op" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "payment_provider_check"`);
        await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "payment_provider_check" CHECK ("provider" IN ('CASH', 'CHECK', 'TRANSFER', 'CESU', 'SYSTEMPAY', 'PAYLINE', 'DIRECT_DEBIT', 'PAYFIP'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "payment" DROP CONSTRAINT "payment_provider_check"`);
        await queryRunner.query(`ALTER TABLE "payment" ADD CONSTRAINT "payment_provider_check" CHECK ("provider" IN ('CASH', 'CHECK', 'TRANSFER', 'CESU', 'SYSTEMPAY', 'PAYLINE', 'DIRECT_DEBIT'))`);
        await queryRunner.query(`DROP INDEX "payment_payfip_id_op_idx"`);
        await queryRunner.query(`ALTER TABLE "payment" DROP COLUMN "payfip_id_op"`);
    }
}
