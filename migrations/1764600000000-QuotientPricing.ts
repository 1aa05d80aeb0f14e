import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Tarification sociale (SPEC §2 "Billing"): an activity's price brackets by quotient familial, and
 * the families' quotients with their validity periods. Both tables are new: nothing to carry over.
 */
export class QuotientPricing1764600000000 implements MigrationInterface {
    name = 'QuotientPricing1764600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "activity_price_bracket" ("activity_id" uuid NOT NULL, "position" smallint NOT NULL, "up_to_quotient" integer, "meal_price_cents" integer NOT NULL, CONSTRAINT "activity_price_bracket_numbers_check" CHECK ("position" >= 0 AND "meal_price_cents" >= 0 AND ("up_to_quotient" IS NULL OR "up_to_quotient" >= 0)), CONSTRAINT "PK_905622e39fa0f8efde574e0efe4" PRIMARY KEY ("activity_id", "position"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "activity_price_bracket_one_open_idx" ON "activity_price_bracket" ("activity_id") WHERE "up_to_quotient" IS NULL`);
        await queryRunner.query(`CREATE TABLE "family_quotient" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "family_id" uuid NOT NULL, "quotient" integer NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "family_quotient_period_check" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"), CONSTRAINT "family_quotient_value_check" CHECK ("quotient" >= 0), CONSTRAINT "PK_6cee319715122ddab56aa8d44ce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8306ef9a6a9016a949fa0e674c" ON "family_quotient" ("family_id", "valid_from") `);
        await queryRunner.query(`ALTER TABLE "activity_price_bracket" ADD CONSTRAINT "FK_5f848bf00ddc80fe9a9b00a8bac" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_quotient" ADD CONSTRAINT "FK_6d4276dae6f844a14c30c6c502e" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "family_quotient" DROP CONSTRAINT "FK_6d4276dae6f844a14c30c6c502e"`);
        await queryRunner.query(`ALTER TABLE "activity_price_bracket" DROP CONSTRAINT "FK_5f848bf00ddc80fe9a9b00a8bac"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8306ef9a6a9016a949fa0e674c"`);
        await queryRunner.query(`DROP TABLE "family_quotient"`);
        await queryRunner.query(`DROP INDEX "public"."activity_price_bracket_one_open_idx"`);
        await queryRunner.query(`DROP TABLE "activity_price_bracket"`);
    }

}
