import { clock } from './clock';

/**
 * Calendar days are `YYYY-MM-DD` strings end to end (PostgreSQL `date`, GraphQL `Date`): no time
 * zone can shift them. Arithmetic goes through UTC midnight, where every day has 24 hours.
 */
export type LocalDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day: `2018-02-30` and `2021-13-01` are not. */
export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const toUtc = (d: LocalDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const fromUtc = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);

export function addDays(d: LocalDate, days: number): LocalDate {
  return fromUtc(toUtc(d) + days * 86_400_000);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const w = new Date(toUtc(d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** ISO 8601 week number (the guide's planning rows 35–39). */
export function isoWeek(d: LocalDate): number {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const jan1 = `${thursday.slice(0, 4)}-01-01`;
  return Math.floor(daysBetween(jan1, thursday) / 7) + 1;
}

/** The calendar day it is now in a time zone (the commune's: `Europe/Paris`). */
export function todayIn(timeZone: string, now: Date = clock.now()): LocalDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD. Building a formatter is costly: one per time zone, kept.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `2021-09` → first and last day of the month; null when not a month. */
export function monthBounds(month: string): { first: LocalDate; last: LocalDate } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (mo < 1 || mo > 12 || y < 1900 || y > 2200) return null;
  return { first: `${m[1]}-${m[2]}-01`, last: `${m[1]}-${m[2]}-${String(daysInMonth(y, mo)).padStart(2, '0')}` };
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `2021-09` → `septembre 2021`. */
export function frenchMonthLabel(month: string): string {
  return `${FR_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** `2021-09-02` → `02/09/2021`. */
export function frenchDate(d: LocalDate): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

/**
 * Dates in order, compact as a French bill lists them: the days of one month, then its month and
 * year — `02, 03, 06, 07/09/2021 ; 01/10/2021`.
 */
export function frenchDateList(dates: readonly LocalDate[]): string {
  const months: Array<{ month: string; days: string[] }> = [];
  for (const d of [...dates].sort()) {
    const month = `${d.slice(5, 7)}/${d.slice(0, 4)}`;
    if (months[months.length - 1]?.month !== month) months.push({ month, days: [] });
    months[months.length - 1].days.push(d.slice(8, 10));
  }
  return months.map((m) => `${m.days.join(', ')}/${m.month}`).join(' ; ');
}

const FR_DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const FR_MONTHS_SHORT = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sep.', 'oct.', 'nov.', 'déc.'];

/** `2021-09-02` → `jeudi 02 sep. 2021`, as the guide's recap writes it. */
export function frenchLongDate(d: LocalDate): string {
  return `${FR_DAYS[isoWeekday(d) - 1]} ${d.slice(8, 10)} ${FR_MONTHS_SHORT[Number(d.slice(5, 7)) - 1]} ${d.slice(0, 4)}`;
}
