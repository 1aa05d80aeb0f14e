import { C, communeWithStaff, countRows, expectError } from '../helpers/catalog';
import {
  createReservationActivity,
  dayOf,
  frenchDay,
  headcountOf,
  monthFromNow,
  processedMails,
  R,
  registeredChild,
  reservationOf,
  Reservation,
  serviceDays,
  settle,
  submit,
  submitOk,
} from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** An activity that accepts requests by itself, within its capacity. */
describe('reservations accepted automatically', () => {
  const EMAIL = 'famille@autoville.test';
  let app: TestApp;
  let staffToken: string;
  let family: { token: string };
  let activity: { id: string };
  let child: { id: string };
  let sibling: { id: string };
  let month: string;
  let days: string[];
  let firstBooking: Reservation;
  let firstCancel: Reservation;
  let rebooking: Reservation;

  const seats = (date: string) => headcountOf(app, staffToken, activity.id, date);
  const mailsAbout = (r: Reservation) => processedMails(app, EMAIL).filter((m) => m.subject.includes(`n° ${r.number} `));
  const book = (childId: string, dates: string[]) => submitOk(app, family.token, { childId, activityId: activity.id, month, book: dates });
  const cancel = (childId: string, dates: string[]) => submit(app, family.token, { childId, activityId: activity.id, month, cancel: dates });

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'AUTOVILLE')).staffToken;
    family = await app.family('AUTOVILLE', staffToken, { email: EMAIL, firstName: 'Claire', lastName: 'Martin' });
    activity = await createReservationActivity(app, staffToken, { autoAccept: true, dailyCapacity: 10 });
    child = await registeredChild(app, family.token, staffToken, activity.id, { firstName: 'Valentina', lastName: 'TEST' });
    sibling = await registeredChild(app, family.token, staffToken, activity.id, { firstName: 'Romeo', lastName: 'TEST' });
    month = monthFromNow(2);
    days = serviceDays(month);
  });
  afterAll(() => app.stop());

  it('BOOK: accepted at once, the day BOOKED, the seat taken, the family told', async () => {
    const r = await book(child.id, [days[0], days[1]]);
    await settle(app);
    const done = await reservationOf(app, family.token, r.id);
    firstBooking = done;
    expect(done.state).toBe('ACCEPTED');
    expect(done.lines).toEqual([
      { date: days[0], kind: 'BOOK', state: 'ACCEPTED', reason: null },
      { date: days[1], kind: 'BOOK', state: 'ACCEPTED', reason: null },
    ]);
    expect(await dayOf(app, family.token, child.id, activity.id, days[0])).toMatchObject({ state: 'BOOKED', seatsLeft: 9 });
    expect(await seats(days[0])).toEqual({ capacity: 10, booked: 1, pending: 0 });
    const mails = mailsAbout(done);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`- ${frenchDay(days[0])} : Présence acceptée`);
    expect(mails[0].text).toContain(`- ${frenchDay(days[1])} : Présence acceptée`);
  });

  it('CANCEL: accepted at once, the day FREE again, the seat freed', async () => {
    const res = await cancel(child.id, [days[0]]);
    expect(res.errors).toBeUndefined();
    const r = res.data.submitReservation;
    expect(r.lines).toEqual([{ date: days[0], kind: 'CANCEL', state: expect.stringMatching(/^(REQUESTED|ACCEPTED)$/), reason: null }]);
    await settle(app);
    const done = await reservationOf(app, family.token, r.id);
    firstCancel = done;
    expect(done.state).toBe('ACCEPTED');
    expect(done.lines).toEqual([{ date: days[0], kind: 'CANCEL', state: 'ACCEPTED', reason: null }]);
    expect(await dayOf(app, family.token, child.id, activity.id, days[0])).toMatchObject({ state: 'FREE', seatsLeft: 10 });
    expect(await seats(days[0])).toEqual({ capacity: 10, booked: 0, pending: 0 });
    expect(await dayOf(app, family.token, child.id, activity.id, days[1])).toMatchObject({ state: 'BOOKED' });
    expect(mailsAbout(done)[0].text).toContain(`- ${frenchDay(days[0])} : Annulation acceptée`);
  });

  it('a cancelled day can be booked again', async () => {
    const r = await book(child.id, [days[0]]);
    await settle(app);
    rebooking = await reservationOf(app, family.token, r.id);
    expect(rebooking.state).toBe('ACCEPTED');
    expect(await seats(days[0])).toEqual({ capacity: 10, booked: 1, pending: 0 });
  });

  it('a booking a later request cancelled says which request cancelled it (cancelledBy), each booking its own', async () => {
    const cancelledBy = async (id: string) =>
      (await app.ok(`query($id: ID!) { reservation(id: $id) { lines { date kind cancelledBy { id number } } } }`, { id }, { token: family.token })).reservation.lines;
    expect(await cancelledBy(firstBooking.id)).toEqual([
      { date: days[0], kind: 'BOOK', cancelledBy: { id: firstCancel.id, number: firstCancel.number } },
      { date: days[1], kind: 'BOOK', cancelledBy: null },
    ]);
    expect(await cancelledBy(firstCancel.id)).toEqual([{ date: days[0], kind: 'CANCEL', cancelledBy: null }]);
    expect(await cancelledBy(rebooking.id)).toEqual([{ date: days[0], kind: 'BOOK', cancelledBy: null }]);
    // The day booked again is cancelled again: the second booking names the second cancellation, the first keeps its own.
    const again = await cancel(child.id, [days[0]]);
    expect(again.errors).toBeUndefined();
    await settle(app);
    const secondCancel = again.data.submitReservation;
    expect(await cancelledBy(rebooking.id)).toEqual([{ date: days[0], kind: 'BOOK', cancelledBy: { id: secondCancel.id, number: secondCancel.number } }]);
    expect((await cancelledBy(firstBooking.id))[0].cancelledBy).toEqual({ id: firstCancel.id, number: firstCancel.number });
    // Booked once more for what follows.
    await book(child.id, [days[0]]);
    await settle(app);
    expect(await seats(days[0])).toEqual({ capacity: 10, booked: 1, pending: 0 });
  });

  it('CANCEL of a day not booked (free, or booked for another child) is refused: NOT_BOOKED', async () => {
    const before = await countRows(app, `SELECT 1 FROM reservation`);
    let err = expectError(await cancel(child.id, [days[2]]), 'BAD_USER_INPUT', 'INVALID_DAYS');
    expect(err.extensions.invalidDays.map((d: any) => ({ date: d.date, reason: d.reason }))).toEqual([{ date: days[2], reason: 'NOT_BOOKED' }]);
    err = expectError(await cancel(sibling.id, [days[0], days[1]]), 'BAD_USER_INPUT', 'INVALID_DAYS');
    expect(err.extensions.invalidDays.map((d: any) => ({ date: d.date, reason: d.reason }))).toEqual([
      { date: days[0], reason: 'NOT_BOOKED' },
      { date: days[1], reason: 'NOT_BOOKED' },
    ]);
    expect(await countRows(app, `SELECT 1 FROM reservation`)).toBe(before);
    expect(await seats(days[0])).toEqual({ capacity: 10, booked: 1, pending: 0 });
  });

  it('CANCEL of a day already billed is refused: ALREADY_BILLED', async () => {
    const r = await book(child.id, [days[3]]);
    await settle(app);
    expect((await reservationOf(app, family.token, r.id)).state).toBe('ACCEPTED');
    // Billed by an invoice of its own (written directly: a billing run would bill the family's other days too).
    await app.dataSource.query(
      `WITH inv AS (
         INSERT INTO invoice (commune_id, family_id, number, issued_on, period_start, period_end, amount_cents, state, children_label, establishments_label, accueil_label)
         SELECT p.family_id_commune, p.family_id, 'TEST-00001', $3, $3, $3, 340, 'UNPAID', '', '', ''
           FROM (SELECT f.commune_id AS family_id_commune, f.id AS family_id FROM family f JOIN presence pr ON pr.family_id = f.id
                  WHERE pr.child_id = $1 AND pr.activity_id = $2 AND pr.date = $3) p
         RETURNING id)
       UPDATE presence SET invoice_id = (SELECT id FROM inv) WHERE child_id = $1 AND activity_id = $2 AND date = $3`,
      [child.id, activity.id, days[3]],
    );
    const before = await countRows(app, `SELECT 1 FROM reservation`);
    const preview = await app.ok(R.preview, { i: { childId: child.id, activityId: activity.id, month, cancel: [days[3]] } }, { token: family.token });
    expect(preview.previewReservation).toEqual({ valid: false, lines: [{ date: days[3], kind: 'CANCEL', ok: false, reason: 'ALREADY_BILLED' }] });
    const err = expectError(await cancel(child.id, [days[3]]), 'BAD_USER_INPUT', 'INVALID_DAYS');
    expect(err.extensions.invalidDays.map((d: any) => ({ date: d.date, reason: d.reason }))).toEqual([{ date: days[3], reason: 'ALREADY_BILLED' }]);
    expect(await countRows(app, `SELECT 1 FROM reservation`)).toBe(before);
    expect(await dayOf(app, family.token, child.id, activity.id, days[3])).toMatchObject({ state: 'BOOKED' });
    expect(await seats(days[3])).toEqual({ capacity: 10, booked: 1, pending: 0 });
  });

  it('a full day gives NO_PLACE; a request with seats for some days only is PARTIAL', async () => {
    await app.ok(C.setDayCapacity, { i: { activityId: activity.id, date: days[4], capacity: 1 } }, { token: staffToken });
    const taken = await book(child.id, [days[4]]);
    await settle(app);
    expect((await reservationOf(app, family.token, taken.id)).state).toBe('ACCEPTED');

    const refused = await book(sibling.id, [days[4]]);
    await settle(app);
    const r1 = await reservationOf(app, family.token, refused.id);
    expect(r1.state).toBe('REFUSED');
    expect(r1.lines).toEqual([{ date: days[4], kind: 'BOOK', state: 'NO_PLACE', reason: 'Aucune place disponible' }]);
    expect(await dayOf(app, family.token, sibling.id, activity.id, days[4])).toMatchObject({ state: 'NO_PLACE', seatsLeft: 0 });

    const partial = await book(sibling.id, [days[4], days[5]]);
    await settle(app);
    const r2 = await reservationOf(app, family.token, partial.id);
    expect(r2.state).toBe('PARTIAL');
    expect(r2.lines).toEqual([
      { date: days[4], kind: 'BOOK', state: 'NO_PLACE', reason: 'Aucune place disponible' },
      { date: days[5], kind: 'BOOK', state: 'ACCEPTED', reason: null },
    ]);
    expect(await seats(days[4])).toEqual({ capacity: 1, booked: 1, pending: 0 });
    const mail = mailsAbout(r2)[0];
    expect(mail.text).toContain(`- ${frenchDay(days[4])} : Aucune place disponible`);
    expect(mail.text).toContain(`- ${frenchDay(days[5])} : Présence acceptée`);
  });

  it('never gives more seats than the capacity, even to requests confirmed at the same moment', async () => {
    const day = days[6];
    await app.ok(C.setDayCapacity, { i: { activityId: activity.id, date: day, capacity: 2 } }, { token: staffToken });
    const kids = [];
    for (let i = 0; i < 6; i++) kids.push(await registeredChild(app, family.token, staffToken, activity.id, { firstName: `Enfant${i}` }));
    const submitted = await Promise.all(kids.map((k) => book(k.id, [day])));
    await settle(app);
    const states = await Promise.all(submitted.map(async (r) => (await reservationOf(app, family.token, r.id)).lines[0].state));
    expect(states.filter((s) => s === 'ACCEPTED')).toHaveLength(2);
    expect(states.filter((s) => s === 'NO_PLACE')).toHaveLength(4);
    expect(await seats(day)).toEqual({ capacity: 2, booked: 2, pending: 0 });
    expect(await countRows(app, `SELECT 1 FROM presence WHERE activity_id = $1 AND date = $2 AND status = 'BOOKED'`, [activity.id, day])).toBe(2);
  });
});
