import { ActivityCalendar } from '../activities/service-calendar';
import {
  assertLineTransition,
  checkDays,
  dayStateOf,
  deriveReservationState,
  formatReservationNumber,
  KnownPresence,
  LineKind,
  LineState,
  lineOutcomeLabel,
  PresenceStatus,
} from './reservation-rules';

const lines = (...states: LineState[]) => states.map((state) => ({ state }));
const ALL_LINE_STATES: LineState[] = ['REQUESTED', 'PENDING', 'ACCEPTED', 'REFUSED', 'NO_PLACE', 'WITHDRAWN'];

describe('deriveReservationState (SPEC §2)', () => {
  it('is PENDING while any line is REQUESTED or PENDING, whatever the others', () => {
    expect(deriveReservationState(lines('REQUESTED'))).toBe('PENDING');
    expect(deriveReservationState(lines('PENDING'))).toBe('PENDING');
    expect(deriveReservationState(lines('REQUESTED', 'PENDING'))).toBe('PENDING');
    for (const other of ALL_LINE_STATES) {
      expect(deriveReservationState(lines('ACCEPTED', other, 'PENDING'))).toBe('PENDING');
      expect(deriveReservationState(lines(other, 'REQUESTED'))).toBe('PENDING');
      expect(deriveReservationState(lines('REFUSED', 'NO_PLACE', 'WITHDRAWN', other, 'PENDING'))).toBe('PENDING');
    }
  });

  it('is ACCEPTED when every line is accepted', () => {
    expect(deriveReservationState(lines('ACCEPTED'))).toBe('ACCEPTED');
    expect(deriveReservationState(lines('ACCEPTED', 'ACCEPTED', 'ACCEPTED'))).toBe('ACCEPTED');
  });

  it('is CANCELLED when every line is withdrawn', () => {
    expect(deriveReservationState(lines('WITHDRAWN'))).toBe('CANCELLED');
    expect(deriveReservationState(lines('WITHDRAWN', 'WITHDRAWN', 'WITHDRAWN'))).toBe('CANCELLED');
  });

  it('is REFUSED when none is accepted and at least one is refused or without a seat', () => {
    expect(deriveReservationState(lines('REFUSED'))).toBe('REFUSED');
    expect(deriveReservationState(lines('NO_PLACE'))).toBe('REFUSED');
    expect(deriveReservationState(lines('REFUSED', 'NO_PLACE'))).toBe('REFUSED');
    expect(deriveReservationState(lines('NO_PLACE', 'NO_PLACE'))).toBe('REFUSED');
    expect(deriveReservationState(lines('REFUSED', 'WITHDRAWN'))).toBe('REFUSED');
    expect(deriveReservationState(lines('WITHDRAWN', 'NO_PLACE'))).toBe('REFUSED');
  });

  it('is PARTIAL for accepted days mixed with refused, no-place or withdrawn ones', () => {
    expect(deriveReservationState(lines('ACCEPTED', 'NO_PLACE'))).toBe('PARTIAL');
    expect(deriveReservationState(lines('ACCEPTED', 'REFUSED'))).toBe('PARTIAL');
    expect(deriveReservationState(lines('ACCEPTED', 'WITHDRAWN'))).toBe('PARTIAL');
    expect(deriveReservationState(lines('NO_PLACE', 'ACCEPTED', 'REFUSED', 'WITHDRAWN'))).toBe('PARTIAL');
    expect(deriveReservationState(lines('REFUSED', 'ACCEPTED', 'ACCEPTED'))).toBe('PARTIAL');
  });

  it('does not depend on the order of the lines', () => {
    const mixes: LineState[][] = [
      ['ACCEPTED', 'NO_PLACE', 'WITHDRAWN'],
      ['REFUSED', 'WITHDRAWN', 'NO_PLACE'],
      ['PENDING', 'ACCEPTED', 'REFUSED'],
    ];
    for (const mix of mixes) {
      const expected = deriveReservationState(lines(...mix));
      expect(deriveReservationState(lines(...[...mix].reverse()))).toBe(expected);
      expect(deriveReservationState(lines(mix[1], mix[2], mix[0]))).toBe(expected);
    }
  });
});

