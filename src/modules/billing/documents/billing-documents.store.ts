import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../../database/unit-of-work';
import { BillingDocumentEntity } from '../billing-document.entity';
import { InvoiceEntity } from '../invoice.entity';

/**
 * A render job per version of a document, so that a PDF dropped by a change is rendered again (a
 * queue ignores a job id it still keeps). An invoice's version is its `documentVersion`, moved with
 * every change of its state or money (a state and amounts can come back: a number never does). Credit
 * notes never change.
 */
export const documentVersion = (i: Pick<InvoiceEntity, 'documentVersion'>) => `v${i.documentVersion}`;
export const CREDIT_NOTE_VERSION = 'v1';

/** The rendered PDFs of invoices and credit notes (`billing_document`). */
@Injectable()
export class BillingDocumentsStore {
  async document(db: Db, id: string): Promise<Buffer | null> {
    const row = await db.manager.findOne(BillingDocumentEntity, { where: { id }, select: { id: true, pdf: true } });
    return row?.pdf ?? null;
  }

  async hasDocument(db: Db, id: string): Promise<boolean> {
    return db.manager.existsBy(BillingDocumentEntity, { id });
  }

  /**
   * Stores a rendering; a second one (two workers) keeps the first. An invoice's is stored only if
   * the invoice still is as rendered (`as`): a payment or a credit that landed meanwhile leaves
   * nothing stale behind.
   */
  async saveDocument(tx: Tx, id: string, kind: 'INVOICE' | 'CREDIT_NOTE', pdf: Buffer, as?: Pick<InvoiceEntity, 'documentVersion'>): Promise<void> {
    await tx.manager.query(
      `INSERT INTO billing_document (id, kind, pdf)
       SELECT $1, $2, $3 WHERE $4::integer IS NULL
          OR EXISTS (SELECT 1 FROM invoice WHERE id = $1 AND document_version = $4)
       ON CONFLICT (id) DO NOTHING`,
      [id, kind, pdf, as?.documentVersion ?? null],
    );
  }

  /** Invoices and credit notes with no PDF yet, with the version to render (`documentVersion`), for the sweeper. */
  async withoutDocument(db: Db, limit: number): Promise<Array<{ id: string; kind: 'INVOICE' | 'CREDIT_NOTE'; version: string }>> {
    return (await db.manager.query(
      `SELECT id, 'INVOICE' AS kind, 'v' || document_version AS version FROM invoice i
         WHERE NOT EXISTS (SELECT 1 FROM billing_document d WHERE d.id = i.id) AND i.created_at < now() - interval '1 minute'
       UNION ALL
       SELECT id, 'CREDIT_NOTE', '${CREDIT_NOTE_VERSION}' FROM credit_note c WHERE NOT EXISTS (SELECT 1 FROM billing_document d WHERE d.id = c.id) AND c.created_at < now() - interval '1 minute'
       LIMIT $1`,
      [limit],
    )) as Array<{ id: string; kind: 'INVOICE' | 'CREDIT_NOTE'; version: string }>;
  }
}
