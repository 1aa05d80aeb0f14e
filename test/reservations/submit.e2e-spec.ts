import { addDays } from '../../src/common/dates/local-date';
import { addChild, communeWithStaff, countRows, expectError, expectSameNotFound, parisToday, randomId } from '../helpers/catalog';
import {
  createReservationActivity,
  frenchMonth,
  headcountOf,
  monthFromNow,
  planningOf,
  R,
  registeredChild,
  saturdayOf,
  serviceDays,
  settle,
  submit,
  submitOk,
  SubmitInput,
  withQueuePaused,
} from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** "Validation du planning" then confirmation: all or nothing, numbered, idempotent. */
describe('previewReservation and submitReservation', () => {
  let app: TestApp;
  let staffToken: string;
  let family: { token: string; familyId: string };
  let neighbour: { token: string };
  let activity: { id: string; name: string };
  let child: { id: string; firstName: string; lastName: string };
  let sibling: { id: string };
  let month: string;
  let days: string[];
  let nextMonthDay: string;
  let saturday: string;

  const preview = (input: Partial<SubmitInput>, token = family.token) => app.gql(R.preview, { i: { childId: child.id, activityId: activity.id, month, ...input } }, { token });
  const mine = async (token = family.token) => (await app.ok(R.myReservations, { pageSize: 100 }, { token })).myReservations;
  const savedRows = async () => ({
    reservations: await countRows(app, `SELECT 1 FROM reservation`),
    lines: await countRows(app, `SELECT 1 FROM reservation_line`),
    presences: await countRows(app, `SELECT 1 FROM presence`),
  });

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'SUBVILLE')).staffToken;
    family = await app.family('SUBVILLE', staffToken, { email: 'famille@subville.test' });
    neighbour = await app.family('SUBVILLE', staffToken, { email: 'voisins@subville.test' });
    activity = await createReservationActivity(app, staffToken, { autoAccept: true, dailyCapacity: 10 });
    child = await registeredChild(app, family.token, staffToken, activity.id, { firstName: 'Valentina', lastName: 'TEST' });
    sibling = await registeredChild(app, family.token, staffToken, activity.id, { firstName: 'Romeo', lastName: 'TEST' });
    month = monthFromNow(2);
    days = serviceDays(month);
    nextMonthDay = serviceDays(monthFromNow(3))[0];
    saturday = saturdayOf(month);
  });
  afterAll(() => app.stop());

  describe('previewReservation', () => {
    it('lists each day, ok or with its reason, in date order, and saves nothing', async () => {
      const before = await savedRows();
      const res = await preview({ book: [nextMonthDay, days[1], saturday, days[0], days[1]], cancel: [days[3]] });
      expect(res.errors).toBeUndefined();
      expect(res.data.previewReservation.valid).toBe(false);
      const expected = [
        { date: days[0], kind: 'BOOK', ok: true, reason: null },
        { date: days[1], kind: 'BOOK', ok: true, reason: null },
        { date: days[1], kind: 'BOOK', ok: false, reason: 'DUPLICATE_DATE' },
        { date: days[3], kind: 'CANCEL', ok: false, reason: 'NOT_BOOKED' },
        { date: saturday, kind: 'BOOK', ok: false, reason: 'NOT_A_SERVICE_DAY' },
        { date: nextMonthDay, kind: 'BOOK', ok: false, reason: 'OUTSIDE_MONTH' },
      ].sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
      expect(res.data.previewReservation.lines).toEqual(expected);
      expect(await savedRows()).toEqual(before);
      expect((await mine()).totalCount).toBe(0);
    });

    it('says valid when every day passes, and still saves nothing', async () => {
      const before = await savedRows();
      const res = await preview({ book: [days[2], days[0]] });
      expect(res.data.previewReservation).toEqual({
        valid: true,
        lines: [
          { date: days[0], kind: 'BOOK', ok: true, reason: null },
          { date: days[2], kind: 'BOOK', ok: true, reason: null },
        ],
      });
      expect(await savedRows()).toEqual(before);
      expect((await planningOf(app, family.token, child.id, activity.id, month)).weeks.flatMap((w) => w.days).every((d) => d.state !== 'BOOKING_REQUESTED')).toBe(true);
    });
  });

  describe('submitReservation', () => {
    let firstNumber: number;

    it('confirms a request: a 6-digit number, the French period, first and last day, one BOOK line per day', async () => {
      const r = await submitOk(app, family.token, { childId: child.id, activityId: activity.id, month, book: [days[2], days[0], days[1]] });
      expect(r).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        number: expect.stringMatching(/^\d{6}$/),
        periodLabel: frenchMonth(month),
        createdAt: expect.any(String),
        firstDate: days[0],
        lastDate: days[2],
        state: 'PENDING',
        child: { id: child.id, firstName: 'Valentina', lastName: 'TEST' },
        activity: { id: activity.id, name: activity.name, establishment: expect.objectContaining({ id: expect.any(String) }) },
        lines: [days[0], days[1], days[2]].map((date) => ({ date, kind: 'BOOK', state: expect.stringMatching(/^(REQUESTED|ACCEPTED)$/), reason: null })),
      });
      expect(Math.abs(Date.parse(r.createdAt) - Date.now())).toBeLessThan(60_000);
      firstNumber = Number(r.number);
      expect(r.number).toBe('000001');
      await settle(app);
      const page = await mine();
      expect(page.totalCount).toBe(1);
      expect(page.items[0]).toMatchObject({ id: r.id, number: '000001', state: 'ACCEPTED' });
      expect(page.items[0].lines.map((l: any) => l.state)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    });

    it('numbers the reservations of a commune one after the other', async () => {
      const a = await submitOk(app, family.token, { childId: child.id, activityId: activity.id, month, book: [days[3]] });
      const b = await submitOk(app, family.token, { childId: sibling.id, activityId: activity.id, month, book: [days[3]] });
      expect([a.number, b.number]).toEqual([String(firstNumber + 1).padStart(6, '0'), String(firstNumber + 2).padStart(6, '0')]);
      await settle(app);
    });

    it('numbers each commune on its own: a second commune starts again at 000001', async () => {
      const other = await communeWithStaff(app, 'AUTREVILLE');
      const otherFamily = await app.family('AUTREVILLE', other.staffToken, { email: 'famille@autreville.test' });
      const otherActivity = await createReservationActivity(app, other.staffToken);
      const otherChild = await registeredChild(app, otherFamily.token, other.staffToken, otherActivity.id);
      const r = await submitOk(app, otherFamily.token, { childId: otherChild.id, activityId: otherActivity.id, month, book: [days[0]] });
      expect(r.number).toBe('000001');
      const r2 = await submitOk(app, otherFamily.token, { childId: otherChild.id, activityId: otherActivity.id, month, book: [days[1]] });
      expect(r2.number).toBe('000002');
      const back = await submitOk(app, family.token, { childId: child.id, activityId: activity.id, month, book: [days[4]] });
      expect(back.number).toBe(String(firstNumber + 3).padStart(6, '0'));
      await settle(app);
    });

    it('writes the period label in French from the month asked', async () => {
      const later = monthFromNow(4);
      const r = await submitOk(app, family.token, { childId: child.id, activityId: activity.id, month: later, book: [serviceDays(later)[0]] });
      expect(r.periodLabel).toBe(frenchMonth(later));
      expect(r.periodLabel).toMatch(/^(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/);
      await settle(app);
    });

    it('rejects the whole request when any day is bad: INVALID_DAYS lists every bad date with its reason; nothing is saved', async () => {
      await settle(app);
      const beforeRows = await savedRows();
      const beforeMine = await mine();
      const beforePlanning = await planningOf(app, family.token, child.id, activity.id, month);
      const beforeCount = await headcountOf(app, staffToken, activity.id, days[5]);

      const res = await submit(app, family.token, {
        childId: child.id,
        activityId: activity.id,
        month,
        book: [days[5], days[0], saturday, nextMonthDay, days[6], days[6]],
        cancel: [days[7]],
      });
      const err = expectError(res, 'BAD_USER_INPUT', 'INVALID_DAYS');
      const expected = [
        { date: days[0], reason: 'ALREADY_BOOKED' },
        { date: days[6], reason: 'DUPLICATE_DATE' },
        { date: days[7], reason: 'NOT_BOOKED' },
        { date: saturday, reason: 'NOT_A_SERVICE_DAY' },
        { date: nextMonthDay, reason: 'OUTSIDE_MONTH' },
      ].sort((a, b) => a.date.localeCompare(b.date));
      expect(err.extensions.invalidDays.map((d: any) => ({ date: d.date, reason: d.reason }))).toEqual(expected);
      // The message names every bad day (dd/mm/yyyy) for people.
      for (const { date } of expected) expect(err.message).toContain(date.split('-').reverse().join('/'));
      expect(err.message).not.toContain(days[5].split('-').reverse().join('/'));

      expect(await savedRows()).toEqual(beforeRows);
      expect(await mine()).toEqual(beforeMine);
      expect(await planningOf(app, family.token, child.id, activity.id, month)).toEqual(beforePlanning);
      expect(await headcountOf(app, staffToken, activity.id, days[5])).toEqual(beforeCount);

      // No number was spent on the refused request.
      const next = await submitOk(app, family.token, { childId: child.id, activityId: activity.id, month, book: [days[5]] });
      expect(next.number).toBe(String(firstNumber + 5).padStart(6, '0'));
      await settle(app);
    });

    it('refuses days past their notice (DEADLINE_PASSED), outside the booking window (BOOKING_CLOSED, BOOKING_NOT_OPEN)', async () => {
      const today = parisToday();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ modificationLeadDays: 200 }, 'DEADLINE_PASSED'],
        [{ bookingOpensOn: addDays(today, -20), bookingClosesOn: addDays(today, -1) }, 'BOOKING_CLOSED'],
        [{ bookingOpensOn: addDays(today, 3) }, 'BOOKING_NOT_OPEN'],
      ];
      for (const [over, reason] of cases) {
        const a = await createReservationActivity(app, staffToken, over);
        const c = await registeredChild(app, family.token, staffToken, a.id);
        const before = await savedRows();
        const p = await app.ok(R.preview, { i: { childId: c.id, activityId: a.id, month, book: [days[0], days[1]] } }, { token: family.token });
        expect(p.previewReservation).toEqual({
          valid: false,
          lines: [
            { date: days[0], kind: 'BOOK', ok: false, reason },
            { date: days[1], kind: 'BOOK', ok: false, reason },
          ],
        });
        const err = expectError(await submit(app, family.token, { childId: c.id, activityId: a.id, month, book: [days[0], days[1]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
        expect(err.extensions.invalidDays.map((d: any) => ({ date: d.date, reason: d.reason }))).toEqual([
          { date: days[0], reason },
          { date: days[1], reason },
        ]);
        expect(await savedRows()).toEqual(before);
      }
    });

    it('returns the same reservation for the same idempotency key, and takes the seat once', async () => {
      const day = days[8];
      expect(await headcountOf(app, staffToken, activity.id, day)).toMatchObject({ booked: 0, pending: 0 });
      const countBefore = (await mine()).totalCount;
      const input = { childId: child.id, activityId: activity.id, month, book: [day], idempotencyKey: 'confirmation-8' };
      const first = await submitOk(app, family.token, input);
      const again = await submitOk(app, family.token, input);
      expect(again.id).toBe(first.id);
      expect(again.number).toBe(first.number);
      await settle(app);
      const third = await submitOk(app, family.token, input);
      expect(third.id).toBe(first.id);
      await settle(app);
      expect(await headcountOf(app, staffToken, activity.id, day)).toMatchObject({ booked: 1, pending: 0 });
      expect((await mine()).totalCount).toBe(countBefore + 1);
      expect(await countRows(app, `SELECT 1 FROM reservation WHERE idempotency_key = 'confirmation-8'`)).toBe(1);
    });

    it('returns one reservation for the same key confirmed twice at once', async () => {
      const day = days[9];
      const countBefore = (await mine()).totalCount;
      const input = { childId: child.id, activityId: activity.id, month, book: [day], idempotencyKey: 'double-clic-9' };
      const results = await Promise.all([1, 2, 3].map(() => submit(app, family.token, input)));
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(new Set(results.map((r) => r.data.submitReservation.id)).size).toBe(1);
      await settle(app);
      expect(await headcountOf(app, staffToken, activity.id, day)).toMatchObject({ booked: 1, pending: 0 });
      expect((await mine()).totalCount).toBe(countBefore + 1);
    });

    it('returns the same reservation to a retry that arrives while the first confirmation commits', async () => {
      // The retry is sent 0 to 80 ms after the first: whenever it lands, it gets the first one's reservation.
      const roomy = await createReservationActivity(app, staffToken, { dailyCapacity: 100 });
      const outcomes: string[] = [];
      for (let delay = 0; delay <= 80; delay += 4) {
        const c = await registeredChild(app, family.token, staffToken, roomy.id);
        const input = { childId: c.id, activityId: roomy.id, month, book: days.slice(0, 5), idempotencyKey: `retry-${delay}` };
        const first = submit(app, family.token, input);
        await new Promise((r) => setTimeout(r, delay));
        const [a, b] = await Promise.all([first, submit(app, family.token, input)]);
        const show = (r: typeof a) => (r.errors ? r.errors[0].extensions.reason : r.data.submitReservation.id === a.data?.submitReservation?.id ? 'same' : 'other');
        outcomes.push(`${delay} ms: ${show(a)} / ${show(b)}`);
      }
      expect(outcomes.filter((o) => !o.endsWith('same / same'))).toEqual([]);
      expect(await countRows(app, `SELECT 1 FROM reservation WHERE idempotency_key LIKE 'retry-%'`)).toBe(21);
      await settle(app);
      expect(await headcountOf(app, staffToken, roomy.id, days[0])).toMatchObject({ booked: 21, pending: 0 });
    });

    it('refuses the same key for another request: CONFLICT', async () => {
      const input = { childId: child.id, activityId: activity.id, month, book: [days[10]], idempotencyKey: 'cle-unique' };
      await submitOk(app, family.token, input);
      await settle(app);
      const before = await savedRows();
      expectError(await submit(app, family.token, { ...input, childId: sibling.id }), 'CONFLICT');
      expectError(await submit(app, family.token, { ...input, month: monthFromNow(3), book: [nextMonthDay] }), 'CONFLICT');
      // Same child, activity and month but other days: not a replay either.
      expectError(await submit(app, family.token, { ...input, book: [days[11]] }), 'CONFLICT', 'IDEMPOTENCY_KEY_REUSED');
      expect(await savedRows()).toEqual(before);
    });

    it('shows requested days as no longer modifiable until they are processed, and booked days as cancellable', async () => {
      const input = { childId: sibling.id, activityId: activity.id, month, book: [days[13]] };
      const dayOf = async () => (await planningOf(app, family.token, sibling.id, activity.id, month)).weeks.flatMap((w) => w.days).find((d) => d.date === days[13])!;
      await withQueuePaused(app, 'reservations', async () => {
        await submitOk(app, family.token, input);
        expect(await dayOf()).toMatchObject({ state: 'BOOKING_REQUESTED', modifiable: false });
      });
      await settle(app);
      expect(await dayOf()).toMatchObject({ state: 'BOOKED', modifiable: true });
    });

    it('lets two families use the same key independently', async () => {
      const neighbourChild = await registeredChild(app, neighbour.token, staffToken, activity.id);
      const mineKey = await submitOk(app, family.token, { childId: sibling.id, activityId: activity.id, month, book: [days[11]], idempotencyKey: 'commun' });
      const theirs = await submitOk(app, neighbour.token, { childId: neighbourChild.id, activityId: activity.id, month, book: [days[11]], idempotencyKey: 'commun' });
      expect(theirs.id).not.toBe(mineKey.id);
      await settle(app);
    });

    it('refuses a child not registered to the activity: NOT_REGISTERED', async () => {
      const unregistered = await addChild(app, family.token, { firstName: 'Nouveau' });
      const before = await savedRows();
      expectError(await submit(app, family.token, { childId: unregistered.id, activityId: activity.id, month, book: [days[0]] }), 'BAD_USER_INPUT', 'NOT_REGISTERED');
      expectError(await preview({ childId: unregistered.id, book: [days[0]] }), 'BAD_USER_INPUT', 'NOT_REGISTERED');
      expect(await savedRows()).toEqual(before);
    });

    it("answers another family's child like an unknown one: NOT_FOUND", async () => {
      const neighbourChild = await registeredChild(app, neighbour.token, staffToken, activity.id);
      expectSameNotFound(
        await submit(app, family.token, { childId: neighbourChild.id, activityId: activity.id, month, book: [days[12]] }),
        await submit(app, family.token, { childId: randomId(), activityId: activity.id, month, book: [days[12]] }),
      );
    });

    it('refuses an empty request and an invalid month: BAD_USER_INPUT', async () => {
      expectError(await submit(app, family.token, { childId: child.id, activityId: activity.id, month }), 'BAD_USER_INPUT');
      expectError(await submit(app, family.token, { childId: child.id, activityId: activity.id, month, book: [], cancel: [] }), 'BAD_USER_INPUT');
      expectError(await submit(app, family.token, { childId: child.id, activityId: activity.id, month: '2026-13', book: [days[12]] }), 'BAD_USER_INPUT');
    });

    it('is for families: staff cannot submit: FORBIDDEN', async () => {
      expectError(await submit(app, staffToken, { childId: child.id, activityId: activity.id, month, book: [days[12]] }), 'FORBIDDEN');
    });
  });
});
