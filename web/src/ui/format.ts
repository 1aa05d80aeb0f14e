const NBSP = '\u00a0';

/** 86173 → « 861,73 € » (thousands grouped with a narrow space, as in French). */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${sign}${units},${String(abs % 100).padStart(2, '0')}${NBSP}€`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function parts(iso: string): { y: number; m: number; d: number } {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return { y, m, d };
}

/** « 2009-11-30 » → « 30/11/2009 ». */
export function frDate(iso: string): string {
  const { y, m, d } = parts(iso);
  return `${pad(d)}/${pad(m)}/${y}`;
}

/** Dates in order, compact: « 02, 03, 06, 07/09/2021 ; 01/10/2021 » (the days of a month, then its month and year). */
export function frDateList(dates: readonly string[]): string {
  const months: Array<{ month: string; days: string[] }> = [];
  for (const iso of [...dates].sort()) {
    const { y, m, d } = parts(iso);
    const month = `${pad(m)}/${y}`;
    if (months[months.length - 1]?.month !== month) months.push({ month, days: [] });
    months[months.length - 1].days.push(pad(d));
  }
  return months.map((g) => `${g.days.join(', ')}/${g.month}`).join(' ; ');
}

/** An instant → « 22/05/2015 à 15:15 » in the browser's time zone (the town's, for its families). */
export function frDateTime(iso: string): string {
  const t = new Date(iso);
  return `${pad(t.getDate())}/${pad(t.getMonth() + 1)}/${t.getFullYear()} à ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

export const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
export const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const SHORT_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

export function weekdayOf(iso: string): number {
  const { y, m, d } = parts(iso);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** « jeudi 02 sept. 2021 », as the guide's recaps. */
export function longDate(iso: string): string {
  const { y, m, d } = parts(iso);
  return `${WEEKDAYS[weekdayOf(iso)]} ${pad(d)} ${SHORT_MONTHS[m - 1]} ${y}`;
}

/** « jeudi 2 septembre » for screen readers. */
export function spokenDate(iso: string): string {
  const { m, d } = parts(iso);
  return `${WEEKDAYS[weekdayOf(iso)]} ${d} ${MONTHS[m - 1]}`;
}

/** « 2021-09 » → « septembre 2021 ». */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${MONTHS[m - 1]} ${y}`;
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
