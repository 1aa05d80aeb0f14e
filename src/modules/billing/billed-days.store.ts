import { Injectable } from '@nestjs/common';
import { LocalDate } from '../../common/dates/local-date';
import { Db } from '../../database/unit-of-work';

/**
 * What `billed_day` tells a reader: the dates each invoice line bills, the dates each credit-note
 * line credits, the last day an invoice bills (its due date). Reads only, batched by ids.
 */
@Injectable()
export class BilledDaysStore {
  /** The days each invoice bills, with the line that bills each, in date order. */
  async billedDaysOf(db: Db, invoiceIds: readonly string[]): Promise<Array<{ invoiceId: string; position: number; date: LocalDate }>> {
    if (!invoiceIds.length) return [];
    return (await db.manager.query(
      `SELECT invoice_id AS "invoiceId", line_position AS position, to_char(date, 'YYYY-MM-DD') AS date FROM billed_day WHERE invoice_id = ANY($1::uuid[]) ORDER BY date`,
      [[...invoiceIds]],
    )) as Array<{ invoiceId: string; position: number; date: LocalDate }>;
  }

  /** The days each credit note credits, named as its lines are (child, activity, unit price), in date order. */
  async creditedDaysOf(db: Db, creditNoteIds: readonly string[]): Promise<Array<{ creditNoteId: string; childName: string; activityName: string; unitPriceCents: number; date: LocalDate }>> {
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
  async lastBilledDays(db: Db, invoiceIds: readonly string[]): Promise<Map<string, LocalDate>> {
    if (!invoiceIds.length) return new Map();
    const rows = (await db.manager.query(
      `SELECT invoice_id, to_char(max(date), 'YYYY-MM-DD') AS last FROM billed_day WHERE invoice_id = ANY($1::uuid[]) GROUP BY invoice_id`,
      [[...invoiceIds]],
    )) as Array<{ invoice_id: string; last: LocalDate }>;
    return new Map(rows.map((r) => [r.invoice_id, r.last]));
  }
}
