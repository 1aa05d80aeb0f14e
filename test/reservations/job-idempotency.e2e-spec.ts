import { RequestContext } from '../../src/common/context/request-context';
import { randomUUID } from 'node:crypto';
import { ReservationProcessor } from '../../src/modules/reservations/reservation-processor.service';
import { communeWithStaff } from '../helpers/catalog';
import {
  createReservationActivity,
  headcountOf,
  monthFromNow,
  processedMails,
  R,
  registeredChild,
  reservationOf,
  Reservation,
  serviceDays,
  settle,
  submitOk,
  withQueuePaused,
} from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** The jobs run as the system (no account), as the queue's workers run them. */
const SYSTEM = RequestContext.system('test:job-replay');

/** Queue jobs are delivered at least once: running one again takes no second seat and sends no second mail. */
describe('reservation jobs run again', () => {
  const EMAIL = 'famille@rejeuville.test';
  let app: TestApp;
  let staffToken: string;
  let family: { token: string };
  let auto: { id: string };
  let decided: { id: string };
  let child: { id: string };
  let kid: { id: string };
  let month: string;
  let days: string[];
  let processor: ReservationProcessor;

  const mailsAbout = (r: Reservation) => processedMails(app, EMAIL).filter((m) => m.subject.includes(`n° ${r.number} `));
  const mailRows = async (r: Reservation) => (await app.dataSource.query(`SELECT count(*)::int AS n FROM mail_message WHERE subject LIKE $1`, [`%n° ${r.number} %`]))[0].n as number;

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'REJEUVILLE')).staffToken;
    family = await app.family('REJEUVILLE', staffToken, { email: EMAIL });
    auto = await createReservationActivity(app, staffToken, { autoAccept: true, dailyCapacity: 10 });
    decided = await createReservationActivity(app, staffToken, { autoAccept: false, dailyCapacity: 10 });
    child = await registeredChild(app, family.token, staffToken, auto.id);
    kid = await registeredChild(app, family.token, staffToken, decided.id);
    month = monthFromNow(2);
    days = serviceDays(month);
    processor = app.get(ReservationProcessor);
  });
  afterAll(() => app.stop());

  it('processing a processed reservation again changes nothing and mails nothing', async () => {
    const r = await submitOk(app, family.token, { childId: child.id, activityId: auto.id, month, book: [days[0], days[1]] });
    await settle(app);
    const done = await reservationOf(app, family.token, r.id);
    expect(done.state).toBe('ACCEPTED');
    expect(await headcountOf(app, staffToken, auto.id, days[0])).toEqual({ capacity: 10, booked: 1, pending: 0 });
    expect(mailsAbout(done)).toHaveLength(1);

    await processor.process(SYSTEM, r.id);
    await processor.process(SYSTEM, r.id);
    await settle(app);
    expect(await reservationOf(app, family.token, r.id)).toEqual(done);
    expect(await headcountOf(app, staffToken, auto.id, days[0])).toEqual({ capacity: 10, booked: 1, pending: 0 });
    expect(await headcountOf(app, staffToken, auto.id, days[1])).toEqual({ capacity: 10, booked: 1, pending: 0 });
    expect(mailsAbout(done)).toHaveLength(1);
    expect(await mailRows(done)).toBe(1);
  });

  it('the same job delivered several times at once takes one seat and sends one mail', async () => {
    const r = await withQueuePaused(app, 'reservations', async () => {
      const submitted = await submitOk(app, family.token, { childId: child.id, activityId: auto.id, month, book: [days[2]] });
      await Promise.all([processor.process(SYSTEM, submitted.id), processor.process(SYSTEM, submitted.id), processor.process(SYSTEM, submitted.id)]);
      return submitted;
    });
    await settle(app); // the queued job runs too
    const done = await reservationOf(app, family.token, r.id);
    expect(done.state).toBe('ACCEPTED');
    expect(await headcountOf(app, staffToken, auto.id, days[2])).toEqual({ capacity: 10, booked: 1, pending: 0 });
    expect(mailsAbout(done)).toHaveLength(1);
  });

  it('processing a pending reservation again holds no second seat', async () => {
    const r = await submitOk(app, family.token, { childId: kid.id, activityId: decided.id, month, book: [days[0]] });
    await settle(app);
    expect(await headcountOf(app, staffToken, decided.id, days[0])).toEqual({ capacity: 10, booked: 0, pending: 1 });
    await processor.process(SYSTEM, r.id);
    await settle(app);
    expect(await headcountOf(app, staffToken, decided.id, days[0])).toEqual({ capacity: 10, booked: 0, pending: 1 });
    expect((await reservationOf(app, family.token, r.id)).lines[0].state).toBe('PENDING');
    expect(mailsAbout(r)).toHaveLength(0);
  });

  it('applying a staff decision again changes nothing and mails nothing', async () => {
    const r = await submitOk(app, family.token, { childId: kid.id, activityId: decided.id, month, book: [days[1], days[2]] });
    await settle(app);
    await app.ok(R.decide, { i: { reservationId: r.id, accept: [days[1]], refuse: [days[2]], reason: 'Complet' } }, { token: staffToken });
    await settle(app);
    const done = await reservationOf(app, family.token, r.id);
    expect(done.state).toBe('PARTIAL');
    expect(await headcountOf(app, staffToken, decided.id, days[1])).toEqual({ capacity: 10, booked: 1, pending: 0 });
    expect(await headcountOf(app, staffToken, decided.id, days[2])).toEqual({ capacity: 10, booked: 0, pending: 0 });
    expect(mailsAbout(done)).toHaveLength(1);

    await processor.decide(SYSTEM, { reservationId: r.id, accept: [days[1]], refuse: [days[2]], reason: 'Complet' });
    await processor.decide(SYSTEM, { reservationId: r.id, accept: [days[2]], refuse: [days[1]], reason: null });
    await processor.process(SYSTEM, r.id);
    await settle(app);
    expect(await reservationOf(app, family.token, r.id)).toEqual(done);
    expect(await headcountOf(app, staffToken, decided.id, days[1])).toEqual({ capacity: 10, booked: 1, pending: 0 });
    expect(await headcountOf(app, staffToken, decided.id, days[2])).toEqual({ capacity: 10, booked: 0, pending: 0 });
    expect(mailsAbout(done)).toHaveLength(1);
    expect(await mailRows(done)).toBe(1);
  });

  it('a job for a withdrawn or unknown reservation does nothing', async () => {
    const r = await submitOk(app, family.token, { childId: kid.id, activityId: decided.id, month, book: [days[3]] });
    await settle(app);
    expect((await app.ok(R.withdraw, { i: { reservationId: r.id } }, { token: family.token })).withdrawReservation.state).toBe('CANCELLED');
    await processor.process(SYSTEM, r.id);
    await processor.decide(SYSTEM, { reservationId: r.id, accept: [days[3]], refuse: [], reason: null });
    await settle(app);
    const after = await reservationOf(app, family.token, r.id);
    expect(after.state).toBe('CANCELLED');
    expect(after.lines.map((l) => l.state)).toEqual(['WITHDRAWN']);
    expect(await headcountOf(app, staffToken, decided.id, days[3])).toEqual({ capacity: 10, booked: 0, pending: 0 });
    expect(mailsAbout(r)).toHaveLength(0);
    await expect(processor.process(SYSTEM, randomUUID())).resolves.toBeUndefined();
    await expect(processor.decide(SYSTEM, { reservationId: randomUUID(), accept: [days[3]], refuse: [], reason: null })).resolves.toBeUndefined();
  });
});
