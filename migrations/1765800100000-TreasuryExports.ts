import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Exports of titles to the Trésor Public (PES V2 files, issue 18): the export, numbered per commune,
 * with its file; and what went out in it (an invoice as a title, a credit note as the reduction of
 * its title), each once.
 */
export class TreasuryExports1765800100000 implements MigrationInterface {
    name = 'TreasuryExports1765800100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "treasury_export" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "number" integer NOT NULL, "up_to" date NOT NULL, "invoice_count" integer NOT NULL, "credit_note_count" integer NOT NULL, "amount_cents" integer NOT NULL, "file_name" character varying(100) NOT NULL, "file" bytea NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "treasury_export_counts_check" CHECK ("invoice_count" >= 0 AND "credit_note_count" >= 0 AND "invoice_count" + "credit_note_count" > 0), CONSTRAINT "PK_3d2c288cb59bb0de487f594a2e0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a9f02584e40c3e2579330b0a93" ON "treasury_export" ("commune_id", "number") `);
        await queryRunner.query(`CREATE TABLE "treasury_export_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "export_id" uuid NOT NULL, "invoice_id" uuid, "credit_note_id" uuid, "exercice" smallint NOT NULL, "piece_number" integer NOT NULL, CONSTRAINT "treasury_export_item_one_check" CHECK (("invoice_id" IS NULL) <> ("credit_note_id" IS NULL)), CONSTRAINT "PK_5b1828f9bd75c2af34ff123bba9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6ded95d610d007b3b989108b26" ON "treasury_export_item" ("credit_note_id") WHERE "credit_note_id" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fc6889b395351b276d72ffc80c" ON "treasury_export_item" ("invoice_id") WHERE "invoice_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_34bb41a92ba2a9e3b62881197b" ON "treasury_export_item" ("export_id") `);
        await queryRunner.query(`ALTER TABLE "treasury_export" ADD CONSTRAINT "FK_443af0211bdc65e183b1e996262" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "treasury_export_item" ADD CONSTRAINT "FK_34bb41a92ba2a9e3b62881197bc" FOREIGN KEY ("export_id") REFERENCES "treasury_export"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "treasury_export_item" ADD CONSTRAINT "FK_e388fcf110b8673d6e9b1aee704" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "treasury_export_item" ADD CONSTRAINT "FK_68bd185c51a1e0d9982d9eb698d" FOREIGN KEY ("credit_note_id") REFERENCES "credit_note"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "treasury_export_item" DROP CONSTRAINT "FK_68bd185c51a1e0d9982d9eb698d"`);
        await queryRunner.query(`ALTER TABLE "treasury_export_item" DROP CONSTRAINT "FK_e388fcf110b8673d6e9b1aee704"`);
        await queryRunner.query(`ALTER TABLE "treasury_export_item" DROP CONSTRAINT "FK_34bb41a92ba2a9e3b62881197bc"`);
        await queryRunner.query(`ALTER TABLE "treasury_export" DROP CONSTRAINT "FK_443af0211bdc65e183b1e996262"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_34bb41a92ba2a9e3b62881197b"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fc6889b395351b276d72ffc80c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_6ded95d610d007b3b989108b26"`);
        await queryRunner.query(`DROP TABLE "treasury_export_item"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a9f02584e40c3e2579330b0a93"`);
        await queryRunner.query(`DROP TABLE "treasury_export"`);
    }

}
