import { MigrationInterface, QueryRunner } from "typeorm";

export class SlidingRateLimits1764417600000 implements MigrationInterface {
    name = 'SlidingRateLimits1764417600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "rate_limit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" character varying(300) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_60fa25f3bfa9b81d647443f9022" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_34e53041cfa25a59f15588f96d" ON "rate_limit_event" ("key", "at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_34e53041cfa25a59f15588f96d"`);
        await queryRunner.query(`DROP TABLE "rate_limit_event"`);
    }

}