describe('assertLineTransition', () => {
  const legal: Array<[LineState, LineState]> = [
    ['REQUESTED', 'PENDING'],
    ['REQUESTED', 'ACCEPTED'],
    ['REQUESTED', 'NO_PLACE'],
    ['REQUESTED', 'REFUSED'],
    ['REQUESTED', 'WITHDRAWN'],
    ['PENDING', 'ACCEPTED'],
    ['PENDING', 'REFUSED'],
    ['PENDING', 'WITHDRAWN'],
  ];

  it.each(legal)('allows %s → %s', (from, to) => {
    expect(() => assertLineTransition(from, to)).not.toThrow();
  });

  it('refuses every other move, staying put included, and names it', () => {
    let refused = 0;
    for (const from of ALL_LINE_STATES) {
      for (const to of ALL_LINE_STATES) {
        if (legal.some(([f, t]) => f === from && t === to)) continue;
        expect(() => assertLineTransition(from, to)).toThrow(`illegal reservation line transition ${from} → ${to}`);
        refused++;
      }
    }
    expect(refused).toBe(36 - legal.length);
  });

  it('never leaves a final state, never goes back to REQUESTED, and a held seat cannot turn into NO_PLACE', () => {
    for (const final of ['ACCEPTED', 'REFUSED', 'NO_PLACE', 'WITHDRAWN'] as LineState[]) {
      for (const to of ALL_LINE_STATES) expect(() => assertLineTransition(final, to)).toThrow();
    }
    expect(() => assertLineTransition('PENDING', 'REQUESTED')).toThrow();
    expect(() => assertLineTransition('PENDING', 'NO_PLACE')).toThrow();
  });
});

describe('dayStateOf', () => {
  it.each<[PresenceStatus | undefined, string]>([
    [undefined, 'FREE'],
    ['CANCELLED', 'FREE'],
    ['REQUESTED', 'BOOKING_REQUESTED'],
    ['PENDING', 'PENDING'],
    ['BOOKED', 'BOOKED'],
    ['CANCEL_REQUESTED', 'CANCELLATION_REQUESTED'],
    ['CANCEL_PENDING', 'CANCELLATION_PENDING'],
    ['NO_PLACE', 'NO_PLACE'],
    ['REFUSED', 'REFUSED'],
  ])('a service day with presence %s is %s', (presence, state) => {
    expect(dayStateOf(true, presence)).toBe(state);
  });

  it.each<[PresenceStatus | undefined]>([[undefined], ['CANCELLED'], ['NO_PLACE'], ['REFUSED']])('a closed day with no live presence (%s) is CLOSED', (presence) => {
    expect(dayStateOf(false, presence)).toBe('CLOSED');
  });

  it.each<[PresenceStatus, string]>([
    ['BOOKED', 'BOOKED'],
    ['PENDING', 'PENDING'],
    ['REQUESTED', 'BOOKING_REQUESTED'],
    ['CANCEL_REQUESTED', 'CANCELLATION_REQUESTED'],
    ['CANCEL_PENDING', 'CANCELLATION_PENDING'],
  ])('a closed day still holding a presence (%s, e.g. already billed) keeps showing it: %s', (presence, state) => {
    expect(dayStateOf(false, presence)).toBe(state);
  });
});

