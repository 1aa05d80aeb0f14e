import request from 'supertest';
import { ReservationProcessor } from '../../src/modules/reservations/reservation-processor.service';
import { SendMailJob } from '../../src/modules/notifications/jobs/send-mail.job';
import { communeWithStaff } from '../helpers/catalog';
import { Q } from '../helpers/accounts';
import { PrivateRedis } from '../helpers/private-redis';
import { createReservationActivity, monthFromNow, R, registeredChild, Reservation, reservationOf, serviceDays, settle, submitOk } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(90_000);

/**
 * Regression guard (a bug found and fixed): during a Redis outage every request that enqueued a job
 * waited for the whole outage (20 s down → 20.8 s answers). Enqueueing now fails fast: work already
 * recorded in the database is confirmed and left to the sweepers, work recorded nowhere else is
 * done at once; `/health` says which dependency is down.
 */
describe('Redis outage', () => {
  const EMAIL = 'famille@pannevi.test';
  let redis: PrivateRedis;
  let app: TestApp;
  let staffToken: string;
  let family: { token: string };
  let auto: { id: string };
  let decided: { id: string };
  let child: { id: string };
  let kid: { id: string };
  let days: string[];
  let month: string;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    app = await TestApp.start({ REDIS_URL: redis.url });
    staffToken = (await communeWithStaff(app, 'PANNEVI')).staffToken;
    family = await app.family('PANNEVI', staffToken, { email: EMAIL });
    auto = await createReservationActivity(app, staffToken, { autoAccept: true, dailyCapacity: 5 });
    decided = await createReservationActivity(app, staffToken, { autoAccept: false, dailyCapacity: 5 });
    child = await registeredChild(app, family.token, staffToken, auto.id);
    kid = await registeredChild(app, family.token, staffToken, decided.id);
    month = monthFromNow(2);
    days = serviceDays(month);
  });
  afterAll(async () => {
    await redis.up(); // a test that failed mid-outage: the app stops cleanly only with Redis back
    await app?.stop();
    await redis.down();
  });

  it('while Redis is down, bookings are confirmed, decisions and reset requests are done, and /health names Redis', async () => {
    const pending = await submitOk(app, family.token, { childId: kid.id, activityId: decided.id, month, book: [days[0], days[1]] });
    await settle(app);
    expect((await reservationOf(app, family.token, pending.id)).lines.map((l) => l.state)).toEqual(['PENDING', 'PENDING']);

    await redis.down();
    // Each of these answers while Redis is still down (a hang would last until the test times out).
    const booked = await submitOk(app, family.token, { childId: child.id, activityId: auto.id, month, book: [days[2]] });
    expect(booked.state).toBe('PENDING');
    expect(booked.lines.map((l) => l.state)).toEqual(['REQUESTED']);

    const decision = await app.ok(R.decide, { i: { reservationId: pending.id, accept: [days[0]], refuse: [days[1]], reason: 'Complet' } }, { token: staffToken });
    expect(decision.decideReservation.id).toBe(pending.id);
    expect((await reservationOf(app, family.token, pending.id)).lines.map((l) => l.state)).toEqual(['ACCEPTED', 'REFUSED']);

    expect((await app.ok(Q.requestPasswordReset, { i: { email: EMAIL } }, { commune: 'PANNEVI' })).requestPasswordReset).toBe(true);
    // Handled just after the answer (its timing must not tell whether the address has an account).
    await waitFor(async () => (await app.dataSource.query(`SELECT 1 FROM mail_message WHERE to_address = $1 AND template = 'password-reset' AND status = 'QUEUED'`, [EMAIL])).length === 1);

    const health = await request(app.server).get('/health');
    expect(health.status).toBe(503);
    expect(health.body.details.database.status).toBe('up');
    expect(health.body.details.redis.status).toBe('down');
    expect(health.body.details.redis.message).toMatch(/^Redis ne répond pas/);

    // Redis is back: the sweepers enqueue what was left (here called at once rather than waiting a minute).
    await redis.up();
    await waitFor(async () => (await request(app.server).get('/health')).status === 200);
    await app.dataSource.query(`UPDATE reservation SET created_at = created_at - interval '2 minutes' WHERE id = $1`, [booked.id]);
    await app.dataSource.query(`UPDATE mail_message SET created_at = created_at - interval '2 minutes' WHERE status = 'QUEUED'`);
    expect(await app.get<ReservationProcessor>(ReservationProcessor).sweep()).toBe(1);
    await app.get<SendMailJob>(SendMailJob).sweep();
    await settle(app);
    const processed = await reservationOf(app, family.token, booked.id);
    expect(processed.state).toBe('ACCEPTED');
    const mails = app.mailbox.to(EMAIL).map((m) => m.subject);
    expect(mails).toContain('Portail Famille — vos identifiants de connexion');
    expect(mails.filter((s) => s.includes(`n° ${booked.number} `))).toHaveLength(1);
    expect(mails.filter((s) => s.includes(`n° ${pending.number} `))).toHaveLength(1);
  });
});

describe('Redis that hangs', () => {
  let redis: PrivateRedis;
  let app: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    app = await TestApp.start({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    redis.resume();
    await app?.stop();
    await redis.down();
  });

  it('does not hold bookings while Redis is paused: each is confirmed before Redis answers again', async () => {
    const { staffToken } = await communeWithStaff(app, 'GELEVI');
    const family = await app.family('GELEVI', staffToken, { email: 'famille@gelevi.test' });
    const activity = await createReservationActivity(app, staffToken, { autoAccept: true, dailyCapacity: 5 });
    const kids: Array<{ id: string }> = [];
    for (const name of ['Lina', 'Noah', 'Jade']) kids.push(await registeredChild(app, family.token, staffToken, activity.id, { firstName: name }));
    const month = monthFromNow(2);
    const [day] = serviceDays(month);
    redis.pause();
    let resumed = false;
    // Redis answers again only once the three bookings are confirmed: were they waiting on it, the
    // test would time out.
    const confirmed: Reservation[] = [];
    for (const kid of kids) confirmed.push(await submitOk(app, family.token, { childId: kid.id, activityId: activity.id, month, book: [day] }));
    expect(resumed).toBe(false);
    expect(confirmed.map((r) => r.lines[0].state)).toEqual(['REQUESTED', 'REQUESTED', 'REQUESTED']);
    redis.resume();
    resumed = true;
    // Processed once Redis answers: by a job that reached it late, or by the sweeper.
    await app.dataSource.query(`UPDATE reservation SET created_at = created_at - interval '2 minutes'`);
    await waitFor(async () => {
      await app
        .get<ReservationProcessor>(ReservationProcessor)
        .sweep()
        .catch(() => 0);
      await settle(app);
      const states = await Promise.all(confirmed.map(async (r) => (await reservationOf(app, family.token, r.id)).state));
      return states.every((state) => state === 'ACCEPTED');
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}
