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
 * - TREASURY → PAID (a credit note leaves nothing to recover).
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
    PAID: [],
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

export const PAYMENT_STATES = ['PENDING', 'VALIDATED', 'REFUSED', 'CANCELLED'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
/**
 * Payment moves. PENDING ends VALIDATED, REFUSED or CANCELLED (the bank's word, or our expiry); a
 * final state never moves back — except to VALIDATED: money the bank took after the payment was
 * cancelled (our expiry ran first) or refused (a later card attempt succeeded) is never lost; the
 * payment is flagged for staff.
 */
export const PAYMENT_MACHINE = declareStateMachine<PaymentState>({
  name: 'payment',
  states: PAYMENT_STATES,
  // Online: PENDING until the bank's word; offline (recorded at the régie): VALIDATED at once.
  initial: ['PENDING', 'VALIDATED'],
  transitions: {
    PENDING: ['VALIDATED', 'REFUSED', 'CANCELLED'],
    CANCELLED: ['VALIDATED'],
    // A shop may allow several card attempts, notified one by one: a success after a refusal.
    REFUSED: ['VALIDATED'],
    VALIDATED: [],
  },
  labels: {
    PENDING: 'Règlement en attente de validation',
    VALIDATED: 'Règlement validé',
    REFUSED: 'Règlement refusé par la banque',
    CANCELLED: 'Règlement annulé',
  },
});
export const PAYMENT_TRANSITIONS = PAYMENT_MACHINE.transitions;
export const assertPaymentTransition = (from: PaymentState, to: PaymentState): void => PAYMENT_MACHINE.assert(from, to);
export const PAYMENT_STATE_LABELS = PAYMENT_MACHINE.labels;

/** Counted in "Total payé … (n paiements)". */
export const COUNTED_PAYMENT_STATES: readonly PaymentState[] = ['PENDING', 'VALIDATED'];

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

/** Offline payments staff record at the régie. */
export const PAYMENT_METHODS = ['CASH', 'CHECK', 'TRANSFER', 'CESU'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Who took the money: an offline method, or an online provider (`PAYLINE` in the history the towns import). */
export type PaymentProvider = PaymentMethod | 'SYSTEMPAY' | 'PAYLINE';

/** "Paiement n° 04083 (par PAYLINE)", "(par chèque)". */
export const PROVIDER_LABELS: Readonly<Record<PaymentProvider, string>> = {
  CASH: 'espèces',
  CHECK: 'chèque',
  TRANSFER: 'virement',
  CESU: 'CESU',
  SYSTEMPAY: 'carte bancaire',
  PAYLINE: 'PAYLINE',
};

/** The régie's rule: cash is accepted up to 300 € per payment. */
export const CASH_LIMIT_CENTS = 30_000;

/** SPEC §2: an invoice is due 30 days after the later of its date and the last day it bills. */
export const PAYMENT_TERM_DAYS = 30;
export const dueOn = (issuedOn: LocalDate, lastBilledDay: LocalDate): LocalDate => addDays(lastBilledDay > issuedOn ? lastBilledDay : issuedOn, PAYMENT_TERM_DAYS);

/** `2026-00001`: gapless per commune and year. */
export const formatInvoiceNumber = (year: number, seq: number) => `${year}-${String(seq).padStart(5, '0')}`;
/** `AV-2026-00001`: the credit notes' own gapless series per commune and year. */
export const formatCreditNoteNumber = (year: number, seq: number) => `AV-${year}-${String(seq).padStart(5, '0')}`;
/** `04083`: the commune's payment sequence. */
export const formatPaymentNumber = (seq: number) => String(seq).padStart(5, '0');

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
