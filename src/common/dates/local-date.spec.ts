import { addDays, daysBetween, daysInMonth, eachDay, frenchDateList, frenchDate, frenchLongDate, frenchMonthLabel, isLocalDate, isoWeek, isoWeekday, monthBounds, todayIn } from './local-date';

describe('isLocalDate', () => {
  it.each(['2021-09-02', '2024-02-29', '2000-02-29', '2021-12-31', '2021-01-01', '2021-04-30', '1900-01-01', '2200-12-31'])('accepts %p', (d) => {
    expect(isLocalDate(d)).toBe(true);
  });

  it.each([
    '2018-02-30',
    '2021-13-01',
    '2023-02-29',
    '1900-02-29',
    '2100-02-29',
    '2021-04-31',
    '2021-00-10',
    '2021-01-00',
    '2021-9-2',
    '21-09-02',
    '2021-09-02T00:00:00Z',
    ' 2021-09-02',
    '2021/09/02',
    '02/09/2021',
    '',
    'demain',
    '1899-12-31',
    '2201-01-01',
  ])('refuses %p', (d) => {
    expect(isLocalDate(d)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const v of [null, undefined, 20210902, new Date('2021-09-02'), ['2021-09-02'], { date: '2021-09-02' }]) expect(isLocalDate(v)).toBe(false);
  });
});

describe('calendar arithmetic', () => {
  it('knows the length of months, leap years included', () => {
    expect(daysInMonth(2021, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2021, 4)).toBe(30);
    expect(daysInMonth(2021, 12)).toBe(31);
  });

  it('adds days across month and year ends and over DST changes', () => {
    expect(addDays('2021-09-30', 1)).toBe('2021-10-01');
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2022-01-01', -1)).toBe('2021-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2021-10-01', -15)).toBe('2021-09-16');
    expect(addDays('2022-01-06', -15)).toBe('2021-12-22');
    // Paris changes its clocks on 2021-03-28 and 2021-10-31: days stay days.
    expect(addDays('2021-03-27', 2)).toBe('2021-03-29');
    expect(addDays('2021-10-30', 2)).toBe('2021-11-01');
    expect(addDays('2021-09-02', 0)).toBe('2021-09-02');
  });

  it('counts whole days between two days', () => {
    expect(daysBetween('2021-09-02', '2021-09-02')).toBe(0);
    expect(daysBetween('2021-09-02', '2021-09-17')).toBe(15);
    expect(daysBetween('2021-09-17', '2021-09-02')).toBe(-15);
    expect(daysBetween('2021-01-01', '2022-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2021-03-27', '2021-03-29')).toBe(2);
  });

  it('lists every day of a range, both ends included', () => {
    expect(eachDay('2021-12-30', '2022-01-02')).toEqual(['2021-12-30', '2021-12-31', '2022-01-01', '2022-01-02']);
    expect(eachDay('2021-09-02', '2021-09-02')).toEqual(['2021-09-02']);
    expect(eachDay('2021-09-03', '2021-09-02')).toEqual([]);
    expect(eachDay('2024-02-01', '2024-02-29')).toHaveLength(29);
  });

  it('gives ISO weekdays, Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2021-08-30')).toBe(1);
    expect(isoWeekday('2021-09-02')).toBe(4);
    expect(isoWeekday('2021-09-04')).toBe(6);
    expect(isoWeekday('2021-09-05')).toBe(7);
    expect(isoWeekday('2024-02-29')).toBe(4);
  });
});

describe('isoWeek', () => {
  it("numbers the guide's September 2021 planning rows 35 to 39", () => {
    const rows = eachDay('2021-08-30', '2021-10-03').map(isoWeek);
    expect(rows.slice(0, 7)).toEqual([35, 35, 35, 35, 35, 35, 35]);
    expect(isoWeek('2021-09-01')).toBe(35);
    expect(isoWeek('2021-09-05')).toBe(35);
    expect(isoWeek('2021-09-06')).toBe(36);
    expect(isoWeek('2021-09-12')).toBe(36);
    expect(isoWeek('2021-09-13')).toBe(37);
    expect(isoWeek('2021-09-20')).toBe(38);
    expect(isoWeek('2021-09-26')).toBe(38);
    expect(isoWeek('2021-09-27')).toBe(39);
    expect(isoWeek('2021-09-30')).toBe(39);
    expect(isoWeek('2021-10-03')).toBe(39);
    expect([...new Set(rows)]).toEqual([35, 36, 37, 38, 39]);
  });

  it.each([
    ['2020-12-31', 53],
    ['2021-01-01', 53],
    ['2021-01-03', 53],
    ['2021-01-04', 1],
    ['2019-12-30', 1],
    ['2020-01-01', 1],
    ['2024-12-29', 52],
    ['2024-12-30', 1],
    ['2025-12-31', 1],
    ['2026-01-01', 1],
    ['2026-12-31', 53],
    ['2027-01-03', 53],
    ['2027-01-04', 1],
    ['2021-12-31', 52],
    ['2022-01-02', 52],
    ['2022-01-03', 1],
  ])('%p is in week %p', (d, week) => {
    expect(isoWeek(d)).toBe(week);
  });
});

