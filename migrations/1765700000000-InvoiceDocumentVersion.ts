import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An invoice's PDF is rendered per version: a number moved with every change of its state or money
 * (the stored PDF is dropped in the same statement). A state and amounts can come back (a refused
 * card payment, then another try): a version number never does, so a render job is never mistaken
 * for one the queue already ran.
 */
export class InvoiceDocumentVersion1765700000000 implements MigrationInterface {
    name = 'InvoiceDocumentVersion1765700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "invoice" ADD "document_version" integer NOT NULL DEFAULT '1'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "invoice" DROP COLUMN "document_version"`);
    }
}