describe('checkDays', () => {
  /**
   * October 2026: Thursday 1st. Monday to Friday, 2 days' notice, bookings open from 20/08/2026 to
   * 30/06/2027; a staff closure on Friday 16/10; Christmas (Friday 25/12/2026) is a public holiday.
   */
  const calendar = (over: Partial<ActivityCalendar> = {}): ActivityCalendar => ({
    startDate: '2026-09-01',
    endDate: '2027-07-06',
    weekdays: [1, 2, 3, 4, 5],
    bookingOpensOn: '2026-08-20',
    bookingClosesOn: '2027-06-30',
    modificationLeadDays: 2,
    closures: [{ from: '2026-10-16', to: '2026-10-16', label: 'Grève' }],
    ...over,
  });
  const TODAY = '2026-10-05'; // a Monday
  const presence = (status: PresenceStatus, billed = false): KnownPresence => ({ status, billed });
  const check = (input: { month?: string; book?: string[]; cancel?: string[]; today?: string; cal?: ActivityCalendar; presences?: Array<[string, KnownPresence]> }) =>
    checkDays({
      month: input.month ?? '2026-10',
      book: input.book ?? [],
      cancel: input.cancel ?? [],
      calendar: input.cal ?? calendar(),
      today: input.today ?? TODAY,
      presences: new Map(input.presences ?? []),
    });
  const only = (input: Parameters<typeof check>[0]) => {
    const result = check(input);
    expect(result).toHaveLength(1);
    return result[0].reason;
  };

  it('passes modifiable service days of the month, bookings and cancellations', () => {
    expect(
      check({
        book: ['2026-10-07', '2026-10-08', '2026-10-30'],
        cancel: ['2026-10-12'],
        presences: [
          ['2026-10-12', presence('BOOKED')],
          ['2026-10-30', presence('CANCELLED')],
        ],
      }),
    ).toEqual([
      { date: '2026-10-07', kind: 'BOOK', reason: null },
      { date: '2026-10-08', kind: 'BOOK', reason: null },
      { date: '2026-10-12', kind: 'CANCEL', reason: null },
      { date: '2026-10-30', kind: 'BOOK', reason: null },
    ]);
  });

  it('OUTSIDE_MONTH: a day before or after the chosen month', () => {
    expect(only({ book: ['2026-11-02'] })).toBe('OUTSIDE_MONTH');
    expect(only({ book: ['2026-09-30'] })).toBe('OUTSIDE_MONTH');
    expect(only({ cancel: ['2026-11-03'], presences: [['2026-11-03', presence('BOOKED')]] })).toBe('OUTSIDE_MONTH');
  });

  it('NOT_A_SERVICE_DAY: week-end, other weekday, staff closure, public holiday, outside the activity', () => {
    expect(only({ book: ['2026-10-10'] })).toBe('NOT_A_SERVICE_DAY'); // Saturday
    expect(only({ book: ['2026-10-11'] })).toBe('NOT_A_SERVICE_DAY'); // Sunday
    expect(only({ book: ['2026-10-14'], cal: calendar({ weekdays: [1, 2, 4, 5] }) })).toBe('NOT_A_SERVICE_DAY'); // Wednesday
    expect(only({ book: ['2026-10-16'] })).toBe('NOT_A_SERVICE_DAY'); // closure "Grève"
    expect(only({ month: '2026-12', book: ['2026-12-25'] })).toBe('NOT_A_SERVICE_DAY'); // Noël
    expect(only({ book: ['2026-10-28'], cal: calendar({ endDate: '2026-10-27' }) })).toBe('NOT_A_SERVICE_DAY');
    expect(only({ cancel: ['2026-10-16'], presences: [['2026-10-16', presence('BOOKED')]] })).toBe('NOT_A_SERVICE_DAY');
  });

  it('BOOKING_NOT_OPEN: before the booking window opens', () => {
    expect(only({ month: '2026-09', book: ['2026-09-21'], today: '2026-08-19' })).toBe('BOOKING_NOT_OPEN');
    expect(only({ month: '2026-09', book: ['2026-09-21'], today: '2026-08-20' })).toBeNull();
  });

  it('BOOKING_CLOSED: after the booking window closes, even for a far day', () => {
    const cal = calendar({ bookingClosesOn: '2026-10-04' });
    expect(only({ book: ['2026-10-29'], cal })).toBe('BOOKING_CLOSED');
    expect(only({ book: ['2026-10-29'], cal, today: '2026-10-04' })).toBeNull();
  });

  it('DEADLINE_PASSED: less than the lead days before the day', () => {
    expect(only({ book: ['2026-10-05'] })).toBe('DEADLINE_PASSED'); // today
    expect(only({ book: ['2026-10-06'] })).toBe('DEADLINE_PASSED'); // tomorrow
    expect(only({ book: ['2026-10-07'] })).toBeNull(); // exactly 2 days ahead
    expect(only({ cancel: ['2026-10-06'], presences: [['2026-10-06', presence('BOOKED')]] })).toBe('DEADLINE_PASSED');
    expect(only({ book: ['2026-10-12'], cal: calendar({ modificationLeadDays: 15 }) })).toBe('DEADLINE_PASSED');
  });

  it('ALREADY_BOOKED: a BOOK day held by a live presence; a cancelled, refused or no-place day can be booked again', () => {
    for (const status of ['REQUESTED', 'PENDING', 'BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING'] as PresenceStatus[]) {
      expect(only({ book: ['2026-10-08'], presences: [['2026-10-08', presence(status)]] })).toBe('ALREADY_BOOKED');
    }
    for (const status of ['CANCELLED', 'NO_PLACE', 'REFUSED'] as PresenceStatus[]) {
      expect(only({ book: ['2026-10-08'], presences: [['2026-10-08', presence(status)]] })).toBeNull();
    }
  });

  it('NOT_BOOKED: a CANCEL day that is not a booked presence', () => {
    expect(only({ cancel: ['2026-10-08'] })).toBe('NOT_BOOKED');
    for (const status of ['REQUESTED', 'PENDING', 'CANCEL_REQUESTED', 'CANCEL_PENDING', 'CANCELLED', 'NO_PLACE', 'REFUSED'] as PresenceStatus[]) {
      expect(only({ cancel: ['2026-10-08'], presences: [['2026-10-08', presence(status)]] })).toBe('NOT_BOOKED');
    }
    expect(only({ cancel: ['2026-10-08'], presences: [['2026-10-08', presence('BOOKED')]] })).toBeNull();
  });

  it('ALREADY_BILLED: a booked day already on an invoice cannot be cancelled', () => {
    expect(only({ cancel: ['2026-10-08'], presences: [['2026-10-08', presence('BOOKED', true)]] })).toBe('ALREADY_BILLED');
  });

  it('DUPLICATE_DATE: a day asked twice, in one list or in both', () => {
    expect(check({ book: ['2026-10-08', '2026-10-08'] })).toEqual([
      { date: '2026-10-08', kind: 'BOOK', reason: null },
      { date: '2026-10-08', kind: 'BOOK', reason: 'DUPLICATE_DATE' },
    ]);
    expect(check({ book: ['2026-10-08'], cancel: ['2026-10-08'] })).toEqual([
      { date: '2026-10-08', kind: 'BOOK', reason: null },
      { date: '2026-10-08', kind: 'CANCEL', reason: 'DUPLICATE_DATE' },
    ]);
  });

  it('gives every day its own reason, in date order whatever the order asked', () => {
    const result = check({
      book: ['2026-10-30', '2026-11-02', '2026-10-16', '2026-10-08', '2026-10-06', '2026-10-19', '2026-10-08'],
      cancel: ['2026-10-22', '2026-10-12', '2026-10-13'],
      presences: [
        ['2026-10-19', presence('PENDING')],
        ['2026-10-12', presence('BOOKED', true)],
        ['2026-10-13', presence('BOOKED')],
      ],
    });
    expect(result).toEqual([
      { date: '2026-10-06', kind: 'BOOK', reason: 'DEADLINE_PASSED' },
      { date: '2026-10-08', kind: 'BOOK', reason: null },
      { date: '2026-10-08', kind: 'BOOK', reason: 'DUPLICATE_DATE' },
      { date: '2026-10-12', kind: 'CANCEL', reason: 'ALREADY_BILLED' },
      { date: '2026-10-13', kind: 'CANCEL', reason: null },
      { date: '2026-10-16', kind: 'BOOK', reason: 'NOT_A_SERVICE_DAY' },
      { date: '2026-10-19', kind: 'BOOK', reason: 'ALREADY_BOOKED' },
      { date: '2026-10-22', kind: 'CANCEL', reason: 'NOT_BOOKED' },
      { date: '2026-10-30', kind: 'BOOK', reason: null },
      { date: '2026-11-02', kind: 'BOOK', reason: 'OUTSIDE_MONTH' },
    ]);
    const dates = result.map((r) => r.date);
    expect(dates).toEqual([...dates].sort());
  });
});

