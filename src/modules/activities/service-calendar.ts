import { frenchHoliday } from '../../common/dates/french-holidays';
import { addDays, isoWeekday, LocalDate } from '../../common/dates/local-date';

/** What the rules need to know of an activity. */
export interface ActivityCalendar {
  startDate: LocalDate;
  endDate: LocalDate;
  /** ISO weekdays served: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  bookingOpensOn: LocalDate | null;
  bookingClosesOn: LocalDate;
  modificationLeadDays: number;
  closures: Array<{ from: LocalDate; to: LocalDate; label: string }>;
}

/** The calendar of an activity and its staff closures, as the rules need it. */
export function calendarOf(
  activity: Pick<ActivityCalendar, 'startDate' | 'endDate' | 'weekdays' | 'bookingOpensOn' | 'bookingClosesOn' | 'modificationLeadDays'>,
  closures: ActivityCalendar['closures'],
): ActivityCalendar {
  return {
    startDate: activity.startDate,
    endDate: activity.endDate,
    weekdays: activity.weekdays,
    bookingOpensOn: activity.bookingOpensOn,
    bookingClosesOn: activity.bookingClosesOn,
    modificationLeadDays: activity.modificationLeadDays,
    closures,
  };
}

export type NoServiceReason = 'OUTSIDE_PERIOD' | 'NOT_A_SERVICE_WEEKDAY' | 'PUBLIC_HOLIDAY' | 'CLOSURE';

export type DayService = { serviceDay: true } | { serviceDay: false; reason: NoServiceReason; closureLabel: string | null };

/**
 * SPEC §2: a service day is within the activity's dates, on a service weekday, not a French public
 * holiday and not in a staff closure.
 */
export function dayService(cal: ActivityCalendar, day: LocalDate): DayService {
  if (day < cal.startDate || day > cal.endDate) return { serviceDay: false, reason: 'OUTSIDE_PERIOD', closureLabel: null };
  if (!cal.weekdays.includes(isoWeekday(day))) return { serviceDay: false, reason: 'NOT_A_SERVICE_WEEKDAY', closureLabel: null };
  const holiday = frenchHoliday(day);
  if (holiday) return { serviceDay: false, reason: 'PUBLIC_HOLIDAY', closureLabel: holiday };
  const closure = cal.closures.find((c) => c.from <= day && day <= c.to);
  if (closure) return { serviceDay: false, reason: 'CLOSURE', closureLabel: closure.label };
  return { serviceDay: true };
}

export type NotModifiableReason = 'NOT_A_SERVICE_DAY' | 'BOOKING_NOT_OPEN' | 'BOOKING_CLOSED' | 'DEADLINE_PASSED';

export interface Modifiability {
  modifiable: boolean;
  /** Last calendar day on which the family may still change this day (null: not a service day). */
  until: LocalDate | null;
  reason: NotModifiableReason | null;
}

/** The last day a service day can be changed: `leadDays` before it, and never after the booking window closes. */
export function modifiableUntil(cal: ActivityCalendar, day: LocalDate): LocalDate {
  const byLead = addDays(day, -cal.modificationLeadDays);
  return byLead < cal.bookingClosesOn ? byLead : cal.bookingClosesOn;
}

/**
 * SPEC §2: a day is modifiable on day `today` (commune time) iff it is a service day, `today` is in
 * the booking window, and `today <= day - leadDays`.
 */
export function modifiability(cal: ActivityCalendar, day: LocalDate, today: LocalDate): Modifiability {
  if (!dayService(cal, day).serviceDay) return { modifiable: false, until: null, reason: 'NOT_A_SERVICE_DAY' };
  const until = modifiableUntil(cal, day);
  if (cal.bookingOpensOn && today < cal.bookingOpensOn) return { modifiable: false, until, reason: 'BOOKING_NOT_OPEN' };
  if (today > cal.bookingClosesOn) return { modifiable: false, until, reason: 'BOOKING_CLOSED' };
  if (today > addDays(day, -cal.modificationLeadDays)) return { modifiable: false, until, reason: 'DEADLINE_PASSED' };
  return { modifiable: true, until, reason: null };
}
