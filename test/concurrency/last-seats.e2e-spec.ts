import request from 'supertest';
import { addDays } from '../../src/common/dates/local-date';
import { futureWeekdays, parisToday } from '../helpers/dates';
import { SecondProcess } from '../helpers/second-process';
import { TestApp } from '../helpers/test-app';

/**
 * The morning bookings open: dozens of families ask for the last seats of the same days at the same
 * moment, through two portal processes (each an API and a queue worker) on one PostgreSQL and one
 * Redis. Exactly the capacity is accepted, everyone else gets NO_PLACE, and the kitchen's headcount
 * agrees with the lines.
 */
describe('last seats under concurrency, two processes', () => {
  const FAMILIES = 30;
  const CAPACITY = 5;
  let app: TestApp;
  let other: SecondProcess;

  beforeAll(async () => {
    app = await TestApp.start();
    const cfg = app.portal.config;
    other = await SecondProcess.start({
      DATABASE_URL: app.portal.databaseUrl,
      REDIS_URL: cfg.redisUrl!,
      QUEUE_PREFIX: cfg.queuePrefix,
      JWT_SECRET: cfg.jwtSecret,
      HEALTH_DATA_KEY: cfg.healthDataKey.toString('base64'),
      SMTP_URL: cfg.smtpUrl!,
      BCRYPT_COST: '10',
      TRUST_PROXY: 'loopback',
      SYSTEMPAY_MODE: 'TEST',
    });
  }, 90_000);

  afterAll(async () => {
    await other?.stop();
    await app?.stop();
  });

  it('accepts exactly the capacity and refuses the rest with NO_PLACE', async () => {
    const { code, adminToken } = await app.commune('RUSHVILLE');
    const staff = { token: adminToken };
    const today = parisToday();
    const est = await app.ok(`mutation { createEstablishment(input: { name: "École du Centre" }) { id } }`, {}, staff);
    const activity = await app.ok(
      `mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }`,
      {
        i: {
          name: 'RESTAURATION SCOLAIRE',
          establishmentId: est.createEstablishment.id,
          schoolYear: '2026-2027',
          startDate: addDays(today, -30),
          endDate: addDays(today, 300),
          weekdays: [1, 2, 3, 4, 5],
          bookingOpensOn: addDays(today, -1),
          bookingClosesOn: addDays(today, 290),
          modificationLeadDays: 2,
          dailyCapacity: CAPACITY,
          mealPriceCents: 340,
          autoAccept: true,
        },
      },
      staff,
    );
    const activityId = activity.createActivity.id;
    const days = futureWeekdays(3);
    const month = days[0].slice(0, 7);

    const families = await Promise.all(
      Array.from({ length: FAMILIES }, async (_, i) => {
        const fam = await app.family(code, adminToken, { email: `famille${i}@rush.test`, firstName: `Parent${i}`, lastName: 'Rush' });
        const child = await app.ok(`mutation($i: AddChildInput!) { addChild(input: $i) { id } }`, { i: { firstName: `Enfant${i}`, lastName: 'Rush', birthDate: '2018-05-04' } }, { token: fam.token });
        await app.ok(`mutation($i: RegisterChildInput!) { registerChild(input: $i) { state } }`, { i: { childId: child.addChild.id, activityId } }, { token: fam.token });
        return { token: fam.token, childId: child.addChild.id };
      }),
    );

    // Half the families go through this process, half through the other one, all at once.
    const submit = `mutation($i: SubmitReservationInput!) { submitReservation(input: $i) { id number } }`;
    const responses = await Promise.all(
      families.map((f, i) => {
        const body = { query: submit, variables: { i: { childId: f.childId, activityId, month, book: days } } };
        const target = i % 2 === 0 ? app.server : other.url;
        return request(target).post('/graphql').set('authorization', `Bearer ${f.token}`).send(body);
      }),
    );
    for (const res of responses) expect(res.body.errors).toBeUndefined();
    // Numbered one after the other, without gap nor repeat, whichever process took the request.
    const numbers = responses.map((r) => r.body.data.submitReservation.number).sort();
    expect(numbers).toEqual(Array.from({ length: FAMILIES }, (_, i) => String(i + 1).padStart(6, '0')));

    // Both processes' workers drain the shared BullMQ queue.
    await app.idle('reservations');
    const lines = (await app.dataSource.query(
      `SELECT l.date, l.state, count(*)::int AS n FROM reservation_line l JOIN reservation r ON r.id = l.reservation_id
        WHERE r.activity_id = $1 GROUP BY l.date, l.state ORDER BY l.date, l.state`,
      [activityId],
    )) as Array<{ date: string; state: string; n: number }>;
    for (const day of days) {
      const of = (state: string) => lines.find((l) => l.date === day && l.state === state)?.n ?? 0;
      expect({ day, accepted: of('ACCEPTED'), noPlace: of('NO_PLACE'), requested: of('REQUESTED') }).toEqual({
        day,
        accepted: CAPACITY,
        noPlace: FAMILIES - CAPACITY,
        requested: 0,
      });
    }
    const headcount = await app.ok(
      `query($a: ID!, $f: Date!, $t: Date!) { dailyHeadcount(activityId: $a, from: $f, to: $t) { date capacity booked pending } }`,
      { a: activityId, f: days[0], t: days[days.length - 1] },
      staff,
    );
    expect(headcount.dailyHeadcount).toEqual(days.map((date) => ({ date, capacity: CAPACITY, booked: CAPACITY, pending: 0 })));

    // What each family sees agrees: a day is BOOKED for exactly CAPACITY children.
    const booked = (await app.dataSource.query(`SELECT date, count(*)::int AS n FROM presence WHERE activity_id = $1 AND status = 'BOOKED' GROUP BY date ORDER BY date`, [activityId])) as Array<{
      date: string;
      n: number;
    }>;
    expect(booked).toEqual(days.map((date) => ({ date, n: CAPACITY })));
  }, 120_000);
});
