import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Several communes in the browser (SPEC §2 "Communes"): the host names a commune declares, so that a
 * browser at `cantine.ville.fr` speaks for that commune without `?domaine=`. One host, one commune.
 */
export class CommuneHosts1765300000000 implements MigrationInterface {
    name = 'CommuneHosts1765300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "commune_host" ("host" character varying(253) NOT NULL, "commune_id" uuid NOT NULL, CONSTRAINT "commune_host_lower_check" CHECK ("host" = lower("host")), CONSTRAINT "PK_77d4a60d10b28fd2b32b79e6a71" PRIMARY KEY ("host"))`);
        await queryRunner.query(`CREATE INDEX "IDX_28ac83b66a89b48187e10878e9" ON "commune_host" ("commune_id") `);
        await queryRunner.query(`ALTER TABLE "commune_host" ADD CONSTRAINT "FK_28ac83b66a89b48187e10878e9d" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "commune_host" DROP CONSTRAINT "FK_28ac83b66a89b48187e10878e9d"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_28ac83b66a89b48187e10878e9"`);
        await queryRunner.query(`DROP TABLE "commune_host"`);
    }
}
