/**
 * Money and dates as a French reader expects them, through `Intl` in fr-FR: the one place of the
 * portal that formats them (the server's PDFs and mails use the same `Intl` formats).
 */
const MONEY = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** A calendar day (« 2021-09-02 ») is a day, not an instant: formatted in UTC so no time zone moves it. */
const day = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', ...options });
const SHORT = day({ day: '2-digit', month: '2-digit', year: 'numeric' });
const LONG = day({ weekday: 'long', day: '2-digit', month: 'short', year: 'numeric' });
const SPOKEN = day({ weekday: 'long', day: 'numeric', month: 'long' });
const MONTH = day({ month: 'long', year: 'numeric' });
const WEEKDAY = day({ weekday: 'long' });
/** An instant, in the browser's time zone (the town's, for its families). */
const INSTANT_DAY = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' });
const INSTANT_TIME = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** 86173 → « 861,73 € » (thousands grouped with a narrow no-break space, as in French). */
export function euros(cents: number): string {
  return MONEY.format(cents / 100);
}

const pad = (n: number) => String(n).padStart(2, '0');

function parts(iso: string): { y: number; m: number; d: number } {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return { y, m, d };
}

const utc = (iso: string): Date => {
  const { y, m, d } = parts(iso);
  return new Date(Date.UTC(y, m - 1, d));
};

/** « 2009-11-30 » → « 30/11/2009 ». */
export function frDate(iso: string): string {
  return SHORT.format(utc(iso));
}

/** Dates in order, compact: « 02, 03, 06, 07/09/2021 ; 01/10/2021 » (the days of a month, then its month and year). */
export function frDateList(dates: readonly string[]): string {
  const months: Array<{ month: string; days: string[] }> = [];
  for (const iso of [...dates].sort()) {
    const [d, ...monthAndYear] = frDate(iso).split('/');
    const month = monthAndYear.join('/');
    if (months[months.length - 1]?.month !== month) months.push({ month, days: [] });
    months[months.length - 1].days.push(d);
  }
  return months.map((g) => `${g.days.join(', ')}/${g.month}`).join(' ; ');
}

/** An instant → « 22/05/2015 à 15:15 » in the browser's time zone (the town's, for its families). */
export function frDateTime(iso: string): string {
  const t = new Date(iso);
  return `${INSTANT_DAY.format(t)} à ${INSTANT_TIME.format(t)}`;
}

/** « dimanche » … « samedi », by `getUTCDay()` (1 January 2023 was a Sunday). */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6].map((i) => WEEKDAY.format(new Date(Date.UTC(2023, 0, 1 + i))));

export function weekdayOf(iso: string): number {
  const { y, m, d } = parts(iso);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** « jeudi 02 sept. 2021 », as the guide's recaps. */
export function longDate(iso: string): string {
  return LONG.format(utc(iso));
}

/** « jeudi 2 septembre » for screen readers. */
export function spokenDate(iso: string): string {
  return SPOKEN.format(utc(iso));
}

/** « 2021-09 » → « septembre 2021 ». */
export function monthLabel(month: string): string {
  return MONTH.format(utc(`${month}-01`));
}

export function dayOfMonth(iso: string): string {
  return pad(parts(iso).d);
}

/** The month after « 2021-09 ». */
export function nextMonth(month: string, by = 1): string {
  const [y, m] = month.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Roles as people read them (never STAFF / ADMIN). */
export const ROLE_LABELS: Record<string, string> = { FAMILY: 'Famille', STAFF: 'Agent', ADMIN: 'Administrateur' };
