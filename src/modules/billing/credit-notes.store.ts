import { Injectable } from '@nestjs/common';
import { Between, In } from 'typeorm';
import { LocalDate, monthBounds } from '../../common/dates/local-date';
import { Db, Tx } from '../../database/unit-of-work';
import { CreditNoteLineEntity } from './credit-note-line.entity';
import { CreditNoteEntity } from './credit-note.entity';
import { LineRow } from './invoices.store';
import { Scope, scoped } from './scope';

/** A billed day not credited yet, with the line that billed it. */
export interface CreditableDay {
  childId: string;
  activityId: string;
  date: LocalDate;
  invoiceId: string;
  unitPriceCents: number;
  childName: string;
  activityName: string;
}

/** The commune's credit notes as SQL pieces, for the Trésor Public's export (one statement). */
export const CREDIT_NOTE_SQL = {
  /** The commune's credit notes issued up to a day, as rows (id, family_id, invoice_id, number, issued_on, amount_cents). */
  issuedUpTo: (communeId: string, upTo: string) => `SELECT id, family_id, invoice_id, number, issued_on, amount_cents FROM credit_note WHERE commune_id = ${communeId} AND issued_on <= ${upTo}`,
};

/**
 * Credit notes ("avoirs") and their lines, and the billed days they credit (each day once). Writes
 * take a `Tx`, reads a `Db`.
 */
@Injectable()
export class CreditNotesStore {
  /** The days' billing not credited yet, locked (key order), with the line that billed each. */
  async lockCreditable(tx: Tx, days: ReadonlyArray<{ childId: string; activityId: string; date: LocalDate }>): Promise<CreditableDay[]> {
    if (!days.length) return [];
    return (await tx.manager.query(
      `SELECT b.child_id AS "childId", b.activity_id AS "activityId", to_char(b.date, 'YYYY-MM-DD') AS date, b.invoice_id AS "invoiceId",
              b.unit_price_cents AS "unitPriceCents", l.child_name AS "childName", l.activity_name AS "activityName"
         FROM billed_day b JOIN invoice_line l ON l.invoice_id = b.invoice_id AND l.position = b.line_position
         JOIN unnest($1::uuid[], $2::uuid[], $3::date[]) AS t(child_id, activity_id, date)
           ON b.child_id = t.child_id AND b.activity_id = t.activity_id AND b.date = t.date
        WHERE b.credit_note_id IS NULL
        ORDER BY b.child_id, b.activity_id, b.date FOR UPDATE OF b`,
      [days.map((d) => d.childId), days.map((d) => d.activityId), days.map((d) => d.date)],
    )) as CreditableDay[];
  }

  /** The billed days of an activity from..to not credited yet, with the family billed (a closure credits them). */
  async uncreditedIn(tx: Tx, activityId: string, from: LocalDate, to: LocalDate): Promise<Array<{ childId: string; activityId: string; date: LocalDate; familyId: string }>> {
    return (await tx.manager.query(
      `SELECT b.child_id AS "childId", b.activity_id AS "activityId", to_char(b.date, 'YYYY-MM-DD') AS date, i.family_id AS "familyId"
         FROM billed_day b JOIN invoice i ON i.id = b.invoice_id
        WHERE b.activity_id = $1 AND b.date BETWEEN $2 AND $3 AND b.credit_note_id IS NULL
        ORDER BY b.child_id, b.date`,
      [activityId, from, to],
    )) as Array<{ childId: string; activityId: string; date: LocalDate; familyId: string }>;
  }

  /** Credits the days once: only days not credited yet move (returns how many). */
  async markCredited(tx: Tx, days: readonly CreditableDay[], creditNoteId: string): Promise<number> {
    const [, count] = (await tx.manager.query(
      `UPDATE billed_day b SET credit_note_id = $4 FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS t(child_id, activity_id, date)
        WHERE b.child_id = t.child_id AND b.activity_id = t.activity_id AND b.date = t.date AND b.credit_note_id IS NULL`,
      [days.map((d) => d.childId), days.map((d) => d.activityId), days.map((d) => d.date), creditNoteId],
    )) as [unknown, number];
    return count;
  }

  insertCreditNote(tx: Tx, row: Omit<CreditNoteEntity, 'id' | 'createdAt' | 'commune' | 'family' | 'invoice'>): Promise<CreditNoteEntity> {
    return tx.manager.save(tx.manager.create(CreditNoteEntity, row));
  }

  async insertCreditNoteLines(tx: Tx, creditNoteId: string, lines: readonly LineRow[]): Promise<void> {
    if (lines.length)
      await tx.manager.insert(
        CreditNoteLineEntity,
        lines.map((l) => ({ ...l, creditNoteId })),
      );
  }

  creditNote(db: Db, id: string, scope: Scope): Promise<CreditNoteEntity | null> {
    return db.manager.findOneBy(CreditNoteEntity, { id, ...scoped(scope) });
  }

  creditNotesByIds(db: Db, ids: readonly string[]): Promise<CreditNoteEntity[]> {
    return db.manager.findBy(CreditNoteEntity, { id: In([...ids]) });
  }

  creditNotesOfInvoices(db: Db, invoiceIds: readonly string[]): Promise<CreditNoteEntity[]> {
    return db.manager.find(CreditNoteEntity, { where: { invoiceId: In([...invoiceIds]) }, order: { issuedOn: 'ASC', number: 'ASC' } });
  }

  creditNoteLinesOf(db: Db, ids: readonly string[]): Promise<CreditNoteLineEntity[]> {
    return db.manager.find(CreditNoteLineEntity, { where: { creditNoteId: In([...ids]) }, order: { creditNoteId: 'ASC', position: 'ASC' } });
  }

  /** Staff's list of the commune's credit notes, newest first; `month`: those issued that month. Filtered on the server. */
  creditNotesPage(db: Db, where: { communeId: string; familyId?: string; month?: string }, offset: number, limit: number) {
    const month = where.month ? monthBounds(where.month) : null;
    return db.manager.findAndCount(CreditNoteEntity, {
      where: {
        communeId: where.communeId,
        ...(where.familyId ? { familyId: where.familyId } : {}),
        ...(month ? { issuedOn: Between(month.first, month.last) } : {}),
      },
      order: { issuedOn: 'DESC', number: 'DESC' },
      skip: offset,
      take: limit,
    });
  }
}