describe('todayIn', () => {
  const paris = (iso: string) => todayIn('Europe/Paris', new Date(iso));

  it('changes the Paris day at 23:00Z in winter (UTC+1)', () => {
    expect(paris('2021-01-15T22:30:00Z')).toBe('2021-01-15');
    expect(paris('2021-01-15T22:59:59Z')).toBe('2021-01-15');
    expect(paris('2021-01-15T23:00:00Z')).toBe('2021-01-16');
    expect(paris('2021-01-15T23:30:00Z')).toBe('2021-01-16');
  });

  it('changes the Paris day at 22:00Z in summer (UTC+2)', () => {
    expect(paris('2021-07-15T21:30:00Z')).toBe('2021-07-15');
    expect(paris('2021-07-15T21:59:59Z')).toBe('2021-07-15');
    expect(paris('2021-07-15T22:00:00Z')).toBe('2021-07-16');
    expect(paris('2021-07-15T22:30:00Z')).toBe('2021-07-16');
    expect(paris('2021-07-15T23:30:00Z')).toBe('2021-07-16');
  });

  it('turns the year in Paris before it does in UTC', () => {
    expect(paris('2021-12-31T22:30:00Z')).toBe('2021-12-31');
    expect(paris('2021-12-31T23:30:00Z')).toBe('2022-01-01');
    expect(todayIn('UTC', new Date('2021-12-31T23:30:00Z'))).toBe('2021-12-31');
  });

  it('is another day in another time zone at the same instant', () => {
    expect(todayIn('America/Cayenne', new Date('2021-09-02T01:00:00Z'))).toBe('2021-09-01');
    expect(todayIn('Indian/Reunion', new Date('2021-09-01T21:00:00Z'))).toBe('2021-09-02');
  });

  it('defaults to now', () => {
    expect(isLocalDate(todayIn('Europe/Paris'))).toBe(true);
  });
});

describe('monthBounds', () => {
  it.each([
    ['2021-09', '2021-09-01', '2021-09-30'],
    ['2021-10', '2021-10-01', '2021-10-31'],
    ['2021-12', '2021-12-01', '2021-12-31'],
    ['2023-02', '2023-02-01', '2023-02-28'],
    ['2024-02', '2024-02-01', '2024-02-29'],
  ])('%p → %p … %p', (month, first, last) => {
    expect(monthBounds(month)).toEqual({ first, last });
  });

  it.each(['2021-13', '2021-00', '2021-9', '21-09', '2021-09-01', 'septembre', '', '1899-12', '2201-01'])('refuses %p', (month) => {
    expect(monthBounds(month)).toBeNull();
  });
});

describe('French labels', () => {
  it('writes months', () => {
    expect(frenchMonthLabel('2021-09')).toBe('septembre 2021');
    expect(frenchMonthLabel('2022-02')).toBe('février 2022');
    expect(frenchMonthLabel('2021-08')).toBe('août 2021');
    expect(frenchMonthLabel('2021-12')).toBe('décembre 2021');
    expect(frenchMonthLabel('2022-01')).toBe('janvier 2022');
  });

  it('writes days as the guide does', () => {
    expect(frenchDate('2021-09-02')).toBe('02/09/2021');
    expect(frenchDate('2022-06-30')).toBe('30/06/2022');
    expect(frenchLongDate('2021-09-02')).toBe('jeudi 02 sep. 2021');
    expect(frenchLongDate('2021-09-06')).toBe('lundi 06 sep. 2021');
    expect(frenchLongDate('2021-09-05')).toBe('dimanche 05 sep. 2021');
    expect(frenchLongDate('2022-02-01')).toBe('mardi 01 févr. 2022');
    expect(frenchLongDate('2021-12-31')).toBe('vendredi 31 déc. 2021');
  });
});

describe('frenchDateList', () => {
  it('writes the days of each month, then its month and year, in date order', () => {
    expect(frenchDateList(['2021-09-07', '2021-09-02', '2021-09-03', '2021-09-06'])).toBe('02, 03, 06, 07/09/2021');
    expect(frenchDateList(['2021-12-20', '2022-01-03'])).toBe('20/12/2021 ; 03/01/2022');
    expect(frenchDateList([])).toBe('');
  });
});
