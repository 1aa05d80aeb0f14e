import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The demo data finds its children again by a stable key, not by name (a family may rename its
 * child): `seed_key`, unique in the family, null for every child a family or staff added. Children
 * already loaded get their key from the seeder the next time it runs.
 */
export class ChildSeedKey1765500100000 implements MigrationInterface {
    name = 'ChildSeedKey1765500100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "child" ADD "seed_key" character varying(40)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "child_seed_key_idx" ON "child" ("family_id", "seed_key") WHERE "seed_key" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."child_seed_key_idx"`);
        await queryRunner.query(`ALTER TABLE "child" DROP COLUMN "seed_key"`);
    }
}
