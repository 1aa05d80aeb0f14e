import { addDays, LocalDate } from '../../common/dates/local-date';
import { declareStateMachine } from '../../common/state/state-machine';
import { BILLING_RUN_STATES, BillingRunState } from './billing-run.entity';

export const INVOICE_STATES = ['UNPAID', 'PAYMENT_PENDING', 'PAID', 'TREASURY'] as const;
export type InvoiceState = (typeof INVOICE_STATES)[number];

/**
 * Invoice moves (SPEC §2). Anything else is a bug and throws; every write is guarded by the state
 * it expects (`UPDATE … WHERE state = <from>`), so two agents or a replayed job move it once.
 * - UNPAID → PAYMENT_PENDING (an online payment started), PAID (nothing left: payment, credit), TREASURY (handed to the Trésor Public);
 * - PAYMENT_PENDING → UNPAID (payment refused, abandoned, expired), PAID;
 * - TREASURY → PAID (a credit note leaves nothing to recover);
 * - PAID → UNPAID: a direct debit the bank rejected after its collection date (the payment had
 *   settled it): the money is taken back, the invoice owes again.
 */
export const INVOICE_MACHINE = declareStateMachine<InvoiceState>({
  name: 'invoice',
  states: INVOICE_STATES,
  // A run writes an invoice of 0 € (its days all credited) already PAID.
  initial: ['UNPAID', 'PAID'],
  transitions: {
    UNPAID: ['PAYMENT_PENDING', 'PAID', 'TREASURY'],
    PAYMENT_PENDING: ['UNPAID', 'PAID'],
    TREASURY: ['PAID'],
    PAID: ['UNPAID'],
  },
  /** The guide's legend ("Légende (état de la facture)"). */
  labels: {
    UNPAID: 'Facture non soldée',
    PAYMENT_PENDING: 'Facture en attente de validation du paiement',
    PAID: 'Facture soldée',
    TREASURY: 'Paiement de cette facture géré par le Trésor Public',
  },
});
export const INVOICE_TRANSITIONS = INVOICE_MACHINE.transitions;
export const assertInvoiceTransition = (from: InvoiceState, to: InvoiceState): void => INVOICE_MACHINE.assert(from, to);
export const INVOICE_STATE_LABELS = INVOICE_MACHINE.labels;

/** Why an invoice cannot be paid or handed over, in a sentence: "un paiement en ligne est en cours". */
export function invoiceStateReason(state: InvoiceState, remainingCents: number): string {
  if (state === 'PAYMENT_PENDING') return 'un paiement en ligne est en cours';
  if (state === 'UNPAID' && remainingCents === 0) return 'rien ne reste dû';
  // Only the first letter is lowered: "le Trésor Public" keeps its capitals.
  const label = INVOICE_STATE_LABELS[state];
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** Counted in "Total restant dû … (n factures non soldées)": what the family still owes, here or to the Trésor. */
export const UNSETTLED_STATES: readonly InvoiceState[] = ['UNPAID', 'TREASURY'];

/**
 * Billing run moves: QUEUED → RUNNING (its job starts), then DONE or FAILED; a RUNNING run that made
 * no progress for a while is taken over (RUNNING → RUNNING); a QUEUED run may end without running
 * (nothing to bill, or its commune is gone). Labels: the back-office's words.
 */
export const BILLING_RUN_MACHINE = declareStateMachine<BillingRunState>({
  name: 'billing run',
  states: BILLING_RUN_STATES,
  initial: ['QUEUED'],
  transitions: {
    QUEUED: ['RUNNING', 'DONE', 'FAILED'],
    RUNNING: ['RUNNING', 'DONE', 'FAILED'],
    DONE: [],
    FAILED: [],
  },
  labels: { QUEUED: 'Facturation en file d’attente', RUNNING: 'Facturation en cours', DONE: 'Facturation terminée', FAILED: 'Facturation en échec' },
});

/** A credit note is issued once and stays so (`BillingEntry.state` ISSUED). */
export const CREDIT_NOTE_STATE_LABELS: Readonly<Record<'ISSUED', string>> = { ISSUED: 'Avoir émis' };

/** SPEC §2: an invoice is due 30 days after the later of its date and the last day it bills. */
export const PAYMENT_TERM_DAYS = 30;
export const dueOn = (issuedOn: LocalDate, lastBilledDay: LocalDate): LocalDate => addDays(lastBilledDay > issuedOn ? lastBilledDay : issuedOn, PAYMENT_TERM_DAYS);

/** `2026-00001`: gapless per commune and year. */
export const formatInvoiceNumber = (year: number, seq: number) => `${year}-${String(seq).padStart(5, '0')}`;
/** `AV-2026-00001`: the credit notes' own gapless series per commune and year. */
export const formatCreditNoteNumber = (year: number, seq: number) => `AV-${year}-${String(seq).padStart(5, '0')}`;
/** The commune counters' names: one gapless series each. */
export const COUNTERS = {
  invoice: (year: number) => `invoice:${year}`,
  creditNote: (year: number) => `credit-note:${year}`,
  payment: 'payment',
} as const;

/** The allocation order: the oldest invoice first (date, then number). */
export const byAge = (a: { issuedOn: string; number: string }, b: { issuedOn: string; number: string }) => a.issuedOn.localeCompare(b.issuedOn) || a.number.localeCompare(b.number);

/** Money allocated in the order given (sort with `byAge`), never more than each one's remaining due. */
export function allocateOldestFirst<T extends { id: string; remainingCents: number }>(invoices: readonly T[], amountCents: number): Array<{ invoice: T; cents: number }> {
  let left = amountCents;
  const out: Array<{ invoice: T; cents: number }> = [];
  for (const invoice of invoices) {
    if (left <= 0) break;
    const cents = Math.min(left, invoice.remainingCents);
    if (cents > 0) out.push({ invoice, cents });
    left -= cents;
  }
  return out;
}
