/**
 * The opening-morning rush (issue 4): 2,000 families each book a whole month (16 days) through
 * GraphQL with 50 concurrent clients, while other clients read their planning. Then the same
 * database writes are replayed with plain SQL through `pg`, as a baseline.
 *
 *   npm run bench:rush            (PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379)
 *   BENCH_FAMILIES=500 BENCH_CONCURRENCY=20 npm run bench:rush
 *
 * Prints a summary and writes bench/results/rush-<date>.json.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createDatabase, gql, jwt, ms, percentile, smtpSink, startPortal } from './bench-kit';
import bcrypt from 'bcrypt';
import { addDays, isoWeekday, monthBounds, todayIn, eachDay } from '../src/common/dates/local-date';
import { frenchHoliday } from '../src/common/dates/french-holidays';

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const PLANNING_CLIENTS = Number(process.env.BENCH_PLANNING_CLIENTS ?? 5);
const DAYS = 16;
const CAPACITY = Number(process.env.BENCH_CAPACITY ?? Math.round(FAMILIES * 0.9));

interface Family {
  familyId: string;
  accountId: string;
  sessionId: string;
  childId: string;
  token: string;
}

/** A month, at least three weeks ahead, with ≥ 16 Mon/Tue/Thu/Fri days that are not public holidays. */
function benchMonth(): { month: string; days: string[] } {
  let d = addDays(todayIn('Europe/Paris'), 21);
  for (;;) {
    const month = d.slice(0, 7);
    const b = monthBounds(month)!;
    const days = eachDay(b.first, b.last).filter((x) => x >= d && [1, 2, 4, 5].includes(isoWeekday(x)) && !frenchHoliday(x));
    if (days.length >= DAYS) return { month, days: days.slice(0, DAYS) };
    d = addDays(b.last, 1);
  }
}

/** Families, accounts, sessions, children and accepted registrations, written directly. */
async function seed(pool: Pool, days: string[]): Promise<{ communeId: string; activityId: string; families: Family[] }> {
  const today = todayIn('Europe/Paris');
  const [commune] = (
    await pool.query(
      `INSERT INTO commune (code, name, address, postal_code, city, phone, public_url)
       VALUES ('BENCH', 'Mairie de Bench', '1 place', '31000', 'Bench', '05', 'http://front.test') RETURNING id`,
    )
  ).rows;
  const [est] = (await pool.query(`INSERT INTO establishment (commune_id, name) VALUES ($1, 'École') RETURNING id`, [commune.id])).rows;
  const [activity] = (
    await pool.query(
      `INSERT INTO activity (commune_id, establishment_id, name, school_year, start_date, end_date, weekdays, booking_opens_on,
                             booking_closes_on, modification_lead_days, daily_capacity, meal_price_cents, auto_accept)
       VALUES ($1, $2, 'RESTAURATION SCOLAIRE', '2026-2027', $3, $4, '{1,2,4,5}', $5, $6, 2, $7, 340, true) RETURNING id`,
      [commune.id, est.id, addDays(today, -60), addDays(today, 300), addDays(today, -1), addDays(today, 290), CAPACITY],
    )
  ).rows;
  await pool.query(`INSERT INTO activity_day (activity_id, date, capacity) SELECT $1, d::date, $4 FROM generate_series($2::date, $3::date, interval '1 day') AS d`, [
    activity.id,
    addDays(today, -60),
    addDays(today, 300),
    CAPACITY,
  ]);
  const hash = await bcrypt.hash('Bench-password-2026', 10);
  const families: Family[] = [];
  for (let i = 0; i < FAMILIES; i++) {
    families.push({ familyId: randomUUID(), accountId: randomUUID(), sessionId: randomUUID(), childId: randomUUID(), token: '' });
  }
  const chunk = 500;
  for (let i = 0; i < families.length; i += chunk) {
    const part = families.slice(i, i + chunk);
    const ids = (k: keyof Family) => part.map((f) => f[k]);
    await pool.query(`INSERT INTO family (id, commune_id, name) SELECT unnest($1::uuid[]), $2, 'BENCH'`, [ids('familyId'), commune.id]);
    await pool.query(
      `INSERT INTO account (id, commune_id, family_id, login, email, email_verified, role, first_name, last_name, password_hash, activated_at)
       SELECT a, $3, f, 'bench.' || a, 'bench.' || a || '@bench.test', true, 'FAMILY', 'Parent', 'Bench', $4, now()
         FROM unnest($1::uuid[], $2::uuid[]) AS t(a, f)`,
      [ids('accountId'), ids('familyId'), commune.id, hash],
    );
    await pool.query(`INSERT INTO session (id, account_id, refresh_token_hash, expires_at) SELECT s, a, 'x', now() + interval '1 day' FROM unnest($1::uuid[], $2::uuid[]) AS t(s, a)`, [
      ids('sessionId'),
      ids('accountId'),
    ]);
    await pool.query(
      `INSERT INTO child (id, commune_id, family_id, first_name, last_name, birth_date) SELECT c, $3, f, 'Enfant', 'Bench', '2018-03-03'
         FROM unnest($1::uuid[], $2::uuid[]) AS t(c, f)`,
      [ids('childId'), ids('familyId'), commune.id],
    );
    await pool.query(
      `INSERT INTO registration (commune_id, family_id, child_id, activity_id, state) SELECT $3, f, c, $4, 'ACCEPTED'
         FROM unnest($1::uuid[], $2::uuid[]) AS t(c, f)`,
      [ids('childId'), ids('familyId'), commune.id, activity.id],
    );
  }
  for (const f of families) f.token = jwt({ sub: f.accountId, sid: f.sessionId, cid: commune.id });
  void days;
  return { communeId: commune.id, activityId: activity.id, families };
}

