import { MigrationInterface, QueryRunner } from "typeorm";

/** The fixed-window counters of the first releases: nothing writes them since SlidingRateLimits. */
export class DropRateLimitCounter1764500000000 implements MigrationInterface {
    name = 'DropRateLimitCounter1764500000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "rate_limit_counter"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "rate_limit_counter" ("key" character varying(300) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ebe8d4cd94f7816b2455101405e" PRIMARY KEY ("key", "window_start"))`);
    }

}
