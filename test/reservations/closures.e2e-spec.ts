import { C, communeWithStaff, countRows, expectError, expectInvalidField } from '../helpers/catalog';
import {
  createReservationActivity,
  dayOf,
  frenchDay,
  headcountOf,
  headcounts,
  monthFromNow,
  processedMails,
  registeredChild,
  reservationOf,
  seatRow,
  serviceDays,
  settle,
  submitOk,
  withQueuePaused,
} from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** A closure added over days already booked cancels them, frees their seats and tells the families. */
describe('closures over booked days', () => {
  const EMAIL = 'famille@fermeville.test';
  const NEIGHBOUR_EMAIL = 'voisins@fermeville.test';
  let app: TestApp;
  let staffToken: string;
  let family: { token: string };
  let neighbour: { token: string };
  let auto: { id: string; name: string };
  let decided: { id: string; name: string };
  let valentina: { id: string };
  let romeo: { id: string };
  let lucas: { id: string };
  let month: string;
  let days: string[];

  const closureMails = (email: string) => app.mailbox.to(email).filter((m) => /fermeture/.test(m.subject));
  const close = (activityId: string, from: string, to: string, label: string) => app.ok(C.addClosure, { i: { activityId, from, to, label } }, { token: staffToken });
  const presenceStatus = async (childId: string, activityId: string, date: string) =>
    (await app.dataSource.query(`SELECT status FROM presence WHERE child_id = $1 AND activity_id = $2 AND date = $3`, [childId, activityId, date]))[0]?.status;

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'FERMEVILLE')).staffToken;
    family = await app.family('FERMEVILLE', staffToken, { email: EMAIL, firstName: 'Claire', lastName: 'Martin' });
    neighbour = await app.family('FERMEVILLE', staffToken, { email: NEIGHBOUR_EMAIL, firstName: 'Paul', lastName: 'Voisin' });
    auto = await createReservationActivity(app, staffToken, { name: 'RESTAURATION SCOLAIRE', autoAccept: true, dailyCapacity: 10 });
    decided = await createReservationActivity(app, staffToken, { name: 'ACCUEIL PERISCOLAIRE', autoAccept: false, dailyCapacity: 10 });
    valentina = await registeredChild(app, family.token, staffToken, auto.id, { firstName: 'Valentina', lastName: 'TEST' });
    romeo = await registeredChild(app, family.token, staffToken, auto.id, { firstName: 'Romeo', lastName: 'TEST' });
    lucas = await registeredChild(app, neighbour.token, staffToken, auto.id, { firstName: 'Lucas', lastName: 'VOISIN' });
    month = monthFromNow(2);
    days = serviceDays(month);
  });
  afterAll(() => app.stop());

  it('cancels the bookings of the closed days: CLOSED in the planning, seats freed, one mail per family', async () => {
    const [X, Y] = [days[0], days[1]];
    const booking = await submitOk(app, family.token, { childId: valentina.id, activityId: auto.id, month, book: [X, Y] });
    await submitOk(app, family.token, { childId: romeo.id, activityId: auto.id, month, book: [X] });
    await submitOk(app, neighbour.token, { childId: lucas.id, activityId: auto.id, month, book: [X] });
    await settle(app);
    expect(await headcountOf(app, staffToken, auto.id, X)).toEqual({ capacity: 10, booked: 3, pending: 0 });
    expect((await dayOf(app, family.token, valentina.id, auto.id, X)).state).toBe('BOOKED');
    expect(closureMails(EMAIL)).toHaveLength(0);

    const activity = (await close(auto.id, X, X, 'Grève des agents')).addClosure;
    expect(activity.closures).toContainEqual({ from: X, to: X, label: 'Grève des agents' });
    await settle(app);

    for (const [token, child] of [
      [family.token, valentina],
      [family.token, romeo],
      [neighbour.token, lucas],
    ] as const) {
      expect(await dayOf(app, token, child.id, auto.id, X)).toMatchObject({
        state: 'CLOSED',
        closureLabel: 'Grève des agents',
        seatsLeft: null,
        modifiable: false,
      });
      expect(await presenceStatus(child.id, auto.id, X)).toBe('CANCELLED');
    }
    // The closed day is no longer a service day: no headcount for it, and its counters are back to zero.
    const rows = await headcounts(app, staffToken, auto.id, X, Y);
    expect(rows.map((r) => r.date)).toEqual([Y]);
    expect(rows[0]).toEqual({ date: Y, capacity: 10, booked: 1, pending: 0 });
    expect(await seatRow(app, auto.id, X)).toEqual({ booked: 0, held: 0 });
    expect((await dayOf(app, family.token, valentina.id, auto.id, Y)).state).toBe('BOOKED');
    // The booking's own detail says the town hall closed that day (never « Présence acceptée » alone).
    const detail = (await app.ok(`query($id: ID!) { reservation(id: $id) { lines { date state cancelledBy { id } townHallNote } } }`, { id: booking.id }, { token: family.token })).reservation;
    expect(detail.lines).toEqual([
      { date: X, state: 'ACCEPTED', cancelledBy: null, townHallNote: 'Jour fermé par la mairie : Grève des agents' },
      { date: Y, state: 'ACCEPTED', cancelledBy: null, townHallNote: null },
    ]);

    const mails = closureMails(EMAIL);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('Grève des agents');
    expect(mails[0].text).toContain('Bonjour Claire Martin');
    expect(mails[0].text).toContain(auto.name);
    expect(mails[0].text).toContain(`- TEST Valentina — ${frenchDay(X)}`);
    expect(mails[0].text).toContain(`- TEST Romeo — ${frenchDay(X)}`);
    expect(mails[0].text).not.toContain(frenchDay(Y));
    expect(mails[0].text).not.toContain('VOISIN');
    const theirs = closureMails(NEIGHBOUR_EMAIL);
    expect(theirs).toHaveLength(1);
    expect(theirs[0].text).toContain(`- VOISIN Lucas — ${frenchDay(X)}`);
    expect(theirs[0].text).not.toContain('Valentina');
  });

  it('sends nothing for a closure over days nobody booked', async () => {
    const before = app.mailbox.mails.length;
    await close(auto.id, days[2], days[2], 'Journée pédagogique');
    await settle(app);
    expect(app.mailbox.mails.length).toBe(before);
    expect((await dayOf(app, family.token, valentina.id, auto.id, days[2])).state).toBe('CLOSED');
  });

  it('ends a booking still waiting for staff: refused for the closure, its held seat freed', async () => {
    const kid = await registeredChild(app, family.token, staffToken, decided.id, { firstName: 'Emma', lastName: 'TEST' });
    const r = await submitOk(app, family.token, { childId: kid.id, activityId: decided.id, month, book: [days[3], days[4]] });
    await settle(app);
    expect(await headcountOf(app, staffToken, decided.id, days[3])).toEqual({ capacity: 10, booked: 0, pending: 1 });

    await close(decided.id, days[3], days[3], 'Sortie de fin d’année');
    await settle(app);
    const after = await reservationOf(app, family.token, r.id);
    expect(after.lines).toEqual([
      { date: days[3], kind: 'BOOK', state: 'REFUSED', reason: 'Fermeture : Sortie de fin d’année' },
      { date: days[4], kind: 'BOOK', state: 'PENDING', reason: null },
    ]);
    expect(after.state).toBe('PENDING');
    expect(await seatRow(app, decided.id, days[3])).toEqual({ booked: 0, held: 0 });
    expect(await headcountOf(app, staffToken, decided.id, days[4])).toEqual({ capacity: 10, booked: 0, pending: 1 });
    expect((await dayOf(app, family.token, kid.id, decided.id, days[3])).state).toBe('CLOSED');
    expect(closureMails(EMAIL).filter((m) => m.subject.includes('Sortie de fin d’année'))).toHaveLength(1);
  });

  it('ends requests the queue has not processed yet: no seat is taken for a closed day, a cancellation is granted', async () => {
    const [V, W] = [days[5], days[6]];
    await submitOk(app, family.token, { childId: valentina.id, activityId: auto.id, month, book: [V] });
    await settle(app);
    expect(await headcountOf(app, staffToken, auto.id, V)).toMatchObject({ booked: 1 });

    const [booking, cancellation] = await withQueuePaused(app, 'reservations', async () => {
      const b = await submitOk(app, family.token, { childId: romeo.id, activityId: auto.id, month, book: [W] });
      const c = await submitOk(app, family.token, { childId: valentina.id, activityId: auto.id, month, cancel: [V] });
      expect((await dayOf(app, family.token, romeo.id, auto.id, W)).state).toBe('BOOKING_REQUESTED');
      expect((await dayOf(app, family.token, valentina.id, auto.id, V)).state).toBe('CANCELLATION_REQUESTED');
      await close(auto.id, V, W, 'Travaux');
      return [b, c];
    });
    await settle(app);
    expect((await reservationOf(app, family.token, booking.id)).lines).toEqual([{ date: W, kind: 'BOOK', state: 'REFUSED', reason: 'Fermeture : Travaux' }]);
    expect((await reservationOf(app, family.token, cancellation.id)).lines).toEqual([{ date: V, kind: 'CANCEL', state: 'ACCEPTED', reason: 'Fermeture : Travaux' }]);
    expect((await seatRow(app, auto.id, V))!.booked).toBe(0);
    expect((await seatRow(app, auto.id, W))?.booked ?? 0).toBe(0);
    expect(await countRows(app, `SELECT 1 FROM presence WHERE activity_id = $1 AND date IN ($2, $3) AND status <> 'CANCELLED'`, [auto.id, V, W])).toBe(0);
    expect((await dayOf(app, family.token, romeo.id, auto.id, W)).state).toBe('CLOSED');
    expect((await dayOf(app, family.token, valentina.id, auto.id, V)).state).toBe('CLOSED');
    // No second "traitée" mail for a reservation already told.
    for (const r of [booking, cancellation]) expect(processedMails(app, EMAIL).filter((m) => m.subject.includes(`n° ${r.number} `))).toHaveLength(1);
  });

  it('refuses a requested day closed after the request was checked (a closure that raced it): no seat taken', async () => {
    const Z = days[10];
    const before = await seatRow(app, auto.id, Z);
    const r = await withQueuePaused(app, 'reservations', async () => {
      const sent = await submitOk(app, family.token, { childId: romeo.id, activityId: auto.id, month, book: [Z] });
      // The closure lands between the checks and the processing, without its hook having seen this request.
      await app.dataSource.query(`INSERT INTO activity_closure (activity_id, from_date, to_date, label) VALUES ($1, $2, $2, 'Grève')`, [auto.id, Z]);
      return sent;
    });
    await settle(app);
    const done = await reservationOf(app, family.token, r.id);
    expect(done.lines).toEqual([expect.objectContaining({ date: Z, state: 'REFUSED', reason: 'Fermeture : Grève' })]);
    expect(done.state).toBe('REFUSED');
    expect(await seatRow(app, auto.id, Z)).toEqual(before);
    expect(await presenceStatus(romeo.id, auto.id, Z)).toBe('CANCELLED');
    expect((await dayOf(app, family.token, romeo.id, auto.id, Z)).state).toBe('CLOSED');
  });
  describe('removeClosure', () => {
    const REMOVE = `mutation($i: RemoveClosureInput!) { removeClosure(input: $i) { id closures { from to label removable } } }`;
    const remove = (input: Record<string, unknown>, token = staffToken) => app.gql(REMOVE, { i: input }, { token });
    const staffClosures = async () =>
      ((await app.ok(`query { activities { id closures { from to label removable } } }`, {}, { token: staffToken })).activities as any[])
        .find((a) => a.id === auto.id)
        .closures.filter((c: any) => c.removable);

    it('is refused to a family, to another commune, backwards, and where no closure lies wholly within the range: nothing removed', async () => {
      const [P, Q] = [days[6], days[7]];
      await close(auto.id, P, Q, 'Travaux de la cuisine');
      const before = await staffClosures();
      expect(before).toContainEqual({ from: P, to: Q, label: 'Travaux de la cuisine', removable: true });
      expectError(await remove({ activityId: auto.id, from: P, to: Q }, family.token), 'FORBIDDEN');
      const elsewhere = (await communeWithStaff(app, 'AILLEURS-FERME')).staffToken;
      expectError(await remove({ activityId: auto.id, from: P, to: Q }, elsewhere), 'NOT_FOUND');
      expectInvalidField(await remove({ activityId: auto.id, from: Q, to: P }), 'to', /La fin de la période doit suivre son début/);
      // Only part of the closure: it is not cut, it stays whole.
      const err = expectError(await remove({ activityId: auto.id, from: P, to: P }), 'BAD_USER_INPUT', 'NO_CLOSURE');
      expect(err.message).toMatch(/^Aucune fermeture de cette activité ne tient entre le /);
      expect(await staffClosures()).toEqual(before);
    });

    it('makes the closed days bookable again; nothing the closure cancelled is booked again by itself', async () => {
      const X = days[0];
      const mailsBefore = app.mailbox.mails.length;
      const res = await remove({ activityId: auto.id, from: X, to: X });
      expect(res.errors).toBeUndefined();
      expect(res.data.removeClosure.closures).not.toContainEqual(expect.objectContaining({ from: X, to: X, label: 'Grève des agents' }));
      await settle(app);
      for (const [token, child] of [
        [family.token, valentina],
        [neighbour.token, lucas],
      ] as const) {
        expect(await dayOf(app, token, child.id, auto.id, X)).toMatchObject({ state: 'FREE', closureLabel: null, modifiable: true, seatsLeft: 10 });
        expect(await presenceStatus(child.id, auto.id, X)).toBe('CANCELLED');
      }
      expect(await headcountOf(app, staffToken, auto.id, X)).toEqual({ capacity: 10, booked: 0, pending: 0 });
      expect(app.mailbox.mails.length).toBe(mailsBefore);
      // The family books the day again if it wishes.
      await submitOk(app, family.token, { childId: valentina.id, activityId: auto.id, month, book: [X] });
      await settle(app);
      expect((await dayOf(app, family.token, valentina.id, auto.id, X)).state).toBe('BOOKED');
    });

    it('removes every closure lying within a longer range, and keeps those that only overlap it', async () => {
      const [P, Q] = [days[6], days[7]];
      await close(auto.id, days[8], days[9], 'Inventaire');
      await close(auto.id, days[9], days[10], 'Chevauche');
      expect((await remove({ activityId: auto.id, from: P, to: days[9] })).errors).toBeUndefined();
      const left = await staffClosures();
      expect(left.filter((c: any) => c.from >= P && c.to <= days[9])).toEqual([]);
      expect(left).toContainEqual({ from: days[9], to: days[10], label: 'Chevauche', removable: true });
      expect((await dayOf(app, family.token, valentina.id, auto.id, Q)).state).toBe('FREE');
      expect((await dayOf(app, family.token, valentina.id, auto.id, days[10])).state).toBe('CLOSED');
    });
  });
});
