import { Injectable } from '@nestjs/common';
import { LocalDate } from '../../common/dates/local-date';
import { Db, Tx } from '../../database/unit-of-work';
import { COUNTED_PAYMENT_STATES } from '../payments/payment-rules';
import { PAYMENT_SQL } from '../payments/payments.store';
import { UNSETTLED_STATES } from './billing-rules';
import { FamilyCreditEntity } from './family-credit.entity';

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

const int = (v: unknown) => Number(v ?? 0);

/**
 * The family's account: its credit ledger (`family_credit`, the balance is its sum), and the totals
 * and history of "Mes Factures & Paiements", read across invoices, credit notes and payments (the
 * payments through the SQL pieces their module exports). Writes take a `Tx`, reads a `Db`.
 */
@Injectable()
export class FamilyLedgerStore {
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

  /** SPEC §2's totals in one statement. */
  async summary(db: Db, familyId: string): Promise<SummaryRow> {
    const [row] = (await db.manager.query(
      `SELECT (SELECT COALESCE(sum(amount_cents), 0) FROM invoice WHERE family_id = $1) AS invoiced,
              (SELECT count(*) FROM invoice WHERE family_id = $1) AS invoices,
              (SELECT COALESCE(sum(amount_cents), 0) ${PAYMENT_SQL.ofFamilyIn('$1', '$2')}) AS paid,
              (SELECT count(*) ${PAYMENT_SQL.ofFamilyIn('$1', '$2')}) AS payments,
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
      UNION ALL ${PAYMENT_SQL.historyOf('$1')}
      UNION ALL SELECT 'CREDIT_NOTE', id, issued_on, created_at, number FROM credit_note WHERE family_id = $1`;
    const rows = (await db.manager.query(
      `SELECT kind, id, to_char(date, 'YYYY-MM-DD') AS date, count(*) OVER () AS total FROM (${union}) h
        ORDER BY h.date DESC, h.created_at DESC, h.sort_key DESC, h.id DESC OFFSET $2 LIMIT $3`,
      [familyId, offset, limit],
    )) as Array<HistoryRow & { total: string }>;
    const total = rows.length ? int(rows[0].total) : int(((await db.manager.query(`SELECT count(*) AS n FROM (${union}) h`, [familyId])) as Array<{ n: string }>)[0].n);
    return { rows: rows.map(({ kind, id, date }) => ({ kind, id, date })), total };
  }
}
