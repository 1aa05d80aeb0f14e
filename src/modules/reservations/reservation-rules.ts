import { LocalDate, monthBounds } from '../../common/dates/local-date';
import { declareStateMachine } from '../../common/state/state-machine';
import { ActivityCalendar, modifiability } from '../activities/service-calendar';

export const LINE_KINDS = ['BOOK', 'CANCEL'] as const;
export type LineKind = (typeof LINE_KINDS)[number];
export const LINE_STATES = ['REQUESTED', 'PENDING', 'ACCEPTED', 'REFUSED', 'NO_PLACE', 'WITHDRAWN'] as const;
export type LineState = (typeof LINE_STATES)[number];
export const RESERVATION_STATES = ['PENDING', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'PARTIAL'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];
export const PRESENCE_STATUSES = [
  'REQUESTED',
  'PENDING',
  'BOOKED',
  'CANCEL_REQUESTED',
  'CANCEL_PENDING',
  'CANCELLED',
  'NO_PLACE',
  'REFUSED',
  /** Staff excused the child's absence (medical certificate): never billed, or credited if it was. */
  'EXCUSED',
] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];
/** The guide's "état de la présence" of a planning day. */
export const DAY_STATES = ['CLOSED', 'FREE', 'BOOKING_REQUESTED', 'CANCELLATION_REQUESTED', 'PENDING', 'CANCELLATION_PENDING', 'BOOKED', 'NO_PLACE', 'REFUSED', 'EXCUSED'] as const;
export type DayState = (typeof DAY_STATES)[number];

/**
 * Line moves. A request's line is REQUESTED, then settled by the queue (ACCEPTED, PENDING a staff
 * decision, NO_PLACE, REFUSED on a closed day) or withdrawn; a PENDING one is decided or withdrawn.
 * Anything else is a bug and throws. Labels: a BOOK line's outcome (a CANCEL line's: below).
 */
export const LINE_MACHINE = declareStateMachine<LineState>({
  name: 'reservation line',
  states: LINE_STATES,
  initial: ['REQUESTED'],
  transitions: {
    REQUESTED: ['PENDING', 'ACCEPTED', 'NO_PLACE', 'REFUSED', 'WITHDRAWN'],
    PENDING: ['ACCEPTED', 'REFUSED', 'WITHDRAWN'],
    ACCEPTED: [],
    REFUSED: [],
    NO_PLACE: [],
    WITHDRAWN: [],
  },
  labels: {
    REQUESTED: 'Demande de réservation',
    PENDING: 'Présence en attente de traitement',
    ACCEPTED: 'Présence acceptée',
    REFUSED: 'Présence refusée',
    NO_PLACE: 'Aucune place disponible',
    WITHDRAWN: 'Demande retirée',
  },
});
/** A CANCEL line's outcome, where it differs from a BOOK line's. */
export const CANCEL_LINE_LABELS: Readonly<Partial<Record<LineState, string>>> = {
  REQUESTED: 'Demande d’annulation',
  PENDING: 'Annulation en attente de traitement',
  ACCEPTED: 'Annulation acceptée',
  REFUSED: 'Annulation refusée',
};
export const LINE_TRANSITIONS = LINE_MACHINE.transitions;
export const assertLineTransition = (from: LineState, to: LineState): void => LINE_MACHINE.assert(from, to);

/**
 * Presence moves (a child's day): a free day (none, or CANCELLED / NO_PLACE / REFUSED) is REQUESTED,
 * then BOOKED, PENDING a decision, NO_PLACE, or CANCELLED (withdrawn, or a closed day); a BOOKED day
 * is asked back (CANCEL_REQUESTED → CANCEL_PENDING) and ends CANCELLED or BOOKED again, or is
 * EXCUSED by staff (final). A closure cancels any day that still holds it. Labels: the guide's
 * "état de la présence".
 */
