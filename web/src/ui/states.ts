import type { DayState, InvoiceState, PaymentState, RegistrationState, ReservationLineKind, ReservationLineState, ReservationState, StateKind } from '../api/generated';
import type { IconName } from './icon-name';

/**
 * How a state looks: its icon and tone. Its words are the server's (`stateLabels`, read by
 * `useStateLabel`), never copied here.
 */
export interface StateLook {
  kind: StateKind;
  state: string;
  icon: IconName;
  tone: 'ok' | 'ko' | 'wait' | 'info' | 'muted';
}

type Looks<S extends string> = Record<S, StateLook>;
const looks = <S extends string>(kind: StateKind, of: Record<S, [IconName, StateLook['tone']]>): Looks<S> =>
  Object.fromEntries(Object.entries<[IconName, StateLook['tone']]>(of).map(([state, [icon, tone]]) => [state, { kind, state, icon, tone }])) as Looks<S>;

/** « Légende (état de la réservation) ». */
export const RESERVATION_STATES = looks<ReservationState>('RESERVATION', {
  PENDING: ['question', 'wait'],
  ACCEPTED: ['check', 'ok'],
  REFUSED: ['cross', 'ko'],
  CANCELLED: ['minus', 'muted'],
  PARTIAL: ['exclamation', 'info'],
});

const LINE_ICONS: Record<ReservationLineState, [IconName, StateLook['tone']]> = {
  REQUESTED: ['plus', 'info'],
  PENDING: ['question', 'wait'],
  ACCEPTED: ['check', 'ok'],
  REFUSED: ['cross', 'ko'],
  NO_PLACE: ['exclamation', 'ko'],
  WITHDRAWN: ['minus', 'muted'],
};
const BOOKING_LINES = looks<ReservationLineState>('BOOKING_LINE', LINE_ICONS);
const CANCELLATION_LINES = looks<ReservationLineState>('CANCELLATION_LINE', { ...LINE_ICONS, REQUESTED: ['minus', 'info'] });

/** One day of a request, by its kind and state (« Légende (état de la présence) »). */
export const lineLook = (kind: ReservationLineKind, state: ReservationLineState): StateLook => (kind === 'BOOK' ? BOOKING_LINES : CANCELLATION_LINES)[state];

/** A day booked by this request, then cancelled by a later one (`ReservationLine.cancelledBy`) or by the town hall (`townHallNote`). */
export const LINE_CANCELLED_LATER: StateLook = { kind: 'PRESENCE', state: 'CANCELLED', icon: 'minus', tone: 'muted' };

/** A day of the planning grid. */
export const DAY_STATES = looks<DayState>('DAY', {
  FREE: ['plus', 'muted'],
  BOOKING_REQUESTED: ['plus', 'info'],
  CANCELLATION_REQUESTED: ['minus', 'info'],
  PENDING: ['question', 'wait'],
  CANCELLATION_PENDING: ['question', 'wait'],
  BOOKED: ['check', 'ok'],
  NO_PLACE: ['exclamation', 'ko'],
  REFUSED: ['cross', 'ko'],
  CLOSED: ['lock', 'muted'],
  EXCUSED: ['info', 'muted'],
});

/** A free day whose modification deadline has passed: it can no longer be booked. */
export const DAY_TOO_LATE: StateLook = { kind: 'DAY', state: 'TOO_LATE', icon: 'clock', tone: 'muted' };

/** « Légende (état de la facture) ». */
export const INVOICE_STATES = looks<InvoiceState>('INVOICE', {
  PAYMENT_PENDING: ['question', 'wait'],
  PAID: ['check', 'ok'],
  UNPAID: ['cross', 'ko'],
  TREASURY: ['exclamation', 'info'],
});

/** « Légende (état du paiement) ». */
export const PAYMENT_STATES = looks<PaymentState>('PAYMENT', {
  PENDING: ['question', 'wait'],
  VALIDATED: ['check', 'ok'],
  REFUSED: ['cross', 'ko'],
  CANCELLED: ['cross', 'muted'],
});

export const CREDIT_NOTE_STATE: StateLook = { kind: 'CREDIT_NOTE', state: 'ISSUED', icon: 'check', tone: 'ok' };

export const REGISTRATION_STATES = looks<RegistrationState>('REGISTRATION', {
  PENDING: ['question', 'wait'],
  ACCEPTED: ['check', 'ok'],
  REFUSED: ['cross', 'ko'],
});
