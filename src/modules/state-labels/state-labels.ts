import { BILLING_RUN_MACHINE, CREDIT_NOTE_STATE_LABELS, INVOICE_STATE_LABELS } from '../billing/billing-rules';
import { PAYMENT_STATE_LABELS } from '../payments/payment-rules';
import { REGISTRATION_MACHINE } from '../registrations/registration-transitions';
import { DAY_STATE_LABELS, DAY_TOO_LATE, DAY_TOO_LATE_LABEL, LINE_STATES, lineOutcomeLabel, PRESENCE_MACHINE, RESERVATION_STATE_LABELS } from '../reservations/reservation-rules';

/** What a state belongs to: the portal reads every label of a kind for its legends. */
export const STATE_KINDS = ['REGISTRATION', 'RESERVATION', 'BOOKING_LINE', 'CANCELLATION_LINE', 'PRESENCE', 'DAY', 'INVOICE', 'PAYMENT', 'CREDIT_NOTE', 'BILLING_RUN'] as const;
export type StateKind = (typeof STATE_KINDS)[number];

export interface StateLabel {
  kind: StateKind;
  state: string;
  label: string;
}

const entries = (kind: StateKind, labels: Readonly<Record<string, string>>): StateLabel[] => Object.entries(labels).map(([state, label]) => ({ kind, state, label }));
const lineLabels = (kind: 'BOOK' | 'CANCEL') => Object.fromEntries(LINE_STATES.map((s) => [s, lineOutcomeLabel(kind, s)]));

/**
 * Every state a family or an agent can read, with its French words, taken from the declarations
 * (each module's state machine, or the labels of a derived state): the one table the portal reads
 * instead of copying them. Order: the declaration's, which is the legends' order.
 */
export const STATE_LABELS: readonly StateLabel[] = [
  ...entries('REGISTRATION', REGISTRATION_MACHINE.labels),
  ...entries('RESERVATION', RESERVATION_STATE_LABELS),
  ...entries('BOOKING_LINE', lineLabels('BOOK')),
  ...entries('CANCELLATION_LINE', lineLabels('CANCEL')),
  ...entries('PRESENCE', PRESENCE_MACHINE.labels),
  ...entries('DAY', { ...DAY_STATE_LABELS, [DAY_TOO_LATE]: DAY_TOO_LATE_LABEL }),
  ...entries('INVOICE', INVOICE_STATE_LABELS),
  ...entries('PAYMENT', PAYMENT_STATE_LABELS),
  ...entries('CREDIT_NOTE', CREDIT_NOTE_STATE_LABELS),
  ...entries('BILLING_RUN', BILLING_RUN_MACHINE.labels),
];