export const PRESENCE_MACHINE = declareStateMachine<PresenceStatus>({
  name: 'presence',
  states: PRESENCE_STATUSES,
  initial: ['REQUESTED'],
  transitions: {
    REQUESTED: ['PENDING', 'BOOKED', 'NO_PLACE', 'CANCELLED'],
    PENDING: ['BOOKED', 'REFUSED', 'CANCELLED'],
    BOOKED: ['CANCEL_REQUESTED', 'EXCUSED', 'CANCELLED'],
    CANCEL_REQUESTED: ['CANCEL_PENDING', 'CANCELLED', 'BOOKED'],
    CANCEL_PENDING: ['CANCELLED', 'BOOKED'],
    CANCELLED: ['REQUESTED'],
    NO_PLACE: ['REQUESTED'],
    REFUSED: ['REQUESTED'],
    EXCUSED: [],
  },
  labels: {
    REQUESTED: 'Nouvelle demande de réservation',
    PENDING: 'Présence en attente de traitement',
    BOOKED: 'Présence acceptée',
    CANCEL_REQUESTED: 'Demande d’annulation',
    CANCEL_PENDING: 'Annulation en attente de traitement',
    CANCELLED: 'Présence annulée',
    NO_PLACE: 'Aucune place disponible',
    REFUSED: 'Présence refusée',
    EXCUSED: 'Absence excusée',
  },
});

/** « Légende (état de la réservation) »: a reservation's state is derived from its lines, so it has labels and no moves. */
export const RESERVATION_STATE_LABELS: Readonly<Record<ReservationState, string>> = {
  PENDING: 'Réservation en attente de traitement',
  ACCEPTED: 'Réservation acceptée',
  REFUSED: 'Réservation refusée',
  CANCELLED: 'Réservation annulée',
  PARTIAL: 'Des présences acceptées et d’autres refusées ou annulées',
};

/** A day of the planning grid (« Légende (état de la présence) »): the presence's words, and the two states of a day without one. */
export const DAY_STATE_LABELS: Readonly<Record<DayState, string>> = {
  FREE: 'Libre',
  CLOSED: 'Fermé',
  BOOKING_REQUESTED: PRESENCE_MACHINE.labels.REQUESTED,
  CANCELLATION_REQUESTED: PRESENCE_MACHINE.labels.CANCEL_REQUESTED,
  PENDING: PRESENCE_MACHINE.labels.PENDING,
  CANCELLATION_PENDING: PRESENCE_MACHINE.labels.CANCEL_PENDING,
  BOOKED: PRESENCE_MACHINE.labels.BOOKED,
  NO_PLACE: PRESENCE_MACHINE.labels.NO_PLACE,
  REFUSED: PRESENCE_MACHINE.labels.REFUSED,
  EXCUSED: PRESENCE_MACHINE.labels.EXCUSED,
};
/** A free day whose modification deadline has passed: it can no longer be booked. */
export const DAY_TOO_LATE = 'TOO_LATE';
export const DAY_TOO_LATE_LABEL = 'Délai de modification dépassé';

/** What the family reads for a day of the planning. */
export function dayLabel(day: { state: DayState; modifiable: boolean }): string {
  return day.state === 'FREE' && !day.modifiable ? DAY_TOO_LATE_LABEL : DAY_STATE_LABELS[day.state];
}

export const OPEN_LINE_STATES: LineState[] = ['REQUESTED', 'PENDING'];

/**
 * SPEC §2: PENDING if any line is REQUESTED/PENDING; else ACCEPTED if all are accepted; CANCELLED if
 * all are withdrawn; REFUSED if none is accepted and at least one is refused / no place; else PARTIAL.
 */
export function deriveReservationState(lines: ReadonlyArray<{ state: LineState }>): ReservationState {
  if (lines.some((l) => OPEN_LINE_STATES.includes(l.state))) return 'PENDING';
  if (lines.length && lines.every((l) => l.state === 'ACCEPTED')) return 'ACCEPTED';
  if (lines.every((l) => l.state === 'WITHDRAWN')) return 'CANCELLED';
  const accepted = lines.some((l) => l.state === 'ACCEPTED');
  const refused = lines.some((l) => l.state === 'REFUSED' || l.state === 'NO_PLACE');
  if (!accepted && refused) return 'REFUSED';
  return 'PARTIAL';
}

/** A presence that holds the day: a new booking request for it is refused. */
export const ACTIVE_PRESENCE: PresenceStatus[] = ['REQUESTED', 'PENDING', 'BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING'];
/**
 * A presence that holds a booked seat (`activity_day.booked`, the headcount's `booked`): accepted,
 * with a cancellation still undecided or not.
 */
export const SEATED_PRESENCE: PresenceStatus[] = ['BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING'];
/** A presence that leaves the day free to book again. */
export const REBOOKABLE_PRESENCE: PresenceStatus[] = PRESENCE_MACHINE.fromStates('REQUESTED');

