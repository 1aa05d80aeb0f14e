import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../../database/unit-of-work';
import { BillingDocumentEntity } from '../billing-document.entity';
import { InvoiceEntity } from '../invoice.entity';

/**
 * What an invoice's PDF shows that can change (its state and amounts): a render job per version, so
 * a PDF dropped by a change is rendered again (a queue ignores a job id it still keeps). Credit
 * notes never change.
 */
export const documentVersion = (i: Pick<InvoiceEntity, 'state' | 'paidCents' | 'creditedCents'>) => `${i.state}-${i.paidCents}-${i.creditedCents}`;
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
  async saveDocument(tx: Tx, id: string, kind: 'INVOICE' | 'CREDIT_NOTE', pdf: Buffer, as?: Pick<InvoiceEntity, 'state' | 'paidCents' | 'creditedCents'>): Promise<void> {
    await tx.manager.query(
      `INSERT INTO billing_document (id, kind, pdf)
       SELECT $1, $2, $3 WHERE $4::varchar IS NULL
          OR EXISTS (SELECT 1 FROM invoice WHERE id = $1 AND state = $4 AND paid_cents = $5 AND credited_cents = $6)
       ON CONFLICT (id) DO NOTHING`,
      [id, kind, pdf, as?.state ?? null, as?.paidCents ?? null, as?.creditedCents ?? null],
    );
  }

  /** Invoices and credit notes with no PDF yet, with the version to render (`documentVersion`), for the sweeper. */
  async withoutDocument(db: Db, limit: number): Promise<Array<{ id: string; kind: 'INVOICE' | 'CREDIT_NOTE'; version: string }>> {
    return (await db.manager.query(
      `SELECT id, 'INVOICE' AS kind, state || '-' || paid_cents || '-' || credited_cents AS version FROM invoice i
         WHERE NOT EXISTS (SELECT 1 FROM billing_document d WHERE d.id = i.id) AND i.created_at < now() - interval '1 minute'
       UNION ALL
       SELECT id, 'CREDIT_NOTE', '${CREDIT_NOTE_VERSION}' FROM credit_note c WHERE NOT EXISTS (SELECT 1 FROM billing_document d WHERE d.id = c.id) AND c.created_at < now() - interval '1 minute'
       LIMIT $1`,
      [limit],
    )) as Array<{ id: string; kind: 'INVOICE' | 'CREDIT_NOTE'; version: string }>;
  }
}
