import { declareStateMachine } from '../../common/state/state-machine';

/*
 * A payment's rules, online (Systempay) or recorded at the régie: its state machine and labels, the
 * methods and providers, the régie's cash limit and the payment's number as people read it.
 */

export const PAYMENT_STATES = ['PENDING', 'VALIDATED', 'REFUSED', 'CANCELLED'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
/**
 * Payment moves. PENDING ends VALIDATED, REFUSED or CANCELLED (the bank's word, or our expiry); a
 * final state never moves back — except a direct debit's reject after its collection date
 * (VALIDATED → REFUSED, below), and to VALIDATED: money the bank took after the payment was
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
    // A direct debit is VALIDATED on its collection date, but the debtor's bank may still return it
    // afterwards (SEPA allows rejects and returns for days, refunds for weeks): staff record the
    // reject, and the money allocated is taken back from the invoice (direct debits only).
    VALIDATED: ['REFUSED'],
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

/** Offline payments staff record at the régie. */
export const PAYMENT_METHODS = ['CASH', 'CHECK', 'TRANSFER', 'CESU'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Who took the money: an offline method, an online provider (`PAYLINE` in the history the towns import), or a SEPA direct debit. */
export type PaymentProvider = PaymentMethod | 'SYSTEMPAY' | 'PAYLINE' | 'DIRECT_DEBIT' | 'PAYFIP';

/** "Paiement n° 04083 (par PAYLINE)", "(par chèque)". */
export const PROVIDER_LABELS: Readonly<Record<PaymentProvider, string>> = {
  CASH: 'espèces',
  CHECK: 'chèque',
  TRANSFER: 'virement',
  CESU: 'CESU',
  SYSTEMPAY: 'carte bancaire',
  PAYLINE: 'PAYLINE',
  DIRECT_DEBIT: 'prélèvement',
  PAYFIP: 'PayFiP',
};

/** The régie's rule: cash is accepted up to 300 € per payment. */
export const CASH_LIMIT_CENTS = 30_000;

/** `04083`: the commune's payment sequence. */
export const formatPaymentNumber = (seq: number) => String(seq).padStart(5, '0');
