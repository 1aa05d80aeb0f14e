import { addDays, isoWeekday, LocalDate } from '../../src/common/dates/local-date';
import { frenchHoliday } from '../../src/common/dates/french-holidays';
import { addChild, C, communeWithStaff, expectError, expectSameNotFound, parisToday, randomId, shiftMonths } from '../helpers/catalog';
import {
  createReservationActivity,
  dayOf,
  isoWeekNumber,
  lastOfMonth,
  monthFromNow,
  monthOf,
  PlanningDay,
  planningOf,
  R,
  registeredChild,
  reservationActivityInput,
  serviceDays,
  settle,
  submitOk,
  weekdayHolidayBetween,
} from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * The monthly planning: ISO weeks as rows, the activity's service weekdays as columns, each day's
 * state, deadline and seats; closed days labelled.
 */
describe('planning', () => {
  const WEEKDAYS = [1, 2, 4, 5]; // the guide's canteen: Monday, Tuesday, Thursday, Friday
  const CAPACITY = 5;
  const STRIKE = 'Grève des agents';
  let app: TestApp;
  let staffToken: string;
  let family: { token: string };
  let neighbour: { token: string };
  let activity: { id: string; name: string; startDate: LocalDate; endDate: LocalDate; bookingClosesOn: LocalDate };
  let child: { id: string; firstName: string };
  let neighbourChild: { id: string };
  let holiday: { date: LocalDate; label: string };
  let month: string;
  let strikeDay: LocalDate;
  let bookedDay: LocalDate;

  const planning = (vars: Record<string, unknown>, token = family.token) => app.gql(R.planning, vars, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await communeWithStaff(app, 'PLANVILLE');
    staffToken = commune.staffToken;
    family = await app.family('PLANVILLE', staffToken, { email: 'famille@planville.test' });
    neighbour = await app.family('PLANVILLE', staffToken, { email: 'voisins@planville.test' });
    // A month, two or more months ahead, with a fixed public holiday on one of the columns: taken
    // from the calendar whatever today is (some years none falls on these weekdays for months: the
    // search goes on for three years), and the activity is made to cover it.
    const searchUntil = shiftMonths(parisToday(), 36);
    holiday = weekdayHolidayBetween(`${monthFromNow(2)}-01`, searchUntil);
    while (!WEEKDAYS.includes(isoWeekday(holiday.date))) holiday = weekdayHolidayBetween(addDays(holiday.date, 1), searchUntil);
    month = monthOf(holiday.date);
    const defaults = reservationActivityInput('unused');
    const endDate = [defaults.endDate, shiftMonths(`${month}-01`, 2)].sort()[1];
    const bookingClosesOn = [defaults.bookingClosesOn, shiftMonths(`${month}-01`, 1)].sort()[1];
    activity = (await createReservationActivity(app, staffToken, { weekdays: WEEKDAYS, dailyCapacity: CAPACITY, autoAccept: true, endDate, bookingClosesOn })) as any;
    child = await registeredChild(app, family.token, staffToken, activity.id, { firstName: 'Valentina' });
    neighbourChild = await registeredChild(app, neighbour.token, staffToken, activity.id, { firstName: 'Voisin' });
    const free = serviceDays(month, WEEKDAYS);
    strikeDay = free[2];
    bookedDay = free[4];
    await app.ok(C.addClosure, { i: { activityId: activity.id, from: strikeDay, to: strikeDay, label: STRIKE } }, { token: staffToken });
    await submitOk(app, family.token, { childId: child.id, activityId: activity.id, month, book: [bookedDay] });
    await settle(app);
  });
  afterAll(() => app.stop());

  /** What the day must show, computed from the activity's settings without the product's code. */
  function expectedDay(d: LocalDate): PlanningDay {
    const closed = (closureLabel: string | null): PlanningDay => ({
      date: d,
      inMonth: monthOf(d) === month,
      state: 'CLOSED',
      stateLabel: 'Fermé',
      modifiable: false,
      modifiableUntil: null,
      seatsLeft: null,
      closureLabel,
    });
    if (d < activity.startDate || d > activity.endDate) return closed(null);
    if (d === holiday.date) return closed(holiday.label);
    if (frenchHoliday(d)) return closed(frenchHoliday(d));
    if (d === strikeDay) return closed(STRIKE);
    const byLead = addDays(d, -2);
    return {
      date: d,
      inMonth: monthOf(d) === month,
      state: d === bookedDay ? 'BOOKED' : 'FREE',
      stateLabel: d === bookedDay ? 'Présence acceptée' : 'Libre',
      modifiable: true,
      modifiableUntil: byLead < activity.bookingClosesOn ? byLead : activity.bookingClosesOn,
      seatsLeft: d === bookedDay ? CAPACITY - 1 : CAPACITY,
      closureLabel: null,
    };
  }

  it('shows the ISO weeks covering the month, the service weekdays as columns, every day as expected', async () => {
    const p = await planningOf(app, family.token, child.id, activity.id, month);
    expect(p).toMatchObject({ month, weekdays: WEEKDAYS, bookingClosesOn: activity.bookingClosesOn, child: { id: child.id }, activity: { id: activity.id } });

    // Monday of the first week to Sunday of the last one.
    let from = `${month}-01`;
    while (isoWeekday(from) !== 1) from = addDays(from, -1);
    let to = lastOfMonth(month);
    while (isoWeekday(to) !== 7) to = addDays(to, 1);
    const expectedWeeks: Array<{ isoWeek: number; days: PlanningDay[] }> = [];
    for (let monday = from; monday <= to; monday = addDays(monday, 7)) {
      const days = [0, 1, 2, 3, 4, 5, 6].map((i) => addDays(monday, i)).filter((d) => WEEKDAYS.includes(isoWeekday(d)));
      expectedWeeks.push({ isoWeek: isoWeekNumber(monday), days: days.map(expectedDay) });
    }
    expect(p.weeks).toEqual(expectedWeeks);
    expect(p.weeks.length).toBeGreaterThanOrEqual(4);
    for (const w of p.weeks) expect(w.days.map((d) => isoWeekday(d.date))).toEqual(WEEKDAYS);
  });

  it('shows the public holiday and the staff closure as CLOSED with their label, no seats, not modifiable', async () => {
    expect(await dayOf(app, family.token, child.id, activity.id, holiday.date)).toEqual({
      date: holiday.date,
      inMonth: true,
      state: 'CLOSED',
      stateLabel: 'Fermé',
      modifiable: false,
      modifiableUntil: null,
      seatsLeft: null,
      closureLabel: holiday.label,
    });
    expect(await dayOf(app, family.token, child.id, activity.id, strikeDay)).toEqual({
      date: strikeDay,
      inMonth: true,
      state: 'CLOSED',
      stateLabel: 'Fermé',
      modifiable: false,
      modifiableUntil: null,
      seatsLeft: null,
      closureLabel: STRIKE,
    });
  });

  it('shows the booked day BOOKED with one seat less, for every child of the activity', async () => {
    expect(await dayOf(app, family.token, child.id, activity.id, bookedDay)).toEqual({
      date: bookedDay,
      inMonth: true,
      state: 'BOOKED',
      stateLabel: 'Présence acceptée',
      modifiable: true,
      modifiableUntil: addDays(bookedDay, -2),
      seatsLeft: CAPACITY - 1,
      closureLabel: null,
    });
    expect(await dayOf(app, neighbour.token, neighbourChild.id, activity.id, bookedDay)).toMatchObject({ state: 'FREE', seatsLeft: CAPACITY - 1 });
  });

  it('flags the days of the neighbouring months that fill the first and last weeks', async () => {
    // The first month ahead whose 1st falls from Tuesday to Friday: its first row holds the Monday
    // before (a day of the previous month) and days of the month. (A month starting on a weekend
    // starts its planning on the Monday after: that week holds no day of the previous month.)
    let m = monthFromNow(2);
    while (isoWeekday(`${m}-01`) < 2 || isoWeekday(`${m}-01`) > 5) m = monthOf(shiftMonths(`${m}-01`, 1));
    const p = await planningOf(app, family.token, child.id, activity.id, m);
    const days = p.weeks.flatMap((w) => w.days);
    const before = days.filter((d) => d.date < `${m}-01`);
    const after = days.filter((d) => d.date > lastOfMonth(m));
    expect(before.length + after.length).toBeGreaterThan(0);
    for (const d of days) expect(d.inMonth).toBe(monthOf(d.date) === m);
    // The first row starts on the Monday before the 1st (when a column): a day of the previous month.
    expect(p.weeks[0].isoWeek).toBe(isoWeekNumber(`${m}-01`));
    expect(p.weeks[0].days[0].date < `${m}-01`).toBe(true);
    expect(p.weeks[0].days[0].inMonth).toBe(false);
    // The last row holds the last days of the month.
    const last = p.weeks[p.weeks.length - 1];
    expect(last.isoWeek).toBe(isoWeekNumber(lastOfMonth(m)));
    for (const d of [...before, ...after]) expect(d).toEqual({ ...expectedDay(d.date), inMonth: false });
  });

  it('shows past days as not modifiable, with the last day they could have been', async () => {
    const today = parisToday();
    let d = addDays(today, -1);
    while (!WEEKDAYS.includes(isoWeekday(d)) || frenchHoliday(d)) d = addDays(d, -1);
    const past = await dayOf(app, family.token, child.id, activity.id, d);
    expect(past).toEqual({
      date: d,
      inMonth: true,
      state: 'FREE',
      stateLabel: 'Délai de modification dépassé',
      modifiable: false,
      modifiableUntil: addDays(d, -2),
      seatsLeft: CAPACITY,
      closureLabel: null,
    });
  });

  it('keeps a day modifiable up to its notice exactly: today + lead is, today + lead - 1 is not', async () => {
    // Every day of the week served, and a notice chosen so that neither boundary day is a public holiday.
    const today = parisToday();
    let lead = 2;
    while (frenchHoliday(addDays(today, lead)) || frenchHoliday(addDays(today, lead - 1))) lead++;
    const everyDay = await createReservationActivity(app, staffToken, { weekdays: [1, 2, 3, 4, 5, 6, 7], modificationLeadDays: lead, dailyCapacity: CAPACITY });
    await app.ok(C.registerChild, { i: { childId: child.id, activityId: everyDay.id } }, { token: family.token });
    const lastChance = addDays(today, lead);
    const tooLate = addDays(today, lead - 1);
    expect(await dayOf(app, family.token, child.id, everyDay.id, lastChance)).toMatchObject({ state: 'FREE', stateLabel: 'Libre', modifiable: true, modifiableUntil: today });
    expect(await dayOf(app, family.token, child.id, everyDay.id, tooLate)).toMatchObject({
      state: 'FREE',
      stateLabel: 'Délai de modification dépassé',
      modifiable: false,
      modifiableUntil: addDays(today, -1),
    });
  });

  it('caps "modifiable until" at the close of the booking window', async () => {
    const closes = activity.bookingClosesOn;
    let d = addDays(closes, 2);
    while (!WEEKDAYS.includes(isoWeekday(d)) || frenchHoliday(d)) d = addDays(d, 1);
    expect(d <= activity.endDate).toBe(true);
    expect(await dayOf(app, family.token, child.id, activity.id, d)).toMatchObject({
      state: 'FREE',
      modifiable: true,
      modifiableUntil: closes,
      seatsLeft: CAPACITY,
    });
  });

  it('refuses a child not registered to the activity: NOT_REGISTERED', async () => {
    const unregistered = await addChild(app, family.token, { firstName: 'Romeo' });
    expectError(await planning({ childId: unregistered.id, activityId: activity.id, month }), 'BAD_USER_INPUT', 'NOT_REGISTERED');

    // A registration still waiting for staff is not enough.
    const est = (await app.ok(C.createEstablishment, { i: { name: 'Ecole Louis Gauthier' } }, { token: staffToken })).createEstablishment;
    const waiting = (await app.ok(C.createActivity, { i: reservationActivityInput(est.id, { autoAccept: false }) }, { token: staffToken })).createActivity;
    const reg = await app.ok(C.registerChild, { i: { childId: child.id, activityId: waiting.id } }, { token: family.token });
    expect(reg.registerChild.state).toBe('PENDING');
    expectError(await planning({ childId: child.id, activityId: waiting.id, month }), 'BAD_USER_INPUT', 'NOT_REGISTERED');
  });

  it("answers another family's child exactly like an unknown one: NOT_FOUND", async () => {
    expectSameNotFound(await planning({ childId: neighbourChild.id, activityId: activity.id, month }), await planning({ childId: randomId(), activityId: activity.id, month }));
    expectError(await planning({ childId: child.id, activityId: randomId(), month }), 'NOT_FOUND');
  });

  it('refuses an invalid month: BAD_USER_INPUT', async () => {
    for (const bad of ['2026-13', '2026-00', '2026-1', '12-2026', 'décembre', '']) {
      expectError(await planning({ childId: child.id, activityId: activity.id, month: bad }), 'BAD_USER_INPUT');
    }
  });

  it('needs a login: UNAUTHENTICATED', async () => {
    const res = await app.gql(R.planning, { childId: child.id, activityId: activity.id, month }, { commune: 'PLANVILLE' });
    expectError(res, 'UNAUTHENTICATED');
  });
});
