import { easterSunday, frenchHoliday, frenchPublicHolidays } from './french-holidays';
import { addDays, isoWeekday } from './local-date';

describe('easterSunday', () => {
  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2018, '2018-04-01'],
    [2019, '2019-04-21'],
    [2020, '2020-04-12'],
    [2021, '2021-04-04'],
    [2022, '2022-04-17'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('%p → %p', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
    expect(isoWeekday(expected)).toBe(7);
  });
});

describe('frenchPublicHolidays', () => {
  it.each([
    [
      2021,
      [
        ['2021-01-01', 'Jour de l’an'],
        ['2021-04-05', 'Lundi de Pâques'],
        ['2021-05-01', 'Fête du Travail'],
        ['2021-05-08', 'Victoire 1945'],
        ['2021-05-13', 'Ascension'],
        ['2021-05-24', 'Lundi de Pentecôte'],
        ['2021-07-14', 'Fête nationale'],
        ['2021-08-15', 'Assomption'],
        ['2021-11-01', 'Toussaint'],
        ['2021-11-11', 'Armistice 1918'],
        ['2021-12-25', 'Noël'],
      ],
    ],
    [
      2022,
      [
        ['2022-01-01', 'Jour de l’an'],
        ['2022-04-18', 'Lundi de Pâques'],
        ['2022-05-01', 'Fête du Travail'],
        ['2022-05-08', 'Victoire 1945'],
        ['2022-05-26', 'Ascension'],
        ['2022-06-06', 'Lundi de Pentecôte'],
        ['2022-07-14', 'Fête nationale'],
        ['2022-08-15', 'Assomption'],
        ['2022-11-01', 'Toussaint'],
        ['2022-11-11', 'Armistice 1918'],
        ['2022-12-25', 'Noël'],
      ],
    ],
    [
      2024,
      [
        ['2024-01-01', 'Jour de l’an'],
        ['2024-04-01', 'Lundi de Pâques'],
        ['2024-05-01', 'Fête du Travail'],
        ['2024-05-08', 'Victoire 1945'],
        ['2024-05-09', 'Ascension'],
        ['2024-05-20', 'Lundi de Pentecôte'],
        ['2024-07-14', 'Fête nationale'],
        ['2024-08-15', 'Assomption'],
        ['2024-11-01', 'Toussaint'],
        ['2024-11-11', 'Armistice 1918'],
        ['2024-12-25', 'Noël'],
      ],
    ],
    [
      2025,
      [
        ['2025-01-01', 'Jour de l’an'],
        ['2025-04-21', 'Lundi de Pâques'],
        ['2025-05-01', 'Fête du Travail'],
        ['2025-05-08', 'Victoire 1945'],
        ['2025-05-29', 'Ascension'],
        ['2025-06-09', 'Lundi de Pentecôte'],
        ['2025-07-14', 'Fête nationale'],
        ['2025-08-15', 'Assomption'],
        ['2025-11-01', 'Toussaint'],
        ['2025-11-11', 'Armistice 1918'],
        ['2025-12-25', 'Noël'],
      ],
    ],
    [
      2026,
      [
        ['2026-01-01', 'Jour de l’an'],
        ['2026-04-06', 'Lundi de Pâques'],
        ['2026-05-01', 'Fête du Travail'],
        ['2026-05-08', 'Victoire 1945'],
        ['2026-05-14', 'Ascension'],
        ['2026-05-25', 'Lundi de Pentecôte'],
        ['2026-07-14', 'Fête nationale'],
        ['2026-08-15', 'Assomption'],
        ['2026-11-01', 'Toussaint'],
        ['2026-11-11', 'Armistice 1918'],
        ['2026-12-25', 'Noël'],
      ],
    ],
  ])('%p: the eleven holidays with their French names', (year, expected) => {
    const holidays = frenchPublicHolidays(year as number);
    expect([...holidays.entries()].sort(([a], [b]) => a.localeCompare(b))).toEqual(expected);
    expect(holidays.size).toBe(11);
  });

  it.each([2019, 2021, 2024, 2025, 2026, 2027, 2038])('%p: Lundi de Pâques = Easter + 1, Ascension = Easter + 39 (a Thursday), Lundi de Pentecôte = Easter + 50', (year) => {
    const easter = easterSunday(year);
    const holidays = frenchPublicHolidays(year);
    expect(holidays.get(addDays(easter, 1))).toBe('Lundi de Pâques');
    expect(holidays.get(addDays(easter, 39))).toBe('Ascension');
    expect(holidays.get(addDays(easter, 50))).toBe('Lundi de Pentecôte');
    expect(isoWeekday(addDays(easter, 39))).toBe(4);
    expect(isoWeekday(addDays(easter, 50))).toBe(1);
    // Easter Sunday and Pentecost Sunday are Sundays, not listed as days off of their own.
    expect(holidays.has(easter)).toBe(false);
    expect(holidays.has(addDays(easter, 49))).toBe(false);
  });

  it('keeps the day a holiday when Ascension falls on 1 May (2008)', () => {
    expect(addDays(easterSunday(2008), 39)).toBe('2008-05-01');
    expect(frenchHoliday('2008-05-01')).not.toBeNull();
    expect(frenchHoliday('2008-05-12')).toBe('Lundi de Pentecôte');
  });
});

describe('frenchHoliday', () => {
  it('names a holiday and answers null for an ordinary day', () => {
    expect(frenchHoliday('2021-11-11')).toBe('Armistice 1918');
    expect(frenchHoliday('2022-05-26')).toBe('Ascension');
    expect(frenchHoliday('2038-06-14')).toBe('Lundi de Pentecôte');
    expect(frenchHoliday('2021-11-12')).toBeNull();
    expect(frenchHoliday('2021-09-02')).toBeNull();
    // Asked twice (the year is cached), the answer is the same.
    expect(frenchHoliday('2021-11-11')).toBe('Armistice 1918');
    expect(frenchHoliday('2021-04-04')).toBeNull();
  });
});
