import { ActivityCalendar, dayService, modifiability, modifiableUntil } from './service-calendar';

/** The guide's canteen: Monday, Tuesday, Thursday, Friday; 15 days' notice; bookings until 30/06/2022. */
const canteen = (over: Partial<ActivityCalendar> = {}): ActivityCalendar => ({
  startDate: '2021-09-02',
  endDate: '2022-07-07',
  weekdays: [1, 2, 4, 5],
  bookingOpensOn: '2021-08-25',
  bookingClosesOn: '2022-06-30',
  modificationLeadDays: 15,
  closures: [
    { from: '2021-10-23', to: '2021-11-07', label: 'Vacances de la Toussaint' },
    { from: '2021-12-18', to: '2022-01-02', label: 'Vacances de Noël' },
    { from: '2022-01-20', to: '2022-01-20', label: 'Grève' },
  ],
  ...over,
});

describe('dayService', () => {
  const cal = canteen();

  it('serves the service weekdays inside the period', () => {
    for (const d of ['2021-09-02', '2021-09-03', '2021-09-06', '2021-09-07', '2021-09-09', '2022-07-07', '2022-07-05']) {
      expect(dayService(cal, d)).toEqual({ serviceDay: true });
    }
  });

  it('does not serve outside the period, the first and last days included', () => {
    expect(dayService(cal, '2021-09-01')).toEqual({ serviceDay: false, reason: 'OUTSIDE_PERIOD', closureLabel: null });
    expect(dayService(cal, '2021-08-30')).toEqual({ serviceDay: false, reason: 'OUTSIDE_PERIOD', closureLabel: null });
    expect(dayService(cal, '2022-07-08')).toEqual({ serviceDay: false, reason: 'OUTSIDE_PERIOD', closureLabel: null });
    expect(dayService(cal, '2023-09-04')).toEqual({ serviceDay: false, reason: 'OUTSIDE_PERIOD', closureLabel: null });
  });

  it('does not serve on the other weekdays (Wednesday, week-end)', () => {
    for (const d of ['2021-09-08', '2021-09-04', '2021-09-05', '2022-07-06']) {
      expect(dayService(cal, d)).toEqual({ serviceDay: false, reason: 'NOT_A_SERVICE_WEEKDAY', closureLabel: null });
    }
  });

  it('closes public holidays that fall on a service day, with their French name', () => {
    expect(dayService(cal, '2021-11-11')).toEqual({ serviceDay: false, reason: 'PUBLIC_HOLIDAY', closureLabel: 'Armistice 1918' });
    expect(dayService(cal, '2022-04-18')).toEqual({ serviceDay: false, reason: 'PUBLIC_HOLIDAY', closureLabel: 'Lundi de Pâques' });
    expect(dayService(cal, '2022-05-26')).toEqual({ serviceDay: false, reason: 'PUBLIC_HOLIDAY', closureLabel: 'Ascension' });
    expect(dayService(cal, '2022-06-06')).toEqual({ serviceDay: false, reason: 'PUBLIC_HOLIDAY', closureLabel: 'Lundi de Pentecôte' });
  });

  it('needs no staff closure for a public holiday: one is closed without any closure at all', () => {
    expect(dayService(canteen({ closures: [] }), '2021-11-01')).toEqual({ serviceDay: false, reason: 'PUBLIC_HOLIDAY', closureLabel: 'Toussaint' });
  });

  it('closes the days of a staff closure, both ends included, with its label', () => {
    expect(dayService(cal, '2021-10-22')).toEqual({ serviceDay: true });
    expect(dayService(cal, '2021-10-25')).toEqual({ serviceDay: false, reason: 'CLOSURE', closureLabel: 'Vacances de la Toussaint' });
    expect(dayService(cal, '2021-11-05')).toEqual({ serviceDay: false, reason: 'CLOSURE', closureLabel: 'Vacances de la Toussaint' });
    expect(dayService(cal, '2021-11-08')).toEqual({ serviceDay: true });
    expect(dayService(cal, '2022-01-20')).toEqual({ serviceDay: false, reason: 'CLOSURE', closureLabel: 'Grève' });
    expect(dayService(cal, '2022-01-21')).toEqual({ serviceDay: true });
    // A closure starting or ending on the very day.
    const oneDay = canteen({ closures: [{ from: '2021-09-09', to: '2021-09-10', label: 'Sortie scolaire' }] });
    expect(dayService(oneDay, '2021-09-09')).toEqual({ serviceDay: false, reason: 'CLOSURE', closureLabel: 'Sortie scolaire' });
    expect(dayService(oneDay, '2021-09-10')).toEqual({ serviceDay: false, reason: 'CLOSURE', closureLabel: 'Sortie scolaire' });
  });

  it('does not report a weekend inside a closure as a closure: it was never a service day', () => {
    expect(dayService(cal, '2021-10-23')).toEqual({ serviceDay: false, reason: 'NOT_A_SERVICE_WEEKDAY', closureLabel: null });
  });

  it('serves Wednesdays and Saturdays when the activity says so', () => {
    const leisure = canteen({ weekdays: [3, 6] });
    expect(dayService(leisure, '2021-09-08')).toEqual({ serviceDay: true });
    expect(dayService(leisure, '2021-09-04')).toEqual({ serviceDay: true });
    expect(dayService(leisure, '2021-09-06').serviceDay).toBe(false);
  });
});