describe('formatReservationNumber', () => {
  it('zero-pads to 6 digits, as the guide writes them', () => {
    expect(formatReservationNumber(25288)).toBe('025288');
    expect(formatReservationNumber(1)).toBe('000001');
    expect(formatReservationNumber(999999)).toBe('999999');
  });

  it('never cuts a longer number', () => {
    expect(formatReservationNumber(1234567)).toBe('1234567');
  });
});

describe('lineOutcomeLabel', () => {
  it.each<[LineKind, LineState, string]>([
    ['BOOK', 'ACCEPTED', 'Présence acceptée'],
    ['BOOK', 'REFUSED', 'Présence refusée'],
    ['BOOK', 'NO_PLACE', 'Aucune place disponible'],
    ['BOOK', 'PENDING', 'Présence en attente de traitement'],
    ['BOOK', 'REQUESTED', 'Demande de réservation'],
    ['CANCEL', 'REQUESTED', 'Demande d’annulation'],
    ['CANCEL', 'ACCEPTED', 'Annulation acceptée'],
    ['CANCEL', 'REFUSED', 'Annulation refusée'],
    ['BOOK', 'WITHDRAWN', 'Demande retirée'],
  ])('%s %s reads "%s"', (kind, state, label) => {
    expect(lineOutcomeLabel(kind, state)).toBe(label);
  });
});
