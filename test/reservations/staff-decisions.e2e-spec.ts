import { C, communeWithStaff, expectError } from '../helpers/catalog';
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
  statesOf,
  submitOk,
  withQueuePaused,
} from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * The whole life of requests on an activity where staff decide: seats held while pending, decisions
 * day by day, one mail when done, cancellations, withdrawal, and a full day.
 */
describe('reservations decided by staff', () => {
  const EMAIL_A = 'famille.a@decideville.test';
  const EMAIL_B = 'famille.b@decideville.test';
  const REASON = 'Sortie scolaire ce jour-là';
  let app: TestApp;
  let staffToken: string;
  let familyA: { token: string };
  let familyB: { token: string };
  let activity: { id: string };
  let childA: { id: string };
  let childB: { id: string };
  let month: string;
  let D1: string, D2: string, D3: string, D4: string, D5: string;
  let first: Reservation;

  const decide = (input: Record<string, unknown>) => app.gql(R.decide, { i: input }, { token: staffToken });
  const withdraw = (reservationId: string, token = familyA.token) => app.gql(R.withdraw, { i: { reservationId } }, { token });
  const seats = (date: string) => headcountOf(app, staffToken, activity.id, date);
  const days = (token: string, childId: string, dates: string[]) => statesOf(app, token, childId, activity.id, dates);
  const cancelledBy = async (id: string) => (await app.ok(`query($id: ID!) { reservation(id: $id) { lines { date cancelledBy { id number } } } }`, { id }, { token: staffToken })).reservation.lines;
  const mailsAbout = (email: string, r: Reservation) => processedMails(app, email).filter((m) => m.subject.includes(`n° ${r.number} `));

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'DECIDEVILLE')).staffToken;
    familyA = await app.family('DECIDEVILLE', staffToken, { email: EMAIL_A, firstName: 'Claire', lastName: 'Martin' });
    familyB = await app.family('DECIDEVILLE', staffToken, { email: EMAIL_B, firstName: 'Paul', lastName: 'Voisin' });
    activity = await createReservationActivity(app, staffToken, { autoAccept: false, dailyCapacity: 5 });
    childA = await registeredChild(app, familyA.token, staffToken, activity.id, { firstName: 'Valentina', lastName: 'TEST' });
    childB = await registeredChild(app, familyB.token, staffToken, activity.id, { firstName: 'Lucas', lastName: 'VOISIN' });
    month = monthFromNow(2);
    [D1, D2, D3, D4, D5] = serviceDays(month);
    // One seat only on D3.
    await app.ok(C.setDayCapacity, { i: { activityId: activity.id, date: D3, capacity: 1 } }, { token: staffToken });
  });
  afterAll(() => app.stop());

  it('family A books D1..D3: the lines wait for staff, the days show PENDING, the seats are held', async () => {
    first = await submitOk(app, familyA.token, { childId: childA.id, activityId: activity.id, month, book: [D1, D2, D3] });
    expect(first.state).toBe('PENDING');
    await settle(app);
    const r = await reservationOf(app, familyA.token, first.id);
    expect(r.state).toBe('PENDING');
    expect(r.lines).toEqual([D1, D2, D3].map((date) => ({ date, kind: 'BOOK', state: 'PENDING', reason: null })));
    expect(await days(familyA.token, childA.id, [D1, D2, D3])).toEqual({ [D1]: 'PENDING', [D2]: 'PENDING', [D3]: 'PENDING' });
    expect(await seats(D1)).toEqual({ capacity: 5, booked: 0, pending: 1 });
    expect(await seats(D2)).toEqual({ capacity: 5, booked: 0, pending: 1 });
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 0, pending: 1 });
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D1)).seatsLeft).toBe(4);
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D3)).seatsLeft).toBe(0);
    expect(processedMails(app, EMAIL_A)).toHaveLength(0);
  });

  it('staff accept D1 and refuse D2 with a reason; D3 still waits, and so does the reservation', async () => {
    const res = await decide({ reservationId: first.id, accept: [D1], refuse: [D2], reason: REASON });
    expect(res.errors).toBeUndefined();
    expect(res.data.decideReservation.id).toBe(first.id);
    await settle(app);
    const r = await reservationOf(app, familyA.token, first.id);
    expect(r.lines).toEqual([
      { date: D1, kind: 'BOOK', state: 'ACCEPTED', reason: null },
      { date: D2, kind: 'BOOK', state: 'REFUSED', reason: REASON },
      { date: D3, kind: 'BOOK', state: 'PENDING', reason: null },
    ]);
    expect(r.state).toBe('PENDING');
    expect(await days(familyA.token, childA.id, [D1, D2, D3])).toEqual({ [D1]: 'BOOKED', [D2]: 'REFUSED', [D3]: 'PENDING' });
    expect(await seats(D1)).toEqual({ capacity: 5, booked: 1, pending: 0 });
    expect(await seats(D2)).toEqual({ capacity: 5, booked: 0, pending: 0 });
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 0, pending: 1 });
    expect(processedMails(app, EMAIL_A)).toHaveLength(0);
  });

  it('a refusal without its reason (missing or blank) is refused in French: REASON_REQUIRED, nothing changes', async () => {
    for (const reason of [undefined, '   ']) {
      const err = expectError(await decide({ reservationId: first.id, refuse: [D3], ...(reason === undefined ? {} : { reason }) }), 'BAD_USER_INPUT', 'REASON_REQUIRED');
      expect(err.message).toBe('Indiquez le motif du refus : il est montré à la famille.');
      expect(err.extensions.field).toBe('reason');
    }
    await settle(app);
    expect((await reservationOf(app, familyA.token, first.id)).lines.map((l) => l.state)).toEqual(['ACCEPTED', 'REFUSED', 'PENDING']);
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 0, pending: 1 });
  });

  it('a reservation with a day already decided can no longer be withdrawn: CONFLICT NOT_WITHDRAWABLE', async () => {
    expectError(await withdraw(first.id), 'CONFLICT', 'NOT_WITHDRAWABLE');
    expect((await reservationOf(app, familyA.token, first.id)).lines.map((l) => l.state)).toEqual(['ACCEPTED', 'REFUSED', 'PENDING']);
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 0, pending: 1 });
  });

  it('family B asks for D3, whose only seat A holds: NO_PLACE, reservation REFUSED, "Aucune place disponible" mailed', async () => {
    const r = await submitOk(app, familyB.token, { childId: childB.id, activityId: activity.id, month, book: [D3] });
    await settle(app);
    const after = await reservationOf(app, familyB.token, r.id);
    expect(after.state).toBe('REFUSED');
    expect(after.lines).toEqual([{ date: D3, kind: 'BOOK', state: 'NO_PLACE', reason: 'Aucune place disponible' }]);
    expect(await dayOf(app, familyB.token, childB.id, activity.id, D3)).toMatchObject({ state: 'NO_PLACE', seatsLeft: 0 });
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 0, pending: 1 });
    const mails = mailsAbout(EMAIL_B, after);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`- ${frenchDay(D3)} : Aucune place disponible`);
    expect(mails[0].subject).toContain(after.number);
  });

  it('staff accept D3: the reservation is PARTIAL and family A gets one "traitée" mail listing every day', async () => {
    expect((await decide({ reservationId: first.id, accept: [D3] })).errors).toBeUndefined();
    await settle(app);
    const r = await reservationOf(app, familyA.token, first.id);
    expect(r.state).toBe('PARTIAL');
    expect(r.lines.map((l) => l.state)).toEqual(['ACCEPTED', 'REFUSED', 'ACCEPTED']);
    expect(await days(familyA.token, childA.id, [D1, D2, D3])).toEqual({ [D1]: 'BOOKED', [D2]: 'REFUSED', [D3]: 'BOOKED' });
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 1, pending: 0 });

    const mails = processedMails(app, EMAIL_A);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toContain(`n° ${first.number}`);
    expect(mail.subject).toMatch(/traitée/);
    expect(mail.text).toContain('Bonjour Claire Martin');
    expect(mail.text).toContain('TEST Valentina');
    expect(mail.text).toContain(first.periodLabel);
    expect(mail.text).toContain(`- ${frenchDay(D1)} : Présence acceptée`);
    expect(mail.text).toContain(`- ${frenchDay(D2)} : Présence refusée — ${REASON}`);
    expect(mail.text).toContain(`- ${frenchDay(D3)} : Présence acceptée`);
    expect(mail.html).toContain('Présence acceptée');
    // Nothing more comes later.
    await settle(app);
    expect(processedMails(app, EMAIL_A)).toHaveLength(1);
  });

  it('a decision on a day that is not pending any more is refused: INVALID_DAYS', async () => {
    const err = expectError(await decide({ reservationId: first.id, accept: [D1] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
    expect(err.extensions.invalidDays).toEqual([{ date: D1, reason: 'NOT_PENDING' }]);
  });

  it('A cancels D1: CANCELLATION_REQUESTED, then CANCELLATION_PENDING; staff accept: the day is FREE and its seat freed', async () => {
    const cancel = await withQueuePaused(app, 'reservations', async () => {
      const r = await submitOk(app, familyA.token, { childId: childA.id, activityId: activity.id, month, cancel: [D1] });
      expect(r.lines).toEqual([{ date: D1, kind: 'CANCEL', state: 'REQUESTED', reason: null }]);
      expect((await dayOf(app, familyA.token, childA.id, activity.id, D1)).state).toBe('CANCELLATION_REQUESTED');
      expect(await seats(D1)).toEqual({ capacity: 5, booked: 1, pending: 0 });
      return r;
    });
    await settle(app);
    expect((await reservationOf(app, familyA.token, cancel.id)).lines).toEqual([{ date: D1, kind: 'CANCEL', state: 'PENDING', reason: null }]);
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D1)).state).toBe('CANCELLATION_PENDING');
    expect(await seats(D1)).toEqual({ capacity: 5, booked: 1, pending: 0 });

    expect((await decide({ reservationId: cancel.id, accept: [D1] })).errors).toBeUndefined();
    await settle(app);
    const done = await reservationOf(app, familyA.token, cancel.id);
    expect(done.state).toBe('ACCEPTED');
    expect(done.lines).toEqual([{ date: D1, kind: 'CANCEL', state: 'ACCEPTED', reason: null }]);
    expect(await dayOf(app, familyA.token, childA.id, activity.id, D1)).toMatchObject({ state: 'FREE', seatsLeft: 5 });
    expect(await seats(D1)).toEqual({ capacity: 5, booked: 0, pending: 0 });
    const mails = mailsAbout(EMAIL_A, done);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`- ${frenchDay(D1)} : Annulation acceptée`);
    // The booking it cancelled keeps its own history, and says which request cancelled D1.
    expect((await reservationOf(app, familyA.token, first.id)).state).toBe('PARTIAL');
    expect(await cancelledBy(first.id)).toEqual([
      { date: D1, cancelledBy: { id: cancel.id, number: cancel.number } },
      { date: D2, cancelledBy: null },
      { date: D3, cancelledBy: null },
    ]);
  });

  it('a cancellation staff refuse leaves the day booked', async () => {
    const cancel = await submitOk(app, familyA.token, { childId: childA.id, activityId: activity.id, month, cancel: [D3] });
    await settle(app);
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D3)).state).toBe('CANCELLATION_PENDING');
    expect((await decide({ reservationId: cancel.id, refuse: [D3], reason: 'Repas déjà commandé' })).errors).toBeUndefined();
    await settle(app);
    const done = await reservationOf(app, familyA.token, cancel.id);
    expect(done.state).toBe('REFUSED');
    expect(done.lines).toEqual([{ date: D3, kind: 'CANCEL', state: 'REFUSED', reason: 'Repas déjà commandé' }]);
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D3)).state).toBe('BOOKED');
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 1, pending: 0 });
    expect(mailsAbout(EMAIL_A, done)[0].text).toContain(`- ${frenchDay(D3)} : Annulation refusée — Repas déjà commandé`);
    // A refused cancellation cancelled nothing.
    expect((await cancelledBy(first.id))[2]).toEqual({ date: D3, cancelledBy: null });
  });

  it('a reservation still entirely pending is withdrawn: lines WITHDRAWN, CANCELLED, held seats freed, no mail', async () => {
    const r = await submitOk(app, familyA.token, { childId: childA.id, activityId: activity.id, month, book: [D4, D5] });
    await settle(app);
    expect((await reservationOf(app, familyA.token, r.id)).lines.map((l) => l.state)).toEqual(['PENDING', 'PENDING']);
    expect(await seats(D4)).toEqual({ capacity: 5, booked: 0, pending: 1 });
    expect(await seats(D5)).toEqual({ capacity: 5, booked: 0, pending: 1 });
    const mailsBefore = app.mailbox.to(EMAIL_A).length;

    const res = await withdraw(r.id);
    expect(res.errors).toBeUndefined();
    expect(res.data.withdrawReservation).toMatchObject({
      id: r.id,
      state: 'CANCELLED',
      lines: [
        { date: D4, kind: 'BOOK', state: 'WITHDRAWN', reason: null },
        { date: D5, kind: 'BOOK', state: 'WITHDRAWN', reason: null },
      ],
    });
    await settle(app);
    expect((await reservationOf(app, familyA.token, r.id)).state).toBe('CANCELLED');
    expect(await seats(D4)).toEqual({ capacity: 5, booked: 0, pending: 0 });
    expect(await seats(D5)).toEqual({ capacity: 5, booked: 0, pending: 0 });
    expect(await days(familyA.token, childA.id, [D4, D5])).toEqual({ [D4]: 'FREE', [D5]: 'FREE' });
    expect(app.mailbox.to(EMAIL_A)).toHaveLength(mailsBefore);

    // Withdrawn once is enough; and the days can be asked for again.
    expectError(await withdraw(r.id), 'CONFLICT', 'NOT_WITHDRAWABLE');
    const again = await submitOk(app, familyA.token, { childId: childA.id, activityId: activity.id, month, book: [D4] });
    await settle(app);
    expect((await reservationOf(app, familyA.token, again.id)).lines[0].state).toBe('PENDING');
    expect(await seats(D4)).toEqual({ capacity: 5, booked: 0, pending: 1 });
  });

  it('a request the queue has not processed yet can be withdrawn (and not yet decided); no seat is ever taken for it', async () => {
    const D6 = serviceDays(month)[5];
    const r = await withQueuePaused(app, 'reservations', async () => {
      const submitted = await submitOk(app, familyA.token, { childId: childA.id, activityId: activity.id, month, book: [D6] });
      expect((await dayOf(app, familyA.token, childA.id, activity.id, D6)).state).toBe('BOOKING_REQUESTED');
      const err = expectError(await decide({ reservationId: submitted.id, accept: [D6] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
      expect(err.extensions.invalidDays).toEqual([{ date: D6, reason: 'NOT_PENDING' }]);
      const res = await withdraw(submitted.id);
      expect(res.errors).toBeUndefined();
      expect(res.data.withdrawReservation).toMatchObject({ state: 'CANCELLED', lines: [{ date: D6, kind: 'BOOK', state: 'WITHDRAWN', reason: null }] });
      return submitted;
    });
    await settle(app);
    expect(await reservationOf(app, familyA.token, r.id)).toMatchObject({ state: 'CANCELLED', lines: [{ date: D6, state: 'WITHDRAWN' }] });
    expect(await seats(D6)).toEqual({ capacity: 5, booked: 0, pending: 0 });
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D6)).state).toBe('FREE');
    expect(mailsAbout(EMAIL_A, r)).toHaveLength(0);
  });

  it('withdrawing a pending cancellation leaves the day booked', async () => {
    const cancel = await submitOk(app, familyA.token, { childId: childA.id, activityId: activity.id, month, cancel: [D3] });
    await settle(app);
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D3)).state).toBe('CANCELLATION_PENDING');
    const res = await withdraw(cancel.id);
    expect(res.errors).toBeUndefined();
    expect(res.data.withdrawReservation.state).toBe('CANCELLED');
    expect((await dayOf(app, familyA.token, childA.id, activity.id, D3)).state).toBe('BOOKED');
    expect(await seats(D3)).toEqual({ capacity: 1, booked: 1, pending: 0 });
  });

  it('withdrawing a processed reservation is refused: CONFLICT NOT_WITHDRAWABLE', async () => {
    expectError(await withdraw(first.id), 'CONFLICT', 'NOT_WITHDRAWABLE');
    expect((await reservationOf(app, familyA.token, first.id)).state).toBe('PARTIAL');
    const refusedOfB = (await app.ok(R.myReservations, {}, { token: familyB.token })).myReservations.items[0];
    expect(refusedOfB.state).toBe('REFUSED');
    expectError(await withdraw(refusedOfB.id, familyB.token), 'CONFLICT', 'NOT_WITHDRAWABLE');
  });
});
