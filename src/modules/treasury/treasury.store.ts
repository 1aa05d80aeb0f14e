import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/unit-of-work';
import { CREDIT_NOTE_SQL } from '../billing/credit-notes.store';
import { INVOICE_SQL } from '../billing/invoices.store';
import { TreasuryExportItemEntity } from './treasury-export-item.entity';
import { TreasuryExportEntity } from './treasury-export.entity';

/** An invoice not sent yet. */
export interface PendingInvoice {
  id: string;
  familyId: string;
  number: string;
  issuedOn: string;
  periodStart: string;
  periodEnd: string;
  amountCents: number;
  accueilLabel: string;
}

/** A credit note not sent yet, on an invoice sent as the title `titleExercice`/`titleNumber`. */
export interface PendingCreditNote {
  id: string;
  familyId: string;
  invoiceId: string;
  number: string;
  issuedOn: string;
  amountCents: number;
  titleExercice: number;
  titleNumber: number;
}

const day = (d: string | Date) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10));

/**
 * The Trésor Public's exports and what went out in each. Reads of the invoices and credit notes
 * compose billing's SQL pieces (billing's tables are named there); writes take a `Tx`.
 */
@Injectable()
export class TreasuryStore {
  /** The commune's invoices issued up to the day that no export has sent, oldest first. */
  async pendingInvoices(tx: Tx, communeId: string, upTo: string): Promise<PendingInvoice[]> {
    const rows = (await tx.manager.query(
      `SELECT i.* FROM (${INVOICE_SQL.issuedUpTo('$1', '$2')}) i
        WHERE NOT EXISTS (SELECT 1 FROM treasury_export_item x WHERE x.invoice_id = i.id)
        ORDER BY i.issued_on, i.number`,
      [communeId, upTo],
    )) as Array<Record<string, string | number | Date>>;
    return rows.map((r) => ({
      id: r.id as string,
      familyId: r.family_id as string,
      number: r.number as string,
      issuedOn: day(r.issued_on as string),
      periodStart: day(r.period_start as string),
      periodEnd: day(r.period_end as string),
      amountCents: Number(r.amount_cents),
      accueilLabel: r.accueil_label as string,
    }));
  }

  /** The credit notes issued up to the day on invoices an earlier export sent, that none has sent. */
  async pendingCreditNotes(tx: Tx, communeId: string, upTo: string): Promise<PendingCreditNote[]> {
    const rows = (await tx.manager.query(
      `SELECT c.*, x.exercice AS title_exercice, x.piece_number AS title_number
         FROM (${CREDIT_NOTE_SQL.issuedUpTo('$1', '$2')}) c
         JOIN treasury_export_item x ON x.invoice_id = c.invoice_id
        WHERE NOT EXISTS (SELECT 1 FROM treasury_export_item y WHERE y.credit_note_id = c.id)
        ORDER BY c.issued_on, c.number`,
      [communeId, upTo],
    )) as Array<Record<string, string | number | Date | null>>;
    return rows.map((r) => ({
      id: r.id as string,
      familyId: r.family_id as string,
      invoiceId: r.invoice_id as string,
      number: r.number as string,
      issuedOn: day(r.issued_on as string),
      amountCents: Number(r.amount_cents),
      titleExercice: Number(r.title_exercice),
      titleNumber: Number(r.title_number),
    }));
  }

  insertExport(tx: Tx, row: Omit<TreasuryExportEntity, 'id' | 'createdAt' | 'commune'>): Promise<TreasuryExportEntity> {
    return tx.manager.save(tx.manager.create(TreasuryExportEntity, row));
  }

  async insertItems(tx: Tx, exportId: string, items: ReadonlyArray<{ invoiceId?: string; creditNoteId?: string; exercice: number; pieceNumber: number }>): Promise<void> {
    await tx.manager.query(
      `INSERT INTO treasury_export_item (export_id, invoice_id, credit_note_id, exercice, piece_number)
       SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::smallint[], $5::integer[])`,
      [exportId, items.map((i) => i.invoiceId ?? null), items.map((i) => i.creditNoteId ?? null), items.map((i) => i.exercice), items.map((i) => i.pieceNumber)],
    );
  }

  exportsPage(db: Db, communeId: string, offset: number, limit: number): Promise<[TreasuryExportEntity[], number]> {
    return db.manager.findAndCount(TreasuryExportEntity, { where: { communeId }, order: { number: 'DESC' }, skip: offset, take: limit });
  }

  /** An export of the commune with its file; another commune's is not found. */
  exportWithFile(db: Db, communeId: string, id: string): Promise<TreasuryExportEntity | null> {
    return db.manager.createQueryBuilder(TreasuryExportEntity, 'e').addSelect('e.file').where('e.id = :id AND e.communeId = :communeId', { id, communeId }).getOne();
  }

  /** The export each invoice went out in (null: not sent), in the order of the ids. */
  async exportsOfInvoices(db: Db, invoiceIds: readonly string[]): Promise<Array<TreasuryExportEntity | null>> {
    const items = await db.manager
      .createQueryBuilder(TreasuryExportItemEntity, 'x')
      .innerJoinAndSelect('x.export', 'e')
      .where('x.invoiceId = ANY(:ids)', { ids: [...invoiceIds] })
      .getMany();
    const byInvoice = new Map(items.map((x) => [x.invoiceId, x.export ?? null]));
    return invoiceIds.map((id) => byInvoice.get(id) ?? null);
  }
}
