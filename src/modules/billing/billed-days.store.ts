import { Injectable } from '@nestjs/common';
import { LocalDate } from '../../common/dates/local-date';
import { Db } from '../../database/unit-of-work';
import { dueOn } from './billing-rules';
import { InvoiceEntity } from './invoice.entity';

export type BilledDay = { invoiceId: string; position: number; date: LocalDate };
export type CreditedDay = { creditNoteId: string; childName: string; activityName: string; unitPriceCents: number; date: LocalDate };
type LineKey = { childName: string; activityName: string; unitPriceCents: number };

/** The dates an invoice's line bills (the line that billed each day is recorded with it). */
export const datesOfInvoiceLine = (days: readonly BilledDay[], invoiceId: string, position: number): LocalDate[] =>
  days.filter((d) => d.invoiceId === invoiceId && d.position === position).map((d) => d.date);

/** The dates a credit note's line credits: its days of the same child, activity and unit price. */
export const datesOfCreditNoteLine = (days: readonly CreditedDay[], creditNoteId: string, line: LineKey): LocalDate[] =>
  days.filter((d) => d.creditNoteId === creditNoteId && d.childName === line.childName && d.activityName === line.activityName && d.unitPriceCents === line.unitPriceCents).map((d) => d.date);

/**
 * What `billed_day` tells a reader: the dates each invoice line bills, the dates each credit-note
 * line credits, the last day an invoice bills (its due date). Reads only, batched by ids.
 */
@Injectable()
export class BilledDaysStore {
  /** The days each invoice bills, with the line that bills each, in date order. */
  async billedDaysOf(db: Db, invoiceIds: readonly string[]): Promise<BilledDay[]> {
    if (!invoiceIds.length) return [];
    return (await db.manager.query(
      `SELECT invoice_id AS "invoiceId", line_position AS position, to_char(date, 'YYYY-MM-DD') AS date FROM billed_day WHERE invoice_id = ANY($1::uuid[]) ORDER BY date`,
      [[...invoiceIds]],
    )) as Array<{ invoiceId: string; position: number; date: LocalDate }>;
  }

  /** The days each credit note credits, named as its lines are (child, activity, unit price), in date order. */
  async creditedDaysOf(db: Db, creditNoteIds: readonly string[]): Promise<CreditedDay[]> {
    if (!creditNoteIds.length) return [];
    return (await db.manager.query(
      `SELECT b.credit_note_id AS "creditNoteId", l.child_name AS "childName", l.activity_name AS "activityName", b.unit_price_cents AS "unitPriceCents",
              to_char(b.date, 'YYYY-MM-DD') AS date
         FROM billed_day b JOIN invoice_line l ON l.invoice_id = b.invoice_id AND l.position = b.line_position
        WHERE b.credit_note_id = ANY($1::uuid[]) ORDER BY b.date`,
      [[...creditNoteIds]],
    )) as Array<{ creditNoteId: string; childName: string; activityName: string; unitPriceCents: number; date: LocalDate }>;
  }

  /** The last day each invoice bills (none for invoices imported from a former system). */
  private async lastBilledDays(db: Db, invoiceIds: readonly string[]): Promise<Map<string, LocalDate>> {
    if (!invoiceIds.length) return new Map();
    const rows = (await db.manager.query(`SELECT invoice_id, to_char(max(date), 'YYYY-MM-DD') AS last FROM billed_day WHERE invoice_id = ANY($1::uuid[]) GROUP BY invoice_id`, [
      [...invoiceIds],
    ])) as Array<{ invoice_id: string; last: LocalDate }>;
    return new Map(rows.map((r) => [r.invoice_id, r.last]));
  }

  /** SPEC §2: each invoice's due date, 30 days after the later of its date and the last day it bills (its period's end for an imported invoice, whose days are not known). */
  async dueDates(db: Db, invoices: ReadonlyArray<Pick<InvoiceEntity, 'id' | 'issuedOn' | 'periodEnd'>>): Promise<LocalDate[]> {
    const last = await this.lastBilledDays(
      db,
      invoices.map((i) => i.id),
    );
    return invoices.map((i) => dueOn(i.issuedOn, last.get(i.id) ?? i.periodEnd));
  }
}
