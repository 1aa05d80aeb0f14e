import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * ADMIN deactivate and reactivate staff accounts (SPEC §2 "Accounts"): a deactivated account cannot
 * log in and its sessions end. Every existing account stays active.
 */
export class StaffAccountActive1765500000000 implements MigrationInterface {
    name = 'StaffAccountActive1765500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "account" ADD "active" boolean NOT NULL DEFAULT true`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "active"`);
    }
}