const SUBMIT = `mutation($i: SubmitReservationInput!) { submitReservation(input: $i) { id number } }`;
const PLANNING = `query($c: ID!, $a: ID!, $m: String!) { planning(childId: $c, activityId: $a, month: $m) { weeks { isoWeek days { date state modifiable seatsLeft } } } }`;

async function portalRun(month: string, days: string[]) {
  const dbUrl = await createDatabase('pf_bench_portal');
  const dataDir = `/tmp/pf-bench-${Date.now()}`;
  mkdirSync(dataDir, { recursive: true });
  const sink = await smtpSink();
  // BENCH_PROCESSES=split: one API process and one worker process (both cores); default: one process.
  const split = process.env.BENCH_PROCESSES === 'split';
  const queuePrefix = `bench-${randomBytes(3).toString('hex')}`;
  const portal = await startPortal(dbUrl, dataDir, { SMTP_URL: sink.url, QUEUE_PREFIX: queuePrefix, ...(split ? { APP_ROLE: 'api' } : {}) });
  const worker = split ? await startPortal(dbUrl, `${dataDir}-worker`, { SMTP_URL: sink.url, QUEUE_PREFIX: queuePrefix, APP_ROLE: 'worker', MIGRATIONS_RUN: 'false' }, true) : null;
  const pool = new Pool({ connectionString: dbUrl, max: 4 });
  try {
    const { activityId, families } = await seed(pool, days);
    // Warm-up: a few requests so that the first measured ones do not pay for JIT and pools.
    for (const f of families.slice(0, 5)) await gql(portal.url, f.token, PLANNING, { c: f.childId, a: activityId, m: month });

    const submitLatencies: number[] = [];
    const planningLatencies: number[] = [];
    let errors = 0;
    const firstErrors: unknown[] = [];
    let next = 0;
    let submitting = true;
    const started = performance.now();
    const clients = Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const f = families[next++];
        if (!f) return;
        const r = await gql(portal.url, f.token, SUBMIT, { i: { childId: f.childId, activityId, month, book: days, idempotencyKey: `bench-${f.childId}` } });
        submitLatencies.push(r.ms);
        if (r.errors) {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(r.errors);
        }
      }
    });
    const readers = Array.from({ length: PLANNING_CLIENTS }, async () => {
      while (submitting) {
        const f = families[Math.floor(Math.random() * families.length)];
        const r = await gql(portal.url, f.token, PLANNING, { c: f.childId, a: activityId, m: month });
        planningLatencies.push(r.ms);
        if (r.errors) {
          errors++;
          if (firstErrors.length < 3) firstErrors.push(r.errors);
        }
      }
    });
    await Promise.all(clients);
    const submitDone = performance.now();
    // Processed: no line left REQUESTED.
    for (;;) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM reservation_line WHERE state = 'REQUESTED'`);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const processedDone = performance.now();
    submitting = false;
    await Promise.all(readers);
    const { rows: over } = await pool.query(`SELECT count(*)::int AS n FROM activity_day d WHERE d.booked + d.held > d.capacity`);
    const { rows: states } = await pool.query(`SELECT state, count(*)::int AS n FROM reservation_line GROUP BY state ORDER BY state`);
    const { rows: counts } = await pool.query(`SELECT min(booked)::int AS min, max(booked)::int AS max FROM activity_day WHERE date = ANY($1::date[])`, [days]);
    return {
      reservations: families.length,
      errors,
      firstErrors,
      overbookedDays: over[0].n,
      lineStates: Object.fromEntries(states.map((s) => [s.state, s.n])),
      bookedPerDay: counts[0],
      submit: { p50: ms(percentile(submitLatencies, 50)), p99: ms(percentile(submitLatencies, 99)), max: ms(Math.max(...submitLatencies)) },
      planning: { samples: planningLatencies.length, p50: ms(percentile(planningLatencies, 50)), p99: ms(percentile(planningLatencies, 99)) },
      submitSeconds: ms((submitDone - started) / 1000),
      processedSeconds: ms((processedDone - started) / 1000),
      monthBookingsProcessedPerSecond: ms(families.length / ((processedDone - started) / 1000)),
    };
  } finally {
    await pool.end();
    for (const p of [portal, worker]) {
      if (!p) continue;
      p.child.kill('SIGTERM');
      await new Promise((r) => p.child.once('exit', r));
    }
    sink.close();
  }
}

/**
 * The same writes without the portal: per month-booking, insert the reservation, its 16 lines and
 * presences, then take the seats with the same guarded update and mark lines and presences.
 */
async function baselineRun(days: string[]) {
  const dbUrl = await createDatabase('pf_bench_baseline');
  // The portal's migrations give the same tables, indexes and constraints.
  const { runMigrations } = await import('../src/database/migrate');
  await runMigrations(dbUrl, false);
  const pool = new Pool({ connectionString: dbUrl, max: Number(process.env.BENCH_POOL ?? 20) });
  try {
    const { communeId, activityId, families } = await seed(pool, days);
    let number = 0;
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const f = families[next++];
          if (!f) return;
          const client = await pool.connect();
          try {
            const reservationId = randomUUID();
            const lineIds = days.map(() => randomUUID());
            await client.query('BEGIN');
            await client.query(
              `INSERT INTO reservation (id, commune_id, family_id, child_id, activity_id, number, month, first_date, last_date, state, created_by)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'PENDING', $10)`,
              [reservationId, communeId, f.familyId, f.childId, activityId, ++number, days[0].slice(0, 7), days[0], days[days.length - 1], f.accountId],
            );
            await client.query(
              `INSERT INTO reservation_line (id, reservation_id, child_id, activity_id, date, kind, state)
               SELECT l, $1, $2, $3, d, 'BOOK', 'REQUESTED' FROM unnest($4::uuid[], $5::date[]) AS t(l, d)`,
              [reservationId, f.childId, activityId, lineIds, days],
            );
            await client.query(
              `INSERT INTO presence (child_id, activity_id, date, family_id, status, line_id)
               SELECT $1, $2, d, $3, 'REQUESTED', l FROM unnest($4::date[], $5::uuid[]) AS t(d, l)`,
              [f.childId, activityId, f.familyId, days, lineIds],
            );
            await client.query('COMMIT');
            await client.query('BEGIN');
            const { rows } = await client.query(
              `UPDATE activity_day d SET booked = d.booked + 1
                 FROM (SELECT date FROM activity_day WHERE activity_id = $1 AND date = ANY($2::date[]) ORDER BY date FOR UPDATE) locked
                WHERE d.activity_id = $1 AND d.date = locked.date AND d.booked + d.held < d.capacity RETURNING d.date`,
              [activityId, days],
            );
            const got = new Set(rows.map((r: { date: string }) => String(r.date)));
            const states = days.map((d) => (got.has(d) ? 'ACCEPTED' : 'NO_PLACE'));
            await client.query(`UPDATE reservation_line l SET state = t.s FROM unnest($1::uuid[], $2::varchar[]) AS t(id, s) WHERE l.id = t.id`, [lineIds, states]);
            await client.query(`UPDATE presence p SET status = t.s FROM unnest($1::uuid[], $2::varchar[]) AS t(l, s) WHERE p.line_id = t.l`, [
              lineIds,
              states.map((s) => (s === 'ACCEPTED' ? 'BOOKED' : 'NO_PLACE')),
            ]);
            await client.query(`UPDATE reservation SET state = 'ACCEPTED' WHERE id = $1`, [reservationId]);
            await client.query('COMMIT');
          } catch (err) {
            await client.query('ROLLBACK');
            throw err;
          } finally {
            client.release();
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { seconds: ms(seconds), monthBookingsPerSecond: ms(families.length / seconds) };
  } finally {
    await pool.end();
  }
}

async function main() {
  const { types } = await import('pg');
  types.setTypeParser(1082, (v: string) => v);
  const { month, days } = benchMonth();
  process.stdout.write(`Rush: ${FAMILIES} families × ${DAYS} days of ${month}, ${CONCURRENCY} clients, capacity ${CAPACITY}/day\n`);
  const portal = await portalRun(month, days);
  process.stdout.write(`portal: ${JSON.stringify(portal)}\n`);
  const baseline = await baselineRun(days);
  process.stdout.write(`baseline: ${JSON.stringify(baseline)}\n`);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    parameters: {
      families: FAMILIES,
      days: DAYS,
      month,
      concurrency: CONCURRENCY,
      planningClients: PLANNING_CLIENTS,
      capacity: CAPACITY,
      processes: process.env.BENCH_PROCESSES === 'split' ? 'api + worker' : 'one (all)',
    },
    portal,
    baseline,
    ratio: ms(portal.monthBookingsProcessedPerSecond / baseline.monthBookingsPerSecond),
  };
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  const file = join(process.cwd(), 'bench', 'results', `rush-${result.date.slice(0, 19).replace(/[:T]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  process.stdout.write(
    `\nsubmit p50 ${portal.submit.p50} ms, p99 ${portal.submit.p99} ms; planning p99 ${portal.planning.p99} ms; ` +
      `${portal.monthBookingsProcessedPerSecond} month-bookings/s processed (baseline ${baseline.monthBookingsPerSecond}/s, ratio ${result.ratio}); ` +
      `errors ${portal.errors}, overbooked days ${portal.overbookedDays}\n${file}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
