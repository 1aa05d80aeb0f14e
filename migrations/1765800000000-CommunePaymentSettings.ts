import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Each commune its own régie (SPEC §2 "Communes"): its online payment provider and credentials, its
 * SEPA creditor identity and its Hélios identifiers. The Systempay key and the IBAN are stored
 * encrypted (text). A commune without a row keeps the deployment's SYSTEMPAY_* settings.
 */
export class CommunePaymentSettings1765800000000 implements MigrationInterface {
    name = 'CommunePaymentSettings1765800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "commune_payment_settings" ("commune_id" uuid NOT NULL, "online_provider" character varying(16) NOT NULL, "mode" character varying(16) NOT NULL, "systempay_site_id" character varying(8), "systempay_key" text, "payfip_client_number" character varying(6), "sepa_creditor_id" character varying(35), "sepa_creditor_name" character varying(70), "sepa_iban" text, "sepa_bic" character varying(11), "helios_id_post" character varying(7), "helios_id_coll" character varying(14), "helios_cod_col" character varying(3), "helios_cod_bud" character varying(2), "helios_cod_prod_loc" character varying(4), "helios_nature" character varying(12), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "commune_payment_settings_mode_check" CHECK ("mode" IN ('TEST', 'PRODUCTION')), CONSTRAINT "commune_payment_settings_provider_check" CHECK ("online_provider" IN ('NONE', 'SYSTEMPAY', 'PAYFIP')), CONSTRAINT "PK_93ebdf7b82c39bbafaa0c33a9c8" PRIMARY KEY ("commune_id"))`);
        await queryRunner.query(`ALTER TABLE "commune_payment_settings" ADD CONSTRAINT "FK_93ebdf7b82c39bbafaa0c33a9c8" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "commune_payment_settings" DROP CONSTRAINT "FK_93ebdf7b82c39bbafaa0c33a9c8"`);
        await queryRunner.query(`DROP TABLE "commune_payment_settings"`);
    }
}