/** The guide's "état de la présence" of a service day. */
export function dayStateOf(serviceDay: boolean, presence: PresenceStatus | undefined): DayState {
  if (!serviceDay && (!presence || REBOOKABLE_PRESENCE.includes(presence))) return 'CLOSED';
  switch (presence) {
    case undefined:
    case 'CANCELLED':
      return 'FREE';
    case 'REQUESTED':
      return 'BOOKING_REQUESTED';
    case 'PENDING':
      return 'PENDING';
    case 'BOOKED':
      return 'BOOKED';
    case 'CANCEL_REQUESTED':
      return 'CANCELLATION_REQUESTED';
    case 'CANCEL_PENDING':
      return 'CANCELLATION_PENDING';
    case 'NO_PLACE':
      return 'NO_PLACE';
    case 'REFUSED':
      return 'REFUSED';
    case 'EXCUSED':
      return 'EXCUSED';
  }
}

export type InvalidDayReason =
  'OUTSIDE_MONTH' | 'NOT_A_SERVICE_DAY' | 'BOOKING_NOT_OPEN' | 'BOOKING_CLOSED' | 'DEADLINE_PASSED' | 'ALREADY_BOOKED' | 'NOT_BOOKED' | 'ALREADY_BILLED' | 'EXCUSED' | 'DUPLICATE_DATE';

export const INVALID_DAY_MESSAGES: Record<InvalidDayReason, string> = {
  OUTSIDE_MONTH: 'n’est pas dans le mois choisi',
  NOT_A_SERVICE_DAY: 'n’est pas un jour de service',
  BOOKING_NOT_OPEN: 'les réservations ne sont pas encore ouvertes',
  BOOKING_CLOSED: 'les réservations sont closes',
  DEADLINE_PASSED: 'le délai de modification est dépassé',
  ALREADY_BOOKED: 'est déjà réservé ou demandé',
  NOT_BOOKED: 'n’est pas une présence acceptée à annuler',
  ALREADY_BILLED: 'est déjà facturé',
  EXCUSED: 'est une absence excusée',
  DUPLICATE_DATE: 'est demandé deux fois',
};

export interface DayCheck {
  date: LocalDate;
  kind: LineKind;
  reason: InvalidDayReason | null;
}

export interface KnownPresence {
  status: PresenceStatus;
  billed: boolean;
}

/**
 * Checks every requested day against SPEC §2: in the month, a service day, modifiable today, a BOOK
 * day not already booked or requested, a CANCEL day booked and not billed. Returns every day with
 * its reason (null when it passes), in date order.
 */
export function checkDays(input: {
  month: string;
  book: LocalDate[];
  cancel: LocalDate[];
  calendar: ActivityCalendar;
  today: LocalDate;
  presences: ReadonlyMap<LocalDate, KnownPresence>;
}): DayCheck[] {
  const bounds = monthBounds(input.month)!;
  const seen = new Set<LocalDate>();
  const checks: DayCheck[] = [];
  const requests: Array<{ date: LocalDate; kind: LineKind }> = [...input.book.map((date) => ({ date, kind: 'BOOK' as const })), ...input.cancel.map((date) => ({ date, kind: 'CANCEL' as const }))];
  for (const { date, kind } of requests) {
    let reason: InvalidDayReason | null = null;
    if (seen.has(date)) reason = 'DUPLICATE_DATE';
    else if (date < bounds.first || date > bounds.last) reason = 'OUTSIDE_MONTH';
    else {
      const m = modifiability(input.calendar, date, input.today);
      const presence = input.presences.get(date);
      if (!m.modifiable) reason = m.reason!;
      else if (kind === 'BOOK' && presence && ACTIVE_PRESENCE.includes(presence.status)) reason = 'ALREADY_BOOKED';
      else if (presence?.status === 'EXCUSED') reason = 'EXCUSED';
      else if (kind === 'CANCEL' && presence?.billed && presence.status === 'BOOKED') reason = 'ALREADY_BILLED';
      else if (kind === 'CANCEL' && presence?.status !== 'BOOKED') reason = 'NOT_BOOKED';
    }
    seen.add(date);
    checks.push({ date, kind, reason });
  }
  return checks.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

/** `25288` → `025288`: the guide's reservation numbers. */
export const formatReservationNumber = (n: number) => String(n).padStart(6, '0');

/** What the family reads for a processed line (mail, recap). */
export function lineOutcomeLabel(kind: LineKind, state: LineState): string {
  return (kind === 'CANCEL' ? CANCEL_LINE_LABELS[state] : undefined) ?? LINE_MACHINE.labels[state];
}
