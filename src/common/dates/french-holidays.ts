import { addDays, LocalDate } from './local-date';

/** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The eleven French public holidays of a year (metropolitan France), by date. */
export function frenchPublicHolidays(year: number): Map<LocalDate, string> {
  const easter = easterSunday(year);
  const y = String(year);
  return new Map<LocalDate, string>([
    [`${y}-01-01`, 'Jour de l’an'],
    [addDays(easter, 1), 'Lundi de Pâques'],
    [`${y}-05-01`, 'Fête du Travail'],
    [`${y}-05-08`, 'Victoire 1945'],
    [addDays(easter, 39), 'Ascension'],
    [addDays(easter, 50), 'Lundi de Pentecôte'],
    [`${y}-07-14`, 'Fête nationale'],
    [`${y}-08-15`, 'Assomption'],
    [`${y}-11-01`, 'Toussaint'],
    [`${y}-11-11`, 'Armistice 1918'],
    [`${y}-12-25`, 'Noël'],
  ]);
}

const cache = new Map<number, Map<LocalDate, string>>();

/** The holiday's French name, or null. */
export function frenchHoliday(d: LocalDate): string | null {
  const year = Number(d.slice(0, 4));
  let holidays = cache.get(year);
  if (!holidays) cache.set(year, (holidays = frenchPublicHolidays(year)));
  return holidays.get(d) ?? null;
}
