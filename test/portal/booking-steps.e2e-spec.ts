import { ApiError } from '../../web/src/api/client';
import { keepMonth, monthsOf } from '../../web/src/features/booking/booking-months';
import { BookingAction, bookingReducer, BookingState, daysRefusal, initialBooking, NOTHING_CHOSEN } from '../../web/src/features/booking/booking-steps';
import type { Day } from '../../web/src/features/booking/planning-days';

/** « Nouvelle réservation »'s steps, a pure reducer: no app, no browser. */
describe('the booking steps', () => {
  const day = (date: string, state: string, more: Partial<Day> = {}): Day =>
    ({ date, state, inMonth: true, modifiable: true, billed: false, seatsLeft: null, closureLabel: null, modifiableUntil: date, ...more }) as Day;
  const run = (actions: BookingAction[], from: BookingState = initialBooking) => actions.reduce(bookingReducer, from);
  const canteen = { id: 'a1', startDate: '2026-09-01', endDate: '2027-07-04' };

  it('offers the months the activity runs from this month on, and keeps the chosen one while it still runs', () => {
    expect(monthsOf(canteen, '2027-05')).toEqual(['2027-05', '2027-06', '2027-07']);
    expect(monthsOf(canteen, '2026-01')[0]).toBe('2026-09');
    expect(keepMonth('2027-06', ['2027-05', '2027-06'])).toBe('2027-06');
    expect(keepMonth('', ['2027-05', '2027-06'])).toBe('2027-06'); // the next month, as the guide
    expect(keepMonth('', ['2027-07'])).toBe('2027-07');
  });

  it('chooses the only activity of the child at once, with a month; a child of several activities waits for one', () => {
    const one = run([{ type: 'childChosen', childId: 'c1', activities: [canteen], today: '2027-05' }]);
    expect([one.activityId, one.month]).toEqual(['a1', '2027-06']);
    const several = run([{ type: 'childChosen', childId: 'c2', activities: [canteen, { ...canteen, id: 'a2' }], today: '2027-05' }], one);
    expect([several.childId, several.activityId, several.month]).toEqual(['c2', '', '2027-06']);
    expect(run([{ type: 'planningShown' }], { ...several, month: '' }).step).toBe('choose');
    expect(run([{ type: 'activityChosen', activity: canteen, today: '2027-05' }, { type: 'planningShown' }], several).step).toBe('grid');
  });

  it('toggles days to book or to cancel, a whole week at once, and clears them all when all were chosen', () => {
    const free = [day('2027-05-03', 'FREE'), day('2027-05-04', 'REFUSED')];
    const booked = day('2027-05-05', 'BOOKED');
    let s = run([{ type: 'nothingChosen' }]);
    expect(s.notice).toBe(NOTHING_CHOSEN);
    s = run(
      [
        { type: 'dayToggled', day: free[0] },
        { type: 'dayToggled', day: booked },
      ],
      s,
    );
    expect([[...s.book], [...s.cancel], s.notice]).toEqual([['2027-05-03'], ['2027-05-05'], null]);
    s = run([{ type: 'daysToggled', days: free, kind: 'book' }], s);
    expect([...s.book].sort()).toEqual(['2027-05-03', '2027-05-04']);
    s = run([{ type: 'daysToggled', days: free, kind: 'book' }], s);
    expect([...s.book]).toEqual([]);
    expect(run([{ type: 'dayToggled', day: day('2027-05-06', 'FREE', { modifiable: false }) }], s).book.size).toBe(0);
  });

  it('goes to « Validation du planning » with the refused days, and back to the grid on a refusal at the end', () => {
    const preview = { valid: false, lines: [{ date: '2027-05-03', kind: 'BOOK', ok: false, reason: 'FULL', message: 'complet' }] } as never;
    let s = run([{ type: 'previewed', preview, idempotencyKey: 'k1' }]);
    expect([s.step, s.idempotencyKey, [...s.dayErrors]]).toEqual(['recap', 'k1', [['2027-05-03', 'complet']]]);
    const refusal = new ApiError('Jours refusés', 'BAD_USER_INPUT', 'INVALID_DAYS', null, [{ date: '2027-05-04', reason: 'TOO_LATE' }]);
    expect(daysRefusal(refusal)).toBe(refusal);
    expect(daysRefusal(new ApiError('x', 'BAD_USER_INPUT', 'INVALID_DAYS'))).toBeNull();
    s = run([{ type: 'daysRefused', refusal }], s);
    expect([s.step, [...s.dayErrors], s.refusal]).toEqual(['grid', [['2027-05-04', 'TOO_LATE']], refusal]);
    s = run([{ type: 'backToChoice' }], s);
    expect([s.step, s.dayErrors.size, s.refusal]).toEqual(['choose', 0, refusal]);
  });
});
