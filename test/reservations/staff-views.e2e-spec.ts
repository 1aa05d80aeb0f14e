import { addDays, isoWeekday } from '../../src/common/dates/local-date';
import { frenchHoliday } from '../../src/common/dates/french-holidays';
import { communeWithStaff, expectError, expectSameNotFound, randomId } from '../helpers/catalog';
import { createReservationActivity, headcounts, monthFromNow, R, registeredChild, Reservation, serviceDays, settle, submitOk } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** The back-office: lists, decisions, headcounts; and who may see what. */
describe('reservations seen by staff, and kept apart', () => {
  let app: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  let family: { token: string };
  let neighbour: { token: string };
  let auto: { id: string };
  let decided: { id: string };
  let month: string;
  let days: string[];
  const autoRes: Reservation[] = [];
  const decidedRes: Reservation[] = [];

  const list = (vars: Record<string, unknown>, token = staffToken) => app.gql(R.reservations, vars, { token });
  const listOk = async (vars: Record<string, unknown>, token = staffToken) => (await app.ok(R.reservations, vars, { token })).reservations;
  const decide = (input: Record<string, unknown>, token = staffToken) => app.gql(R.decide, { i: input }, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'STAFFVILLE')).staffToken;
    otherStaffToken = (await communeWithStaff(app, 'VOISINVILLE')).staffToken;
    family = await app.family('STAFFVILLE', staffToken, { email: 'famille@staffville.test' });
    neighbour = await app.family('STAFFVILLE', staffToken, { email: 'voisins@staffville.test' });
    auto = await createReservationActivity(app, staffToken, { name: 'RESTAURATION SCOLAIRE', autoAccept: true });
    decided = await createReservationActivity(app, staffToken, { name: 'ACCUEIL DU MERCREDI', autoAccept: false });
    const child = await registeredChild(app, family.token, staffToken, auto.id);
    const kidOfDecided = await registeredChild(app, family.token, staffToken, decided.id);
    month = monthFromNow(2);
    days = serviceDays(month);
    for (const d of [days[0], days[1], days[2]]) autoRes.push(await submitOk(app, family.token, { childId: child.id, activityId: auto.id, month, book: [d] }));
    for (const d of [days[0], days[1], days[2]]) decidedRes.push(await submitOk(app, family.token, { childId: kidOfDecided.id, activityId: decided.id, month, book: [d] }));
    await settle(app);
    await app.ok(R.decide, { i: { reservationId: decidedRes[2].id, refuse: [days[2]], reason: 'Complet' } }, { token: staffToken });
    await settle(app);
  });
  afterAll(() => app.stop());

  describe('reservations(activityId, state, page, pageSize)', () => {
    it('lists the commune’s reservations, most recent first, 5 per page by default', async () => {
      const page = await listOk({});
      expect(page).toMatchObject({ totalCount: 6, page: 1, pageSize: 5 });
      expect(page.items).toHaveLength(5);
      const all = [...autoRes, ...decidedRes].map((r) => r.id).reverse();
      expect(page.items.map((r: Reservation) => r.id)).toEqual(all.slice(0, 5));
    });

    it('filters by activity', async () => {
      const page = await listOk({ activityId: auto.id, pageSize: 100 });
      expect(page.totalCount).toBe(3);
      expect(page.items.map((r: Reservation) => r.id).sort()).toEqual(autoRes.map((r) => r.id).sort());
      for (const r of page.items) expect(r.activity.id).toBe(auto.id);
    });

    it('filters by state, and by both', async () => {
      const pending = await listOk({ state: 'PENDING', pageSize: 100 });
      expect(pending.items.map((r: Reservation) => r.id).sort()).toEqual([decidedRes[0].id, decidedRes[1].id].sort());
      for (const r of pending.items) expect(r.state).toBe('PENDING');
      const accepted = await listOk({ state: 'ACCEPTED', pageSize: 100 });
      expect(accepted.items.map((r: Reservation) => r.id).sort()).toEqual(autoRes.map((r) => r.id).sort());
      expect(await listOk({ activityId: decided.id, state: 'REFUSED' })).toMatchObject({ totalCount: 1, items: [{ id: decidedRes[2].id, state: 'REFUSED' }] });
      expect(await listOk({ activityId: auto.id, state: 'REFUSED' })).toMatchObject({ totalCount: 0, items: [] });
    });

    it('pages through the results without gaps or repeats', async () => {
      const p1 = await listOk({ activityId: decided.id, page: 1, pageSize: 2 });
      const p2 = await listOk({ activityId: decided.id, page: 2, pageSize: 2 });
      const p3 = await listOk({ activityId: decided.id, page: 3, pageSize: 2 });
      expect([p1.totalCount, p2.totalCount, p3.totalCount]).toEqual([3, 3, 3]);
      expect([p1.items.length, p2.items.length, p3.items.length]).toEqual([2, 1, 0]);
      expect({ page: p2.page, pageSize: p2.pageSize }).toEqual({ page: 2, pageSize: 2 });
      const ids = [...p1.items, ...p2.items].map((r: Reservation) => r.id);
      expect(ids).toEqual([...decidedRes].reverse().map((r) => r.id));
    });

    it('refuses an unknown state and a page size over 100', async () => {
      expectError(await list({ state: 'UNKNOWN' }), 'BAD_USER_INPUT');
      expectError(await list({ pageSize: 101 }), 'BAD_USER_INPUT');
      expectError(await list({ page: 0 }), 'BAD_USER_INPUT');
    });

    it('shows another commune nothing of this one', async () => {
      expect(await listOk({}, otherStaffToken)).toMatchObject({ totalCount: 0, items: [] });
      expect(await listOk({ activityId: auto.id }, otherStaffToken)).toMatchObject({ totalCount: 0, items: [] });
    });
  });

  describe('decideReservation', () => {
    it('refuses days that are not pending: INVALID_DAYS with each of them', async () => {
      let err = expectError(await decide({ reservationId: autoRes[0].id, accept: [days[0]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
      expect(err.extensions.invalidDays).toEqual([{ date: days[0], reason: 'NOT_PENDING' }]);
      err = expectError(await decide({ reservationId: decidedRes[0].id, accept: [days[0], days[5]], refuse: [days[6]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
      expect(err.extensions.invalidDays).toEqual([
        { date: days[5], reason: 'NOT_PENDING' },
        { date: days[6], reason: 'NOT_PENDING' },
      ]);
      err = expectError(await decide({ reservationId: decidedRes[2].id, accept: [days[2]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
      expect(err.extensions.invalidDays).toEqual([{ date: days[2], reason: 'NOT_PENDING' }]);
      err = expectError(await decide({ reservationId: decidedRes[1].id, accept: [days[1]], refuse: [days[1]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
      expect(err.extensions.invalidDays).toEqual([{ date: days[1], reason: 'ACCEPTED_AND_REFUSED' }]);
      expectError(await decide({ reservationId: decidedRes[1].id }), 'BAD_USER_INPUT');
      await settle(app);
      // Nothing moved.
      const r = (await app.ok(R.reservation, { id: decidedRes[0].id }, { token: staffToken })).reservation;
      expect(r).toMatchObject({ state: 'PENDING', lines: [{ date: days[0], state: 'PENDING' }] });
    });

    it('is for staff: a family gets FORBIDDEN, for decisions, lists and headcounts', async () => {
      const before = (await app.ok(R.reservation, { id: decidedRes[0].id }, { token: family.token })).reservation;
      expectError(await decide({ reservationId: decidedRes[0].id, accept: [days[0]] }, family.token), 'FORBIDDEN');
      expectError(await app.gql(R.headcount, { activityId: auto.id, from: days[0], to: days[4] }, { token: family.token }), 'FORBIDDEN');
      expectError(await list({}, family.token), 'FORBIDDEN');
      await settle(app);
      expect((await app.ok(R.reservation, { id: decidedRes[0].id }, { token: family.token })).reservation).toEqual(before);
    });

    it("answers another commune's reservation like an unknown one: NOT_FOUND", async () => {
      expectSameNotFound(await decide({ reservationId: decidedRes[0].id, accept: [days[0]] }, otherStaffToken), await decide({ reservationId: randomId(), accept: [days[0]] }, otherStaffToken));
      expectSameNotFound(await app.gql(R.reservation, { id: decidedRes[0].id }, { token: otherStaffToken }), await app.gql(R.reservation, { id: randomId() }, { token: otherStaffToken }));
      expectError(await app.gql(R.headcount, { activityId: auto.id, from: days[0], to: days[4] }, { token: otherStaffToken }), 'NOT_FOUND');
      await settle(app);
      expect((await app.ok(R.reservation, { id: decidedRes[0].id }, { token: staffToken })).reservation.lines[0].state).toBe('PENDING');
    });
  });

  describe('reservation(id)', () => {
    it('shows staff any reservation of their commune', async () => {
      const r = (await app.ok(R.reservation, { id: autoRes[0].id }, { token: staffToken })).reservation;
      expect(r).toMatchObject({ id: autoRes[0].id, number: autoRes[0].number, state: 'ACCEPTED' });
    });

    it("answers another family's reservation exactly like a random id: NOT_FOUND", async () => {
      expectSameNotFound(await app.gql(R.reservation, { id: autoRes[0].id }, { token: neighbour.token }), await app.gql(R.reservation, { id: randomId() }, { token: neighbour.token }));
      expectSameNotFound(
        await app.gql(R.withdraw, { i: { reservationId: decidedRes[0].id } }, { token: neighbour.token }),
        await app.gql(R.withdraw, { i: { reservationId: randomId() } }, { token: neighbour.token }),
      );
      expect((await app.ok(R.myReservations, {}, { token: neighbour.token })).myReservations).toMatchObject({ totalCount: 0, items: [] });
      await settle(app);
      expect((await app.ok(R.reservation, { id: decidedRes[0].id }, { token: family.token })).reservation.state).toBe('PENDING');
    });
  });

  describe('dailyHeadcount', () => {
    it('lists the service days of the range only, with capacity, booked and pending seats', async () => {
      const from = days[0];
      const to = addDays(from, 13);
      const rows = await headcounts(app, staffToken, decided.id, from, to);
      const expectedDates = [];
      for (let d = from; d <= to; d = addDays(d, 1)) if (isoWeekday(d) <= 5 && !frenchHoliday(d)) expectedDates.push(d);
      expect(rows.map((r) => r.date)).toEqual(expectedDates);
      const byDate = new Map(rows.map((r) => [r.date, r]));
      expect(byDate.get(days[0])).toEqual({ date: days[0], capacity: 10, booked: 0, pending: 1 });
      expect(days[2] <= to).toBe(true);
      expect(byDate.get(days[1])).toEqual({ date: days[1], capacity: 10, booked: 0, pending: 1 });
      expect(byDate.get(days[2])).toEqual({ date: days[2], capacity: 10, booked: 0, pending: 0 });
      const autoRows = await headcounts(app, staffToken, auto.id, days[0], days[0]);
      expect(autoRows).toEqual([{ date: days[0], capacity: 10, booked: 1, pending: 0 }]);
    });

    it('refuses a range that ends before it starts: BAD_USER_INPUT', async () => {
      expectError(await app.gql(R.headcount, { activityId: auto.id, from: days[4], to: days[0] }, { token: staffToken }), 'BAD_USER_INPUT');
    });
  });
});
