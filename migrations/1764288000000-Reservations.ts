import { MigrationInterface, QueryRunner } from "typeorm";

export class Reservations1764288000000 implements MigrationInterface {
    name = 'Reservations1764288000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reservation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid NOT NULL, "child_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "number" integer NOT NULL, "month" character varying(7) NOT NULL, "first_date" date NOT NULL, "last_date" date NOT NULL, "state" character varying(10) NOT NULL, "idempotency_key" character varying(100), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reservation_dates_check" CHECK ("last_date" >= "first_date"), CONSTRAINT "reservation_state_check" CHECK ("state" IN ('PENDING', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'PARTIAL')), CONSTRAINT "PK_48b1f9922368359ab88e8bfa525" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_df0044969690f60ea627e883eb" ON "reservation" ("commune_id", "activity_id", "state") `);
        await queryRunner.query(`CREATE INDEX "IDX_8793230b36b456dbc30ac0cca7" ON "reservation" ("family_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_22be54d2b57fbe47152ed07c73" ON "reservation" ("family_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b332b2e504a18d0ba198d4b5b4" ON "reservation" ("commune_id", "number") `);
        await queryRunner.query(`CREATE TABLE "reservation_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reservation_id" uuid NOT NULL, "child_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "date" date NOT NULL, "kind" character varying(6) NOT NULL, "state" character varying(10) NOT NULL, "reason" character varying(500), "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "reservation_line_state_check" CHECK ("state" IN ('REQUESTED', 'PENDING', 'ACCEPTED', 'REFUSED', 'NO_PLACE', 'WITHDRAWN')), CONSTRAINT "reservation_line_kind_check" CHECK ("kind" IN ('BOOK', 'CANCEL')), CONSTRAINT "PK_6e0b713951075f12276b9162855" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_3acb62451b96c7aa6a735badc9" ON "reservation_line" ("activity_id", "date", "state") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8d1859b7da61b800a68f5ebaa1" ON "reservation_line" ("reservation_id", "date") `);
        await queryRunner.query(`CREATE TABLE "presence" ("child_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "date" date NOT NULL, "family_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "line_id" uuid NOT NULL, "invoice_id" uuid, CONSTRAINT "presence_status_check" CHECK ("status" IN ('REQUESTED', 'PENDING', 'BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING', 'CANCELLED', 'NO_PLACE', 'REFUSED')), CONSTRAINT "PK_047556055e3f7a87601659eef5f" PRIMARY KEY ("child_id", "activity_id", "date"))`);
        await queryRunner.query(`CREATE INDEX "IDX_fe7dba0389e0140d1ecf1b64d0" ON "presence" ("line_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_ee1bca352d20e693e77671f971" ON "presence" ("activity_id", "date", "status") `);
        await queryRunner.query(`CREATE TABLE "commune_counter" ("commune_id" uuid NOT NULL, "name" character varying(40) NOT NULL, "value" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_46483bccd1d3b13c709df968c9b" PRIMARY KEY ("commune_id", "name"))`);
        await queryRunner.query(`CREATE INDEX "reservation_line_requested_idx" ON "reservation_line" ("reservation_id") WHERE "state" = 'REQUESTED'`);
        await queryRunner.query(`ALTER TABLE "reservation" ADD CONSTRAINT "FK_c736612ccff6c511c19d7900920" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reservation" ADD CONSTRAINT "FK_afeb29fd7bcdb7839e132edcae6" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reservation" ADD CONSTRAINT "FK_2bdb69ea3cf51d60615b189c505" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reservation" ADD CONSTRAINT "FK_13097ff5477d23c7494e881eafd" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reservation_line" ADD CONSTRAINT "FK_c16d3b13c06efad3941a06e9072" FOREIGN KEY ("reservation_id") REFERENCES "reservation"("id") ON DELETE CASCADE ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`);
        await queryRunner.query(`ALTER TABLE "presence" ADD CONSTRAINT "FK_7e27ff85cbb21be6289d3eb96a0" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "presence" ADD CONSTRAINT "FK_d4d59c0ebc5b6dbe7b7096df233" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "presence" ADD CONSTRAINT "FK_fe7dba0389e0140d1ecf1b64d07" FOREIGN KEY ("line_id") REFERENCES "reservation_line"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "commune_counter" ADD CONSTRAINT "FK_02deafa860f79123587cf97b609" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "commune_counter" DROP CONSTRAINT "FK_02deafa860f79123587cf97b609"`);
        await queryRunner.query(`ALTER TABLE "presence" DROP CONSTRAINT "FK_fe7dba0389e0140d1ecf1b64d07"`);
        await queryRunner.query(`ALTER TABLE "presence" DROP CONSTRAINT "FK_d4d59c0ebc5b6dbe7b7096df233"`);
        await queryRunner.query(`ALTER TABLE "presence" DROP CONSTRAINT "FK_7e27ff85cbb21be6289d3eb96a0"`);
        await queryRunner.query(`ALTER TABLE "reservation_line" DROP CONSTRAINT "FK_c16d3b13c06efad3941a06e9072"`);
        await queryRunner.query(`ALTER TABLE "reservation" DROP CONSTRAINT "FK_13097ff5477d23c7494e881eafd"`);
        await queryRunner.query(`ALTER TABLE "reservation" DROP CONSTRAINT "FK_2bdb69ea3cf51d60615b189c505"`);
        await queryRunner.query(`ALTER TABLE "reservation" DROP CONSTRAINT "FK_afeb29fd7bcdb7839e132edcae6"`);
        await queryRunner.query(`ALTER TABLE "reservation" DROP CONSTRAINT "FK_c736612ccff6c511c19d7900920"`);
        await queryRunner.query(`DROP TABLE "commune_counter"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_ee1bca352d20e693e77671f971"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fe7dba0389e0140d1ecf1b64d0"`);
        await queryRunner.query(`DROP TABLE "presence"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8d1859b7da61b800a68f5ebaa1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3acb62451b96c7aa6a735badc9"`);
        await queryRunner.query(`DROP INDEX "public"."reservation_line_requested_idx"`);
        await queryRunner.query(`DROP TABLE "reservation_line"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b332b2e504a18d0ba198d4b5b4"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_22be54d2b57fbe47152ed07c73"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_8793230b36b456dbc30ac0cca7"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_df0044969690f60ea627e883eb"`);
        await queryRunner.query(`DROP TABLE "reservation"`);
    }

}
