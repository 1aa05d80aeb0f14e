import { deriveReservationState, LINE_STATES, LineState } from '../../src/modules/reservations/reservation-rules';
import { ReservationsStore } from '../../src/modules/reservations/reservations.store';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { communeWithStaff } from '../helpers/catalog';
import { createReservationActivity, monthFromNow, processedMails, R, registeredChild, reservationOf, serviceDays, settle, submitOk, withQueuePaused } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * SPEC §2: a reservation's state is the one its lines give at that instant, in every answer.
 * Regression guard (a bug found and fixed): the worker settled lines and seats in one statement and
 * rewrote the reservation's stored state in a later one; in between (or forever after a crash
 * between the two) every read said PENDING while no line was open.
 */
describe('a reservation state is never read stale', () => {
  const EMAIL = 'famille@etatville.test';
  let app: TestApp;
  let staffToken: string;
  let family: { token: string };
  let auto: { id: string };
  let child: { id: string };
  let month: string;
  let days: string[];

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'ETATVILLE')).staffToken;
    family = await app.family('ETATVILLE', staffToken, { email: EMAIL });
    auto = await createReservationActivity(app, staffToken, { autoAccept: true, dailyCapacity: 1 });
    child = await registeredChild(app, family.token, staffToken, auto.id);
    month = monthFromNow(2);
    days = serviceDays(month);
  });
  afterAll(() => app.stop());

  it('the seat statement alone (the worker dying right after it) settles the reservation state', async () => {
    const store = app.get<ReservationsStore>(ReservationsStore);
    const uow = app.get<UnitOfWork>(UnitOfWork);
    const r = await withQueuePaused(app, 'reservations', async () => {
      const submitted = await submitOk(app, family.token, { childId: child.id, activityId: auto.id, month, book: [days[0], days[1]] });
      // Only the first step of processing, the seats; then the worker "dies" (its job waits, paused).
      await uow.autocommit((tx) => store.seatBookings(tx, submitted.id, auto.id, [days[0], days[1]], true));
      const [stored] = await app.dataSource.query(`SELECT state FROM reservation WHERE id = $1`, [submitted.id]);
      expect(stored.state).toBe('ACCEPTED');
      const read = await reservationOf(app, family.token, submitted.id);
      expect(read.lines.map((l) => l.state)).toEqual(['ACCEPTED', 'ACCEPTED']);
      expect(read.state).toBe('ACCEPTED');
      const mine = await app.ok(`{ myReservations(pageSize: 100) { items { id state lines { state } } } }`, {}, { token: family.token });
      expect(mine.myReservations.items.find((x: { id: string }) => x.id === submitted.id).state).toBe('ACCEPTED');
      const staff = await app.ok(
        `query($a: ID) { reservations(activityId: $a, state: ACCEPTED, pageSize: 100) { items { id } } }`,
        { a: auto.id },
        {
          token: staffToken,
        },
      );
      expect(staff.reservations.items.map((x: { id: string }) => x.id)).toContain(submitted.id);
      return submitted;
    });
    // The job runs again after the crash: the family is mailed once.
    await settle(app);
    expect(processedMails(app, EMAIL).filter((m) => m.subject.includes(`n° ${r.number} `))).toHaveLength(1);
  });

  it('every answer gives the state its own lines give, the mutation’s own included', async () => {
    const answers = await Promise.all(days.slice(2, 6).map((day) => app.ok(R.submit, { i: { childId: child.id, activityId: auto.id, month, book: [day] } }, { token: family.token })));
    const reads = await Promise.all(answers.map((a) => reservationOf(app, family.token, a.submitReservation.id)));
    for (const r of [...answers.map((a) => a.submitReservation), ...reads]) {
      expect(r.state).toBe(deriveReservationState(r.lines));
    }
    await settle(app);
  });

  it('the database derives the state exactly as the rules do, for every mix of line states', async () => {
    const combos: LineState[][] = [[]];
    for (let size = 1; size <= 3; size++) {
      const grow = (prefix: LineState[], from: number): void => {
        if (prefix.length === size) return void combos.push(prefix);
        LINE_STATES.forEach((s, i) => i >= from && grow([...prefix, s], i));
      };
      grow([], 0);
    }
    const rows = (await app.dataSource.query(`SELECT i, reservation_state_of(s::varchar[]) AS state FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i)`, [
      combos.map((c) => `{${c.join(',')}}`),
    ])) as Array<{ i: string; state: string }>;
    expect(rows).toHaveLength(combos.length);
    for (const row of rows) {
      const lines = combos[Number(row.i) - 1];
      expect({ lines, state: row.state }).toEqual({ lines, state: deriveReservationState(lines.map((state) => ({ state }))) });
    }
  });
});
