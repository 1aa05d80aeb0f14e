import type { ApiError } from '../../api/client';
import type { PreviewReservationMutation, ReservationFieldsFragment } from '../../api/generated';
import { ActivityDates, keepMonth, monthsOf } from './booking-months';
import { bookable, cancellable, Day } from './planning-days';

/**
 * The steps of « Nouvelle réservation », as one pure reducer: the child and the month (`choose`),
 * the planning grid (`grid`), « Validation du planning » (`recap`), « Demande de réservation
 * enregistrée » (`done`). What the server says comes in with the actions; nothing here asks it.
 */
export type Step = 'choose' | 'grid' | 'recap' | 'done';
export type Preview = PreviewReservationMutation['previewReservation'];

export interface BookingState {
  step: Step;
  childId: string;
  activityId: string;
  month: string;
  /** Days to book, days to cancel (ISO dates). */
  book: ReadonlySet<string>;
  cancel: ReadonlySet<string>;
  /** Days refused, each with its reason: by « Validation du planning », or by the server at the end. */
  dayErrors: ReadonlyMap<string, string>;
  /** The page's own word (nothing chosen). */
  notice: string | null;
  preview: Preview | null;
  /** One per « Validation du planning »: a confirmation sent twice saves one request. */
  idempotencyKey: string;
  saved: ReservationFieldsFragment | null;
  /** The server's last refusal of some days, once taken into account (a new one sends back to the grid). */
  refusal: ApiError | null;
}

export type BookingAction =
  /** A child ticked: its activities with an accepted registration (one is chosen at once). */
  | { type: 'childChosen'; childId: string; activities: ActivityDates[]; today: string }
  | { type: 'activityChosen'; activity: ActivityDates | null; today: string }
  | { type: 'monthChosen'; month: string }
  | { type: 'planningShown' }
  | { type: 'dayToggled'; day: Day }
  /** « Réserver tout le mois », a week's button: every day of the set, or none when all are chosen already. */
  | { type: 'daysToggled'; days: Day[]; kind: 'book' | 'cancel' }
  | { type: 'nothingChosen' }
  | { type: 'previewAsked' }
  | { type: 'previewed'; preview: Preview; idempotencyKey: string }
  | { type: 'backToPlanning' }
  | { type: 'backToChoice' }
  /** The whole request refused for some days (`INVALID_DAYS`): back to the grid, each day with its reason. */
  | { type: 'daysRefused'; refusal: ApiError }
  | { type: 'saved'; reservation: ReservationFieldsFragment };

export const NOTHING_CHOSEN = 'Choisissez au moins un jour à réserver ou à annuler.';

export const initialBooking: BookingState = {
  step: 'choose',
  childId: '',
  activityId: '',
  month: '',
  book: new Set(),
  cancel: new Set(),
  dayErrors: new Map(),
  notice: null,
  preview: null,
  idempotencyKey: '',
  saved: null,
  refusal: null,
};

const noSelection = { book: new Set<string>(), cancel: new Set<string>(), dayErrors: new Map<string, string>(), notice: null };

function toggled(set: ReadonlySet<string>, date: string): Set<string> {
  const next = new Set(set);
  if (next.has(date)) next.delete(date);
  else next.add(date);
  return next;
}

function withActivity(state: BookingState, activity: ActivityDates | null, today: string): Pick<BookingState, 'activityId' | 'month'> {
  return { activityId: activity?.id ?? '', month: activity ? keepMonth(state.month, monthsOf(activity, today)) : state.month };
}

export function bookingReducer(state: BookingState, action: BookingAction): BookingState {
  switch (action.type) {
    case 'childChosen':
      return { ...state, ...noSelection, childId: action.childId, ...withActivity(state, action.activities.length === 1 ? action.activities[0] : null, action.today) };
    case 'activityChosen':
      return { ...state, ...withActivity(state, action.activity, action.today) };
    case 'monthChosen':
      return { ...state, month: action.month };
    case 'planningShown':
      return state.childId && state.activityId && state.month ? { ...state, step: 'grid' } : state;
    case 'dayToggled': {
      const { day } = action;
      if (bookable(day)) return { ...state, book: toggled(state.book, day.date), notice: null };
      if (cancellable(day)) return { ...state, cancel: toggled(state.cancel, day.date), notice: null };
      return { ...state, notice: null };
    }
    case 'daysToggled': {
      const target = new Set(action.kind === 'book' ? state.book : state.cancel);
      const all = action.days.every((d) => target.has(d.date));
      for (const d of action.days) {
        if (all) target.delete(d.date);
        else target.add(d.date);
      }
      return { ...state, [action.kind]: target, notice: null };
    }
    case 'nothingChosen':
      return { ...state, notice: NOTHING_CHOSEN };
    case 'previewAsked':
      return { ...state, notice: null };
    case 'previewed':
      return {
        ...state,
        step: 'recap',
        preview: action.preview,
        dayErrors: new Map(action.preview.lines.filter((l) => !l.ok).map((l) => [l.date, l.message ?? 'jour refusé'])),
        idempotencyKey: action.idempotencyKey,
      };
    case 'backToPlanning':
      return { ...state, step: 'grid' };
    case 'backToChoice':
      return { ...state, ...noSelection, step: 'choose' };
    case 'daysRefused':
      return { ...state, step: 'grid', refusal: action.refusal, dayErrors: new Map(action.refusal.invalidDays.map((d) => [d.date, d.message ?? d.reason])) };
    case 'saved':
      return { ...state, step: 'done', saved: action.reservation };
  }
}

/** A refusal of the request for some days, named day by day; null for any other error. */
export function daysRefusal(error: ApiError | null): ApiError | null {
  return error && error.reason === 'INVALID_DAYS' && error.invalidDays.length ? error : null;
}
