import { MigrationInterface, QueryRunner } from "typeorm";

export class ChildrenActivitiesRegistrations1764201600000 implements MigrationInterface {
    name = 'ChildrenActivitiesRegistrations1764201600000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "establishment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "address" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_149bd9dc1f2bd4e825a0c474932" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_38b36f1f65883b69bb2d011c35" ON "establishment" ("commune_id", "name") `);
        await queryRunner.query(`CREATE TABLE "activity" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "establishment_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "school_year" character varying(20) NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "weekdays" smallint array NOT NULL, "booking_opens_on" date, "booking_closes_on" date NOT NULL, "modification_lead_days" integer NOT NULL, "daily_capacity" integer NOT NULL, "meal_price_cents" integer NOT NULL, "auto_accept" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "activity_numbers_check" CHECK ("daily_capacity" >= 0 AND "meal_price_cents" >= 0 AND "modification_lead_days" >= 0), CONSTRAINT "activity_dates_check" CHECK ("end_date" >= "start_date"), CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_000f0866bacb85acccbc2d8f72" ON "activity" ("commune_id", "start_date") `);
        await queryRunner.query(`CREATE TABLE "activity_closure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "activity_id" uuid NOT NULL, "from_date" date NOT NULL, "to_date" date NOT NULL, "label" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "activity_closure_dates_check" CHECK ("to_date" >= "from_date"), CONSTRAINT "PK_630b5f2522a88650e1feeb7f0cb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_87ccec34f94c8827952ef92321" ON "activity_closure" ("activity_id", "from_date") `);
        await queryRunner.query(`CREATE TABLE "activity_day" ("activity_id" uuid NOT NULL, "date" date NOT NULL, "capacity_override" integer, "capacity" integer NOT NULL, "booked" integer NOT NULL DEFAULT '0', "held" integer NOT NULL DEFAULT '0', CONSTRAINT "activity_day_within_capacity_check" CHECK ("booked" + "held" <= "capacity"), CONSTRAINT "activity_day_capacity_check" CHECK ("capacity_override" IS NULL OR "capacity_override" >= 0), CONSTRAINT "activity_day_counts_check" CHECK ("booked" >= 0 AND "held" >= 0), CONSTRAINT "PK_15478f110d16375bbd024d4c9df" PRIMARY KEY ("activity_id", "date"))`);
        await queryRunner.query(`CREATE TABLE "child" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid NOT NULL, "first_name" character varying(100) NOT NULL, "last_name" character varying(100) NOT NULL, "birth_date" date NOT NULL, "school" character varying(200), "grade" character varying(50), "diet" character varying(12) NOT NULL DEFAULT 'STANDARD', "allergies_encrypted" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "child_diet_check" CHECK ("diet" IN ('STANDARD', 'NO_PORK', 'VEGETARIAN', 'NO_MEAT')), CONSTRAINT "PK_4609b9b323ca37c6bc435ec4b6b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_368b152500949cbf3639c50b24" ON "child" ("commune_id", "last_name", "first_name") `);
        await queryRunner.query(`CREATE INDEX "IDX_562a8ea1e95a9135d0a550fd8d" ON "child" ("family_id") `);
        await queryRunner.query(`CREATE TABLE "registration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid NOT NULL, "child_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "state" character varying(10) NOT NULL, "reason" character varying(500), "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "registration_state_check" CHECK ("state" IN ('PENDING', 'ACCEPTED', 'REFUSED')), CONSTRAINT "PK_cb23dc9d28df8801b15e9e2b8d6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_7db5781208f36728fa560f163e" ON "registration" ("activity_id", "state") `);
        await queryRunner.query(`CREATE INDEX "IDX_2effc64366a61bd6bd7def46ff" ON "registration" ("family_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fddf725c9a20ae39adc4852373" ON "registration" ("child_id", "activity_id") `);
        await queryRunner.query(`ALTER TABLE "activity" ADD CONSTRAINT "FK_709b3090036c279370c207cff0e" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "activity" ADD CONSTRAINT "FK_2d30e0c2e95f0ae85e06d880d65" FOREIGN KEY ("establishment_id") REFERENCES "establishment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "activity_closure" ADD CONSTRAINT "FK_0354f88e741c3bd9b5dec1568d9" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "activity_day" ADD CONSTRAINT "FK_fc671697b8ddff7afd59a0fcb4b" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "child" ADD CONSTRAINT "FK_562a8ea1e95a9135d0a550fd8d1" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "registration" ADD CONSTRAINT "FK_aaf52252597304c648ddcdc97f8" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "registration" ADD CONSTRAINT "FK_bceaf7cd02c4cec867a0b54cc36" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "FK_bceaf7cd02c4cec867a0b54cc36"`);
        await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "FK_aaf52252597304c648ddcdc97f8"`);
        await queryRunner.query(`ALTER TABLE "child" DROP CONSTRAINT "FK_562a8ea1e95a9135d0a550fd8d1"`);
        await queryRunner.query(`ALTER TABLE "activity_day" DROP CONSTRAINT "FK_fc671697b8ddff7afd59a0fcb4b"`);
        await queryRunner.query(`ALTER TABLE "activity_closure" DROP CONSTRAINT "FK_0354f88e741c3bd9b5dec1568d9"`);
        await queryRunner.query(`ALTER TABLE "activity" DROP CONSTRAINT "FK_2d30e0c2e95f0ae85e06d880d65"`);
        await queryRunner.query(`ALTER TABLE "activity" DROP CONSTRAINT "FK_709b3090036c279370c207cff0e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fddf725c9a20ae39adc4852373"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2effc64366a61bd6bd7def46ff"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_7db5781208f36728fa560f163e"`);
        await queryRunner.query(`DROP TABLE "registration"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_562a8ea1e95a9135d0a550fd8d"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_368b152500949cbf3639c50b24"`);
        await queryRunner.query(`DROP TABLE "child"`);
        await queryRunner.query(`DROP TABLE "activity_day"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_87ccec34f94c8827952ef92321"`);
        await queryRunner.query(`DROP TABLE "activity_closure"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_000f0866bacb85acccbc2d8f72"`);
        await queryRunner.query(`DROP TABLE "activity"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_38b36f1f65883b69bb2d011c35"`);
        await queryRunner.query(`DROP TABLE "establishment"`);
    }

}
