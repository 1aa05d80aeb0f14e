import { Injectable } from '@nestjs/common';
import { Between, In, IsNull, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import { LocalDate, monthBounds } from '../../common/dates/local-date';
import { Db, Tx } from '../../database/unit-of-work';
import { BillingFailure, BillingRunEntity, BillingRunState } from './billing-run.entity';
import { assertInvoiceTransition, assertPaymentTransition, BILLING_RUN_MACHINE, COUNTED_PAYMENT_STATES, InvoiceState, PaymentState, UNSETTLED_STATES } from './billing-rules';
import { CreditNoteLineEntity } from './credit-note-line.entity';
import { CreditNoteEntity } from './credit-note.entity';
import { FamilyCreditEntity } from './family-credit.entity';
import { InvoiceLineEntity } from './invoice-line.entity';
import { documentVersion } from './documents/billing-documents.store';
import { InvoiceChanged } from './events/invoice-changed.event';
import { InvoiceEntity } from './invoice.entity';
import { PaymentAllocationEntity } from './payment-allocation.entity';
import { PaymentEntity } from './payment.entity';

export interface Scope {
  communeId: string;
  /** Set for a family: another family's rows are not found. */
  familyId?: string | null;
}

export type LineRow = Omit<InvoiceLineEntity, 'invoiceId' | 'invoice'>;

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

export interface SummaryRow {
  /** The invoices' own amounts (« Total facturé » as a parent adds it up). */
  grossInvoicedCents: number;
  invoicedCents: number;
  invoiceCount: number;
  paidCents: number;
  paymentCount: number;
  dueCents: number;
  unsettledInvoiceCount: number;
  creditedCents: number;
  creditNoteCount: number;
  creditBalanceCents: number;
}

export interface HistoryRow {
  kind: 'INVOICE' | 'PAYMENT' | 'CREDIT_NOTE';
  id: string;
  date: LocalDate;
}

/** A payment's bank transaction, set for online payments only. */
type OnlineFields = 'siteId' | 'transDay' | 'transId' | 'transDate' | 'expiresAt' | 'flag' | 'settledAt' | 'reference' | 'issuer' | 'reason';

/** A RUNNING run with no family billed for this long lost its worker: another execution takes it over. */
const STALLED_RUN_MINUTES = 5;

const scoped = (scope: Scope) => ({ communeId: scope.communeId, ...(scope.familyId ? { familyId: scope.familyId } : {}) });
const int = (v: unknown) => Number(v ?? 0);

/**
 * The billing module's tables: invoices and their lines and billed days, credit notes, payments
 * and their allocations, the families' credit ledger, billing runs and rendered PDFs; and the
 * commune counters of its number series. Writes take a `Tx`, reads a `Db`. Money moves are guarded
 * updates of locked rows; numbers are drawn in the transaction that uses them (gapless).
 */
@Injectable()
export class BillingStore {
  // ---- numbering ------------------------------------------------------------------------------

  /**
   * The next number of a commune series, in the caller's transaction: the counter row stays locked
   * until it ends, so a rollback gives the number back and numbers stay gapless. Draw it last.
   */
  async nextNumber(tx: Tx, communeId: string, series: string): Promise<number> {
    const [row] = (await tx.manager.query(
      `INSERT INTO commune_counter (commune_id, name, value) VALUES ($1, $2, 1)
       ON CONFLICT (commune_id, name) DO UPDATE SET value = commune_counter.value + 1 RETURNING value`,
      [communeId, series],
    )) as Array<{ value: number }>;
    return row.value;
  }

  /** Starts a series after numbers already used elsewhere (demo data imported from a former system). */
  async raiseCounter(tx: Tx, communeId: string, series: string, atLeast: number): Promise<void> {
    await tx.manager.query(
      `INSERT INTO commune_counter (commune_id, name, value) VALUES ($1, $2, $3)
       ON CONFLICT (commune_id, name) DO UPDATE SET value = GREATEST(commune_counter.value, EXCLUDED.value)`,
      [communeId, series, atLeast],
    );
  }

  // ---- invoices -------------------------------------------------------------------------------

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
         INSERT INTO commune_counter (commune_id, name, value) VALUES ($2, $3, 1)
         ON CONFLICT (commune_id, name) DO UPDATE SET value = commune_counter.value + 1 RETURNING value
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

  // ---- credit notes ---------------------------------------------------------------------------

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

  // ---- credit balance -------------------------------------------------------------------------

  /** The families' credit balances (sum of their ledgers); read it with the family locked to spend it. */
  async creditBalances(db: Db, familyIds: readonly string[]): Promise<Map<string, number>> {
    const rows = (await db.manager.query(`SELECT family_id, COALESCE(sum(amount_cents), 0) AS balance FROM family_credit WHERE family_id = ANY($1::uuid[]) GROUP BY family_id`, [familyIds])) as Array<{
      family_id: string;
      balance: string;
    }>;
    return new Map(rows.map((r) => [r.family_id, int(r.balance)]));
  }

  async addCredit(tx: Tx, row: Pick<FamilyCreditEntity, 'familyId' | 'amountCents'> & { creditNoteId?: string; invoiceId?: string; paymentId?: string }): Promise<void> {
    await tx.manager.insert(FamilyCreditEntity, { creditNoteId: null, invoiceId: null, paymentId: null, ...row });
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

  // ---- payments -------------------------------------------------------------------------------

  payment(db: Db, id: string, scope: Scope): Promise<PaymentEntity | null> {
    return db.manager.findOneBy(PaymentEntity, { id, ...scoped(scope) });
  }

  paymentsByIds(db: Db, ids: readonly string[]): Promise<PaymentEntity[]> {
    return db.manager.findBy(PaymentEntity, { id: In([...ids]) });
  }

  insertPayment(tx: Tx, row: Omit<PaymentEntity, 'id' | 'createdAt' | 'commune' | 'family' | 'recorder' | OnlineFields> & Partial<Pick<PaymentEntity, OnlineFields>>): Promise<PaymentEntity> {
    return tx.manager.save(
      tx.manager.create(PaymentEntity, { siteId: null, transDay: null, transId: null, transDate: null, expiresAt: null, flag: null, settledAt: null, reference: null, issuer: null, ...row }),
    );
  }

  async insertAllocations(tx: Tx, paymentId: string, allocations: ReadonlyArray<{ invoiceId: string; cents: number }>): Promise<void> {
    if (allocations.length)
      await tx.manager.insert(
        PaymentAllocationEntity,
        allocations.map((a) => ({ paymentId, invoiceId: a.invoiceId, amountCents: a.cents })),
      );
  }

  /** The payment a bank notification names (site, UTC day, transaction id), locked until the transaction ends. */
  lockPaymentByTransaction(tx: Tx, siteId: string, transDay: LocalDate, transId: string): Promise<PaymentEntity | null> {
    return tx.manager.findOne(PaymentEntity, { where: { siteId, transDay, transId }, lock: { mode: 'pessimistic_write' } });
  }

  lockPayment(tx: Tx, id: string): Promise<PaymentEntity | null> {
    return tx.manager.findOne(PaymentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Moves a payment locked by the caller, guarded by the state it was read in. */
  /** `reason`: why it did not go through (REFUSED, CANCELLED); a validated payment has none. */
  async updatePayment(tx: Tx, payment: PaymentEntity, to: PaymentState, change: { flag?: string; reason?: string } = {}): Promise<void> {
    assertPaymentTransition(payment.state, to);
    const reason = to === 'VALIDATED' ? null : (change.reason ?? null);
    const [, count] = (await tx.manager.query(`UPDATE payment SET state = $3, flag = COALESCE($4, flag), reason = $5, settled_at = now() WHERE id = $1 AND state = $2`, [
      payment.id,
      payment.state,
      to,
      change.flag ?? null,
      reason,
    ])) as [unknown, number];
    if (count !== 1) throw new Error(`payment ${payment.id} is no longer ${payment.state}`);
    payment.state = to;
    payment.reason = reason;
    if (change.flag) payment.flag = change.flag;
  }

  /** What a validated payment really gave each invoice (what it meant to give may have changed meanwhile). */
  async replaceAllocations(tx: Tx, paymentId: string, allocations: ReadonlyArray<{ invoiceId: string; cents: number }>): Promise<void> {
    await tx.manager.delete(PaymentAllocationEntity, { paymentId });
    await this.insertAllocations(
      tx,
      paymentId,
      allocations.filter((a) => a.cents > 0),
    );
  }

  /** PENDING payments past their expiry. */
  async expiredPending(db: Db, limit: number): Promise<string[]> {
    const rows = (await db.manager.query(`SELECT id FROM payment WHERE state = 'PENDING' AND expires_at < now() ORDER BY expires_at LIMIT $1`, [limit])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Staff's list of the commune's payments, newest first; `flagged`: only those staff must look at. */
  paymentsPage(db: Db, where: { communeId: string; familyId?: string; state?: PaymentState; flagged?: boolean }, offset: number, limit: number) {
    return db.manager.findAndCount(PaymentEntity, {
      where: {
        communeId: where.communeId,
        ...(where.familyId ? { familyId: where.familyId } : {}),
        ...(where.state ? { state: where.state } : {}),
        ...(where.flagged === undefined ? {} : { flag: where.flagged ? Not(IsNull()) : IsNull() }),
      },
      order: { createdAt: 'DESC', number: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  allocationsOf(db: Db, paymentIds: readonly string[]): Promise<PaymentAllocationEntity[]> {
    return db.manager.find(PaymentAllocationEntity, { where: { paymentId: In([...paymentIds]) } });
  }

  // ---- the family's screens -------------------------------------------------------------------

  /** SPEC §2's totals in one statement. */
  async summary(db: Db, familyId: string): Promise<SummaryRow> {
    const [row] = (await db.manager.query(
      `SELECT (SELECT COALESCE(sum(amount_cents), 0) FROM invoice WHERE family_id = $1) AS invoiced,
              (SELECT count(*) FROM invoice WHERE family_id = $1) AS invoices,
              (SELECT COALESCE(sum(amount_cents), 0) FROM payment WHERE family_id = $1 AND state = ANY($2::varchar[])) AS paid,
              (SELECT count(*) FROM payment WHERE family_id = $1 AND state = ANY($2::varchar[])) AS payments,
              (SELECT COALESCE(sum(amount_cents - paid_cents - credited_cents - from_balance_cents), 0) FROM invoice WHERE family_id = $1 AND state = ANY($3::varchar[])) AS due,
              (SELECT count(*) FROM invoice WHERE family_id = $1 AND state = ANY($3::varchar[])) AS unsettled,
              (SELECT COALESCE(sum(amount_cents), 0) FROM credit_note WHERE family_id = $1) AS credited,
              (SELECT count(*) FROM credit_note WHERE family_id = $1) AS credit_notes,
              (SELECT COALESCE(sum(amount_cents), 0) FROM family_credit WHERE family_id = $1) AS balance`,
      [familyId, COUNTED_PAYMENT_STATES, UNSETTLED_STATES],
    )) as Array<Record<string, string>>;
    const credited = int(row.credited);
    return {
      grossInvoicedCents: int(row.invoiced),
      // SPEC: net of credit notes.
      invoicedCents: int(row.invoiced) - credited,
      invoiceCount: int(row.invoices),
      paidCents: int(row.paid),
      paymentCount: int(row.payments),
      dueCents: int(row.due),
      unsettledInvoiceCount: int(row.unsettled),
      creditedCents: credited,
      creditNoteCount: int(row.credit_notes),
      creditBalanceCents: int(row.balance),
    };
  }

  /** Invoices, payments and credit notes together, newest first (date, then creation), one page and the total. */
  async history(db: Db, familyId: string, offset: number, limit: number): Promise<{ rows: HistoryRow[]; total: number }> {
    const union = `
      SELECT 'INVOICE' AS kind, id, issued_on AS date, created_at, number AS sort_key FROM invoice WHERE family_id = $1
      UNION ALL SELECT 'PAYMENT', id, received_on, created_at, lpad(number::text, 10, '0') FROM payment WHERE family_id = $1
      UNION ALL SELECT 'CREDIT_NOTE', id, issued_on, created_at, number FROM credit_note WHERE family_id = $1`;
    const rows = (await db.manager.query(
      `SELECT kind, id, to_char(date, 'YYYY-MM-DD') AS date, count(*) OVER () AS total FROM (${union}) h
        ORDER BY h.date DESC, h.created_at DESC, h.sort_key DESC, h.id DESC OFFSET $2 LIMIT $3`,
      [familyId, offset, limit],
    )) as Array<HistoryRow & { total: string }>;
    const total = rows.length ? int(rows[0].total) : int(((await db.manager.query(`SELECT count(*) AS n FROM (${union}) h`, [familyId])) as Array<{ n: string }>)[0].n);
    return { rows: rows.map(({ kind, id, date }) => ({ kind, id, date })), total };
  }

  // ---- runs -----------------------------------------------------------------------------------

  run(db: Db, id: string, communeId?: string): Promise<BillingRunEntity | null> {
    return db.manager.findOneBy(BillingRunEntity, { id, ...(communeId ? { communeId } : {}) });
  }

  /** The commune's runs, newest first. */
  runsPage(db: Db, communeId: string, offset: number, limit: number): Promise<[BillingRunEntity[], number]> {
    return db.manager.findAndCount(BillingRunEntity, { where: { communeId }, order: { createdAt: 'DESC', id: 'DESC' }, skip: offset, take: limit });
  }

  insertRun(tx: Tx, row: Pick<BillingRunEntity, 'communeId' | 'month' | 'trigger' | 'createdBy'>): Promise<BillingRunEntity> {
    return tx.manager.save(tx.manager.create(BillingRunEntity, { ...row, state: 'QUEUED' }));
  }

  /** The scheduled run of a month, created once whatever the number of workers (unique index). */
  async insertScheduledRun(tx: Tx, communeId: string, month: string): Promise<string | null> {
    const rows = (await tx.manager.query(
      `INSERT INTO billing_run (commune_id, month, state, trigger) VALUES ($1, $2, 'QUEUED', 'SCHEDULED')
       ON CONFLICT (commune_id, month) WHERE trigger = 'SCHEDULED' DO NOTHING RETURNING id`,
      [communeId, month],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /**
   * A catch-up run of a month already billed (a DONE run) or being billed (a RUNNING one chose its
   * families when it started), for days booked since: none when the month was never billed, and at
   * most one waiting per commune and month (unique index) — the one waiting bills every day booked
   * before it starts. `unlessRecent` (the chore): none either while another run of the month waits
   * or runs, or when a catch-up of the month ran in the last hour (a family whose billing fails is
   * tried again hourly, listed in each run's failures, not every ten minutes).
   */
  async insertCatchUpRun(tx: Tx, communeId: string, month: string, unlessRecent = false): Promise<string | null> {
    const rows = (await tx.manager.query(
      `INSERT INTO billing_run (commune_id, month, state, trigger)
       SELECT $1::uuid, $2::varchar, 'QUEUED', 'CATCH_UP'
        WHERE EXISTS (SELECT 1 FROM billing_run WHERE commune_id = $1::uuid AND month = $2::varchar AND state IN ('DONE', 'RUNNING'))
          AND NOT ($3 AND EXISTS (SELECT 1 FROM billing_run WHERE commune_id = $1::uuid AND month = $2::varchar
                AND (state IN ('QUEUED', 'RUNNING') OR (trigger = 'CATCH_UP' AND updated_at > now() - interval '1 hour'))))
       ON CONFLICT (commune_id, month) WHERE trigger = 'CATCH_UP' AND state = 'QUEUED' DO NOTHING RETURNING id`,
      [communeId, month, unlessRecent],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /**
   * QUEUED → RUNNING, or a RUNNING run taken over when it made no progress for five minutes (its
   * worker died): one execution at a time — a duplicate job finds it taken and ends. Each family
   * billed moves `updated_at` (the heartbeat). The total is what is done plus what is left.
   */
  async startRun(tx: Tx, id: string, familiesLeft: number): Promise<boolean> {
    const [, count] = (await tx.manager.query(
      `UPDATE billing_run SET state = 'RUNNING', families_total = families_processed + $2, updated_at = now()
        WHERE id = $1 AND (state = 'QUEUED' OR (state = 'RUNNING' AND updated_at < now() - interval '${STALLED_RUN_MINUTES} minutes'))`,
      [id, familiesLeft],
    )) as [unknown, number];
    return count === 1;
  }

  /** One family done, in that family's transaction (with its invoice, if any). */
  async countFamily(tx: Tx, runId: string, invoices: number, failure?: BillingFailure): Promise<void> {
    await tx.manager.query(
      `UPDATE billing_run SET families_processed = families_processed + 1, invoices_created = invoices_created + $2,
              failures = CASE WHEN $3::jsonb IS NULL THEN failures ELSE failures || $3::jsonb END, updated_at = now()
        WHERE id = $1`,
      [runId, invoices, failure ? JSON.stringify([failure]) : null],
    );
  }

  async finishRun(tx: Tx, id: string, state: Extract<BillingRunState, 'DONE' | 'FAILED'>, failure?: BillingFailure): Promise<void> {
    await tx.manager.query(
      `UPDATE billing_run SET state = $2, finished_at = now(), updated_at = now(),
              failures = CASE WHEN $3::jsonb IS NULL THEN failures ELSE failures || $3::jsonb END
        WHERE id = $1 AND state = ANY($4::varchar[])`,
      [id, state, failure ? JSON.stringify([failure]) : null, BILLING_RUN_MACHINE.fromStates(state)],
    );
  }

  /** Runs whose job may have been lost: queued for a minute, or running without progress for five. */
  async staleRuns(db: Db): Promise<string[]> {
    const rows = (await db.manager.query(
      `SELECT id FROM billing_run WHERE (state = 'QUEUED' AND updated_at < now() - interval '1 minute')
          OR (state = 'RUNNING' AND updated_at < now() - interval '${STALLED_RUN_MINUTES} minutes') LIMIT 50`,
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