describe('modifiability', () => {
  const cal = canteen();

  it('gives 15 days of notice across a month end: the boundary day is still modifiable, the next one is not', () => {
    // Friday 1 October 2021: last day to change it is Thursday 16 September.
    expect(modifiableUntil(cal, '2021-10-01')).toBe('2021-09-16');
    expect(modifiability(cal, '2021-10-01', '2021-09-15')).toEqual({ modifiable: true, until: '2021-09-16', reason: null });
    expect(modifiability(cal, '2021-10-01', '2021-09-16')).toEqual({ modifiable: true, until: '2021-09-16', reason: null });
    expect(modifiability(cal, '2021-10-01', '2021-09-17')).toEqual({ modifiable: false, until: '2021-09-16', reason: 'DEADLINE_PASSED' });
    expect(modifiability(cal, '2021-10-01', '2021-10-01')).toEqual({ modifiable: false, until: '2021-09-16', reason: 'DEADLINE_PASSED' });
  });

  it('gives 15 days of notice across a year end', () => {
    // Thursday 6 January 2022: last day is Wednesday 22 December 2021.
    expect(modifiableUntil(cal, '2022-01-06')).toBe('2021-12-22');
    expect(modifiability(cal, '2022-01-06', '2021-12-22')).toEqual({ modifiable: true, until: '2021-12-22', reason: null });
    expect(modifiability(cal, '2022-01-06', '2021-12-23')).toEqual({ modifiable: false, until: '2021-12-22', reason: 'DEADLINE_PASSED' });
    // Monday 3 January 2022 → Sunday 19 December 2021.
    expect(modifiability(cal, '2022-01-03', '2021-12-19')).toEqual({ modifiable: true, until: '2021-12-19', reason: null });
    expect(modifiability(cal, '2022-01-03', '2021-12-20')).toEqual({ modifiable: false, until: '2021-12-19', reason: 'DEADLINE_PASSED' });
  });

  it('counts a leap day', () => {
    const leap = canteen({ startDate: '2024-01-08', endDate: '2024-07-05', bookingOpensOn: null, bookingClosesOn: '2024-07-05' });
    // Friday 15 March 2024 - 15 days = Thursday 29 February 2024.
    expect(modifiability(leap, '2024-03-15', '2024-02-29')).toEqual({ modifiable: true, until: '2024-02-29', reason: null });
    expect(modifiability(leap, '2024-03-15', '2024-03-01')).toEqual({ modifiable: false, until: '2024-02-29', reason: 'DEADLINE_PASSED' });
  });

  it('allows the day itself with no lead time', () => {
    const sameDay = canteen({ modificationLeadDays: 0 });
    expect(modifiability(sameDay, '2021-09-09', '2021-09-09')).toEqual({ modifiable: true, until: '2021-09-09', reason: null });
    expect(modifiability(sameDay, '2021-09-09', '2021-09-10')).toEqual({ modifiable: false, until: '2021-09-09', reason: 'DEADLINE_PASSED' });
  });

  it('refuses before the booking window opens', () => {
    expect(modifiability(cal, '2021-10-01', '2021-08-24')).toEqual({ modifiable: false, until: '2021-09-16', reason: 'BOOKING_NOT_OPEN' });
    expect(modifiability(cal, '2021-10-01', '2021-08-25')).toEqual({ modifiable: true, until: '2021-09-16', reason: null });
  });

  it('has no opening day when the window has none', () => {
    expect(modifiability(canteen({ bookingOpensOn: null }), '2021-10-01', '2020-01-01')).toEqual({ modifiable: true, until: '2021-09-16', reason: null });
  });

  it('refuses once the booking window has closed, the closing day included', () => {
    // Thursday 7 July 2022: by lead time until 22 June, within the window.
    expect(modifiability(cal, '2022-07-07', '2022-06-22')).toEqual({ modifiable: true, until: '2022-06-22', reason: null });
    const late = canteen({ bookingClosesOn: '2021-12-10' });
    expect(modifiability(late, '2022-03-03', '2021-12-10')).toEqual({ modifiable: true, until: '2021-12-10', reason: null });
    expect(modifiability(late, '2022-03-03', '2021-12-11')).toEqual({ modifiable: false, until: '2021-12-10', reason: 'BOOKING_CLOSED' });
  });

  it('caps modifiableUntil by the day the booking window closes', () => {
    const cal2 = canteen({ bookingClosesOn: '2022-06-15' });
    // Tuesday 5 July 2022: 15 days before is 20 June, but bookings close on 15 June.
    expect(modifiableUntil(cal2, '2022-07-05')).toBe('2022-06-15');
    expect(modifiability(cal2, '2022-07-05', '2022-06-15')).toEqual({ modifiable: true, until: '2022-06-15', reason: null });
    expect(modifiability(cal2, '2022-07-05', '2022-06-16')).toEqual({ modifiable: false, until: '2022-06-15', reason: 'BOOKING_CLOSED' });
    // Not capped when the lead time ends first.
    expect(modifiableUntil(cal2, '2022-06-20')).toBe('2022-06-05');
    // Equal: either way the same day.
    expect(modifiableUntil(cal2, '2022-06-30')).toBe('2022-06-15');
  });

  it('is never modifiable on a day without service, whatever today is', () => {
    for (const day of ['2021-09-08', '2021-11-11', '2021-10-25', '2021-09-01', '2022-07-08']) {
      expect(modifiability(cal, day, '2021-08-26')).toEqual({ modifiable: false, until: null, reason: 'NOT_A_SERVICE_DAY' });
    }
  });
});
