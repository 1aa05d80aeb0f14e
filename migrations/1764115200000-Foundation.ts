import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1764115200000 implements MigrationInterface {
    name = 'Foundation1764115200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "commune" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "address" character varying(300) NOT NULL, "postal_code" character varying(10) NOT NULL, "city" character varying(120) NOT NULL, "phone" character varying(40) NOT NULL, "email" character varying(254), "timezone" character varying(64) NOT NULL DEFAULT 'Europe/Paris', "public_url" character varying(500) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c7da656431051b5e8b730945285" UNIQUE ("code"), CONSTRAINT "PK_bc512eb8412b43c9dc6e2c9e683" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "family" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba386a5a59c3de8593cda4e5626" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_04ffd9a987186efc4085366cc5" ON "family" ("commune_id", "name") `);
        await queryRunner.query(`CREATE TABLE "account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid NOT NULL, "family_id" uuid, "login" character varying(100) NOT NULL, "email" character varying(254) NOT NULL, "email_verified" boolean NOT NULL DEFAULT false, "role" character varying(10) NOT NULL, "first_name" character varying(100) NOT NULL, "last_name" character varying(100) NOT NULL, "phone" character varying(40), "address" character varying(300), "password_hash" character varying(100), "activated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_family_role_check" CHECK (("role" = 'FAMILY') = ("family_id" IS NOT NULL)), CONSTRAINT "account_role_check" CHECK ("role" IN ('FAMILY', 'STAFF', 'ADMIN')), CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a66a0f13ecb49b5f7d04bbbb75" ON "account" ("family_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cb4fd07ee6e4e5bbde98a6a63e" ON "account" ("commune_id", "email") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e08d2751ce4b47f72884ec7bb1" ON "account" ("commune_id", "login") `);
        await queryRunner.query(`CREATE TABLE "account_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "purpose" character varying(20) NOT NULL, "token_hash" character varying(64) NOT NULL, "new_email" character varying(254), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_token_purpose_check" CHECK ("purpose" IN ('ACTIVATION', 'PASSWORD_RESET', 'EMAIL_CHANGE')), CONSTRAINT "PK_a55842d3341d42534e39f85e931" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_f7da95d0844aa751d562d730fe" ON "account_token" ("account_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_afb41d941d437f47a0d75373f8" ON "account_token" ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "rate_limit_counter" ("key" character varying(300) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ebe8d4cd94f7816b2455101405e" PRIMARY KEY ("key", "window_start"))`);
        await queryRunner.query(`CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "refresh_token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "ip" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "refreshed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_fae5a6b4a57f098e9af8520d49" ON "session" ("account_id") `);
        await queryRunner.query(`CREATE TABLE "mail_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "commune_id" uuid, "to_address" character varying(254) NOT NULL, "template" character varying(60) NOT NULL, "subject" character varying(300) NOT NULL, "html" text, "text" text, "dedupe_key" character varying(200), "status" character varying(10) NOT NULL DEFAULT 'QUEUED', "attempts" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "mail_message_status_check" CHECK ("status" IN ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'DEAD')), CONSTRAINT "PK_d23285093ea237bc7632d4fcce9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2fb17c41f790e6928f2ff53662" ON "mail_message" ("dedupe_key") `);
        await queryRunner.query(`CREATE INDEX "IDX_a6ea0695cd2d21f5a375ad459c" ON "mail_message" ("status", "created_at") `);
        await queryRunner.query(`ALTER TABLE "family" ADD CONSTRAINT "FK_f5d11a66969dfb539abe9bd0daf" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account" ADD CONSTRAINT "FK_6dd6e3917ad4fc9906032d7be47" FOREIGN KEY ("commune_id") REFERENCES "commune"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account" ADD CONSTRAINT "FK_a66a0f13ecb49b5f7d04bbbb75f" FOREIGN KEY ("family_id") REFERENCES "family"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "account_token" ADD CONSTRAINT "FK_f7da95d0844aa751d562d730fed" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session" ADD CONSTRAINT "FK_fae5a6b4a57f098e9af8520d499" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_fae5a6b4a57f098e9af8520d499"`);
        await queryRunner.query(`ALTER TABLE "account_token" DROP CONSTRAINT "FK_f7da95d0844aa751d562d730fed"`);
        await queryRunner.query(`ALTER TABLE "account" DROP CONSTRAINT "FK_a66a0f13ecb49b5f7d04bbbb75f"`);
        await queryRunner.query(`ALTER TABLE "account" DROP CONSTRAINT "FK_6dd6e3917ad4fc9906032d7be47"`);
        await queryRunner.query(`ALTER TABLE "family" DROP CONSTRAINT "FK_f5d11a66969dfb539abe9bd0daf"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a6ea0695cd2d21f5a375ad459c"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2fb17c41f790e6928f2ff53662"`);
        await queryRunner.query(`DROP TABLE "mail_message"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fae5a6b4a57f098e9af8520d49"`);
        await queryRunner.query(`DROP TABLE "session"`);
        await queryRunner.query(`DROP TABLE "rate_limit_counter"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_afb41d941d437f47a0d75373f8"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_f7da95d0844aa751d562d730fe"`);
        await queryRunner.query(`DROP TABLE "account_token"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_e08d2751ce4b47f72884ec7bb1"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_cb4fd07ee6e4e5bbde98a6a63e"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a66a0f13ecb49b5f7d04bbbb75"`);
        await queryRunner.query(`DROP TABLE "account"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_04ffd9a987186efc4085366cc5"`);
        await queryRunner.query(`DROP TABLE "family"`);
        await queryRunner.query(`DROP TABLE "commune"`);
    }

}
