import { Injectable } from '@nestjs/common';
import { In, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { LocalDate, monthBounds } from '../../common/dates/local-date';
import { Db, Tx } from '../../database/unit-of-work';
import { COUNTER_SQL } from '../communes/commune-counters.store';
import { assertInvoiceTransition, InvoiceState } from './billing-rules';
import { documentVersion } from './documents/billing-documents.store';
import { InvoiceChanged } from './events/invoice-changed.event';
import { InvoiceLineEntity } from './invoice-line.entity';
import { InvoiceEntity } from './invoice.entity';
import { Scope, scoped } from './scope';

/** An invoice's or a credit note's line, as written. */
export type LineRow = Omit<InvoiceLineEntity, 'invoiceId' | 'invoice'>;

/** The commune's invoices as SQL pieces, for the Trésor Public's export (one statement). */
export const INVOICE_SQL = {
  /** The commune's invoices issued up to a day with something billed, as rows (id, family_id, number, issued_on, period_start, period_end, amount_cents, accueil_label). */
  issuedUpTo: (communeId: string, upTo: string) =>
    `SELECT id, family_id, number, issued_on, period_start, period_end, amount_cents, accueil_label FROM invoice WHERE commune_id = ${communeId} AND issued_on <= ${upTo} AND amount_cents > 0`,
};

/**
 * Invoices and their lines (and, in the statement that issues one, the days it bills and its run's
 * counters). Writes take a `Tx`, reads a `Db`. Money moves are guarded updates of locked rows;
 * numbers are drawn in the transaction that uses them (gapless).
 */
@Injectable()
export class InvoicesStore {
  invoice(db: Db, id: string, scope: Scope): Promise<InvoiceEntity | null> {
    return db.manager.findOneBy(InvoiceEntity, { id, ...scoped(scope) });
  }

  invoicesByIds(db: Db, ids: readonly string[]): Promise<InvoiceEntity[]> {
    return db.manager.findBy(InvoiceEntity, { id: In([...ids]) });
  }

  invoiceByNumber(db: Db, communeId: string, number: string): Promise<InvoiceEntity | null> {
    return db.manager.findOneBy(InvoiceEntity, { communeId, number });
  }

  /** The family's invoices in the given states, oldest first (allocation order). */
  invoicesOfFamily(db: Db, familyId: string, states: readonly InvoiceState[]): Promise<InvoiceEntity[]> {
    return db.manager.find(InvoiceEntity, { where: { familyId, state: In([...states]) }, order: { issuedOn: 'ASC', number: 'ASC' } });
  }

  /** The families' invoices in the given states, in the commune (direct debit: what is left to pay). */
  invoicesOfFamilies(db: Db, communeId: string, familyIds: readonly string[], states: readonly InvoiceState[]): Promise<InvoiceEntity[]> {
    if (!familyIds.length) return Promise.resolve([]);
    return db.manager.find(InvoiceEntity, { where: { communeId, familyId: In([...familyIds]), state: In([...states]) }, order: { issuedOn: 'ASC', number: 'ASC' } });
  }

  /** Staff's list of the commune's invoices, newest first, filtered on the server. */
  invoicesPage(db: Db, where: { communeId: string; familyId?: string; state?: InvoiceState; month?: string }, offset: number, limit: number) {
    const month = where.month ? monthBounds(where.month) : null;
    const bounds = month ? { periodStart: LessThanOrEqual(month.last), periodEnd: MoreThanOrEqual(month.first) } : {};
    return db.manager.findAndCount(InvoiceEntity, {
      where: { communeId: where.communeId, ...(where.familyId ? { familyId: where.familyId } : {}), ...(where.state ? { state: where.state } : {}), ...bounds },
      order: { issuedOn: 'DESC', number: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  /** Invoices locked until the transaction ends, in id order (the lock order), of the scope only. */
  async lockInvoices(tx: Tx, ids: readonly string[], scope: Scope): Promise<InvoiceEntity[]> {
    if (!ids.length) return [];
    return tx.manager.find(InvoiceEntity, {
      where: { id: In([...ids]), ...scoped(scope) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  insertInvoice(tx: Tx, row: Omit<InvoiceEntity, 'id' | 'createdAt' | 'commune' | 'family' | 'billingRun' | 'documentVersion'> & { id?: string }): Promise<InvoiceEntity> {
    return tx.manager.save(tx.manager.create(InvoiceEntity, row));
  }

  async insertLines(tx: Tx, invoiceId: string, lines: readonly LineRow[]): Promise<void> {
    if (lines.length)
      await tx.manager.insert(
        InvoiceLineEntity,
        lines.map((l) => ({ ...l, invoiceId })),
      );
  }

  /**
   * A billing run's invoice in ONE statement: the next number of the commune's series of the year,
   * the invoice, its lines and the days it bills (their key: each day billed at most once), and the
   * run's counters. The counter and run rows stay locked until the transaction ends (numbers are
   * gapless): the caller commits soon after.
   */
  async issueInvoice(
    tx: Tx,
    invoice: Omit<InvoiceEntity, 'id' | 'number' | 'createdAt' | 'commune' | 'family' | 'billingRun' | 'billingRunId' | 'paidCents' | 'creditedCents' | 'fromBalanceCents' | 'documentVersion'> & {
      id: string;
      billingRunId: string;
    },
    series: string,
    /** "2026-": the number is the prefix and the sequence on 5 digits at least (formatInvoiceNumber). */
    prefix: string,
    lines: readonly LineRow[],
    days: ReadonlyArray<{ childId: string; activityId: string; date: LocalDate; linePosition: number; unitPriceCents: number }>,
  ): Promise<InvoiceEntity> {
    const [row] = (await tx.manager.query(
      `WITH counter AS (
         ${COUNTER_SQL.next('$2', '$3')}
       ), inv AS (
         INSERT INTO invoice (id, commune_id, family_id, number, issued_on, period_start, period_end, amount_cents, state,
                              children_label, establishments_label, accueil_label, billing_run_id)
         SELECT $1, $2, $4, $5 || CASE WHEN counter.value < 100000 THEN lpad(counter.value::text, 5, '0') ELSE counter.value::text END, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM counter
         RETURNING id, number, created_at
       ), lines AS (
         INSERT INTO invoice_line (invoice_id, position, child_name, activity_name, quantity, unit_price_cents, amount_cents)
         SELECT (SELECT id FROM inv), * FROM unnest($15::smallint[], $16::varchar[], $17::varchar[], $18::integer[], $19::integer[], $20::integer[])
       ), days AS (
         INSERT INTO billed_day (child_id, activity_id, date, invoice_id, line_position, unit_price_cents)
         SELECT t.c, t.a, t.d, (SELECT id FROM inv), t.p, t.u FROM unnest($21::uuid[], $22::uuid[], $23::date[], $24::smallint[], $25::integer[]) AS t(c, a, d, p, u)
       ), run AS (
         UPDATE billing_run SET families_processed = families_processed + 1, invoices_created = invoices_created + 1, updated_at = now() WHERE id = $14
       )
       SELECT number, created_at FROM inv`,
      [
        invoice.id,
        invoice.communeId,
        series,
        invoice.familyId,
        prefix,
        invoice.issuedOn,
        invoice.periodStart,
        invoice.periodEnd,
        invoice.amountCents,
        invoice.state,
        invoice.childrenLabel,
        invoice.establishmentsLabel,
        invoice.accueilLabel,
        invoice.billingRunId,
        lines.map((l) => l.position),
        lines.map((l) => l.childName),
        lines.map((l) => l.activityName),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unitPriceCents),
        lines.map((l) => l.amountCents),
        days.map((d) => d.childId),
        days.map((d) => d.activityId),
        days.map((d) => d.date),
        days.map((d) => d.linePosition),
        days.map((d) => d.unitPriceCents),
      ],
    )) as Array<{ number: string; created_at: Date }>;
    return Object.assign(new InvoiceEntity(), { ...invoice, number: row.number, createdAt: row.created_at, paidCents: 0, creditedCents: 0, fromBalanceCents: 0, documentVersion: 1 });
  }

  linesOf(db: Db, invoiceIds: readonly string[]): Promise<InvoiceLineEntity[]> {
    return db.manager.find(InvoiceLineEntity, { where: { invoiceId: In([...invoiceIds]) }, order: { invoiceId: 'ASC', position: 'ASC' } });
  }

  /**
   * Moves money on an invoice locked by the caller, guarded by the state the caller read: the
   * amounts are added in the same statement as the state (derived state never read stale).
   */
  async updateInvoice(tx: Tx, invoice: InvoiceEntity, change: { state?: InvoiceState; paidCents?: number; creditedCents?: number }): Promise<void> {
    const to = change.state ?? invoice.state;
    if (to !== invoice.state) assertInvoiceTransition(invoice.state, to);
    // Its stored PDF shows the state and the remaining due: it goes with the change, and is rendered
    // again once committed (InvoiceChanged), or by the next download (never staler than the invoice).
    const rows = (await tx.manager.query(
      `WITH moved AS (
         UPDATE invoice SET state = $3, paid_cents = paid_cents + $4, credited_cents = credited_cents + $5, document_version = document_version + 1
           WHERE id = $1 AND state = $2 RETURNING id, document_version
       ), stale AS (DELETE FROM billing_document WHERE id IN (SELECT id FROM moved))
       SELECT id, document_version AS "documentVersion" FROM moved`,
      [invoice.id, invoice.state, to, change.paidCents ?? 0, change.creditedCents ?? 0],
    )) as Array<{ id: string; documentVersion: number }>;
    if (rows.length !== 1) throw new Error(`invoice ${invoice.id} is no longer ${invoice.state}`);
    invoice.state = to;
    invoice.paidCents += change.paidCents ?? 0;
    invoice.creditedCents += change.creditedCents ?? 0;
    invoice.documentVersion = rows[0].documentVersion;
    await tx.publish(new InvoiceChanged(invoice.id, documentVersion(invoice)));
  }

  /** Settles a new invoice (locked by its creator) from the family's balance, in one statement with its ledger row. */
  async settleFromBalance(tx: Tx, invoice: InvoiceEntity, cents: number, paidOff: boolean): Promise<void> {
    if (paidOff) assertInvoiceTransition(invoice.state, 'PAID');
    await tx.manager.query(
      `WITH spent AS (INSERT INTO family_credit (family_id, amount_cents, invoice_id) VALUES ($2, -$3::integer, $1) RETURNING invoice_id)
       UPDATE invoice SET from_balance_cents = from_balance_cents + $3, state = CASE WHEN $4 THEN 'PAID' ELSE state END
        WHERE id = (SELECT invoice_id FROM spent) AND state = 'UNPAID'`,
      [invoice.id, invoice.familyId, cents, paidOff],
    );
    invoice.fromBalanceCents += cents;
    if (paidOff) invoice.state = 'PAID';
  }
}
