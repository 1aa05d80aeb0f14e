import { activityProblem, ActivitySettings, holidayClosures } from './activity-rules';

const settings = (over: Partial<ActivitySettings> = {}): ActivitySettings => ({
  startDate: '2021-09-02',
  endDate: '2022-07-07',
  weekdays: [1, 2, 4, 5],
  bookingOpensOn: '2021-08-25',
  bookingClosesOn: '2022-06-30',
  ...over,
});

describe('activityProblem', () => {
  it('accepts consistent settings', () => {
    expect(activityProblem(settings())).toBeNull();
    expect(activityProblem(settings({ bookingOpensOn: null }))).toBeNull();
    // A one-day activity; a window that opens and closes the same day.
    expect(activityProblem(settings({ startDate: '2021-09-02', endDate: '2021-09-02', bookingOpensOn: '2021-09-01', bookingClosesOn: '2021-09-01' }))).toBeNull();
    // Bookings may open on the last day of the activity.
    expect(activityProblem(settings({ bookingOpensOn: '2022-07-07', bookingClosesOn: '2022-07-07' }))).toBeNull();
  });

  it('refuses an end before the start, on endDate', () => {
    const p = activityProblem(settings({ startDate: '2021-09-02', endDate: '2021-09-01' }));
    expect(p).toEqual({ field: 'endDate', message: expect.stringMatching(/date de fin/) });
  });

  it('refuses a repeated weekday', () => {
    expect(activityProblem(settings({ weekdays: [1, 2, 2, 4] }))).toEqual({ field: 'weekdays', message: expect.stringMatching(/répété/) });
  });

  it('refuses a booking window that closes before it opens, on bookingClosesOn', () => {
    expect(activityProblem(settings({ bookingOpensOn: '2021-09-01', bookingClosesOn: '2021-08-31' }))).toEqual({
      field: 'bookingClosesOn',
      message: expect.stringMatching(/fermeture des réservations/),
    });
  });

  it('refuses a booking window that opens after the activity ends, on bookingOpensOn', () => {
    expect(activityProblem(settings({ bookingOpensOn: '2022-07-08', bookingClosesOn: '2022-07-10' }))).toEqual({
      field: 'bookingOpensOn',
      message: expect.stringMatching(/ouvrir avant la fin/),
    });
  });

  it('reports the end date first when several things are wrong', () => {
    expect(activityProblem(settings({ endDate: '2021-09-01', weekdays: [1, 1], bookingClosesOn: '2021-08-01' }))?.field).toBe('endDate');
  });
});

describe('holidayClosures', () => {
  it("lists the guide's year's public holidays that fall on a service day, with their French names", () => {
    expect(holidayClosures(settings())).toEqual([
      { from: '2021-11-01', to: '2021-11-01', label: 'Toussaint' },
      { from: '2021-11-11', to: '2021-11-11', label: 'Armistice 1918' },
      { from: '2022-04-18', to: '2022-04-18', label: 'Lundi de Pâques' },
      { from: '2022-05-26', to: '2022-05-26', label: 'Ascension' },
      { from: '2022-06-06', to: '2022-06-06', label: 'Lundi de Pentecôte' },
    ]);
  });

  it('leaves out holidays on days without service (Saturday 25/12/2021, Sunday 01/05/2022…) and outside the period', () => {
    const all = holidayClosures(settings({ endDate: '2022-07-31' }));
    const days = all.map((c) => c.from);
    expect(days).not.toContain('2021-12-25');
    expect(days).not.toContain('2022-01-01');
    expect(days).not.toContain('2022-05-01');
    expect(days).not.toContain('2022-05-08');
    expect(days).not.toContain('2021-08-15');
    // Thursday 14 July 2022 is in this longer period.
    expect(all).toContainEqual({ from: '2022-07-14', to: '2022-07-14', label: 'Fête nationale' });
  });

  it('follows the weekdays: a Wednesday-only activity has none that year but Christmas 2024', () => {
    expect(holidayClosures(settings({ weekdays: [3] }))).toEqual([]);
    expect(holidayClosures({ startDate: '2024-09-01', endDate: '2025-07-05', weekdays: [3] })).toEqual([
      { from: '2024-12-25', to: '2024-12-25', label: 'Noël' },
      { from: '2025-01-01', to: '2025-01-01', label: 'Jour de l’an' },
    ]);
  });

  it('counts the first and last days of the period', () => {
    expect(holidayClosures({ startDate: '2021-11-11', endDate: '2021-11-11', weekdays: [4] })).toEqual([{ from: '2021-11-11', to: '2021-11-11', label: 'Armistice 1918' }]);
    expect(holidayClosures({ startDate: '2021-11-12', endDate: '2021-12-31', weekdays: [1, 2, 3, 4, 5] })).toEqual([]);
  });

  it('spans several years: every holiday of every year on a daily activity', () => {
    const days = holidayClosures({ startDate: '2015-01-01', endDate: '2017-12-31', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    expect(days).toHaveLength(33);
    expect(new Set(days.map((c) => c.from)).size).toBe(33);
    // 2016: Ascension (5 May) comes before Victoire 1945 (8 May).
    expect(days).toContainEqual({ from: '2016-05-05', to: '2016-05-05', label: 'Ascension' });
    expect(days).toContainEqual({ from: '2016-05-08', to: '2016-05-08', label: 'Victoire 1945' });
    expect(days).toContainEqual({ from: '2017-12-25', to: '2017-12-25', label: 'Noël' });
  });
});
