/**
 * Billing a month (issue 8): 5,000 families × 2 children × 16 booked days, invoiced by one billing
 * run with their PDFs, on PostgreSQL and Redis, while families read their "Mes Factures &
 * Paiements" totals. One API process and one worker process (BENCH_WORKERS for more).
 *
 *   npm run bench:billing
 *   BENCH_FAMILIES=500 npm run bench:billing
 *
 * Prints a summary and writes bench/results/billing-<date>.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { addDays, eachDay, isoWeekday, monthBounds, todayIn } from '../src/common/dates/local-date';
import { frenchHoliday } from '../src/common/dates/french-holidays';
import { createDatabase, gql, jwt, machine, ms, percentile, runBench, smtpSink, startPortal, stopAll, writeResult } from './bench-kit';

const FAMILIES = Number(process.env.BENCH_FAMILIES ?? 5000);
const CHILDREN = 2;
const DAYS = 16;
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const READERS = Number(process.env.BENCH_READERS ?? 4);
/** Each reader's pause between two requests: families reading their totals, not a load generator. */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 100);

/** A month with ≥ 16 Mon/Tue/Thu/Fri days that are not public holidays (the next one: billed in advance). */
function benchMonth(): { month: string; days: string[] } {
  let d = addDays(todayIn('Europe/Paris'), 1);
  for (;;) {
    const month = d.slice(0, 7);
    const b = monthBounds(month)!;
    const days = eachDay(b.first, b.last).filter((x) => [1, 2, 4, 5].includes(isoWeekday(x)) && !frenchHoliday(x));
    if (days.length >= DAYS) return { month, days: days.slice(0, DAYS) };
    d = addDays(b.last, 1);
  }
}

interface RunProgress {
  state: string;
  familiesProcessed: number;
  familiesTotal: number;
  invoicesCreated: number;
  failures: unknown[];
}

interface Seeded {
  communeId: string;
  staffToken: string;
  familyTokens: string[];
}

/** The commune, an activity, families with two children each and their booked days, written directly. */
async function seed(pool: Pool, month: string, days: string[]): Promise<Seeded> {
  const today = todayIn('Europe/Paris');
  const [commune] = (
    await pool.query(
      `INSERT INTO commune (code, name, address, postal_code, city, phone, public_url)
       VALUES ('BENCH', 'Mairie de Bench', '1 place de la Mairie', '31000', 'Bench', '05.00.00.00.00', 'http://front.test') RETURNING id`,
    )
  ).rows;
  const [est] = (await pool.query(`INSERT INTO establishment (commune_id, name) VALUES ($1, 'École du Centre') RETURNING id`, [commune.id])).rows;
  const [activity] = (
    await pool.query(
      `INSERT INTO activity (commune_id, establishment_id, name, school_year, start_date, end_date, weekdays, booking_opens_on,
                             booking_closes_on, modification_lead_days, daily_capacity, meal_price_cents, auto_accept)
       VALUES ($1, $2, 'RESTAURATION SCOLAIRE', '2026-2027', $3, $4, '{1,2,4,5}', $5, $6, 2, $7, 340, true) RETURNING id`,
      [commune.id, est.id, addDays(today, -60), addDays(today, 300), addDays(today, -1), addDays(today, 290), FAMILIES * CHILDREN],
    )
  ).rows;
  await pool.query(`INSERT INTO activity_price_bracket (activity_id, position, up_to_quotient, meal_price_cents) VALUES ($1, 0, 700, 180), ($1, 1, NULL, 340)`, [activity.id]);
  const [staff] = (
    await pool.query(
      `INSERT INTO account (commune_id, login, email, email_verified, role, first_name, last_name, password_hash, activated_at)
       VALUES ($1, 'agent.bench', 'agent@bench.test', true, 'STAFF', 'Agent', 'Bench', 'x', now()) RETURNING id`,
      [commune.id],
    )
  ).rows;
  const [staffSession] = (await pool.query(`INSERT INTO session (account_id, refresh_token_hash, expires_at) VALUES ($1, 'x', now() + interval '1 day') RETURNING id`, [staff.id])).rows;
  const familyTokens: string[] = [];
  const chunk = 250;
  for (let i = 0; i < FAMILIES; i += chunk) {
    const n = Math.min(chunk, FAMILIES - i);
    const families = Array.from({ length: n }, () => ({ id: randomUUID(), account: randomUUID(), session: randomUUID(), children: [randomUUID(), randomUUID()] }));
    const col = <K extends keyof (typeof families)[0]>(k: K) => families.map((f) => f[k]);
    await pool.query(`INSERT INTO family (id, commune_id, name) SELECT f, $2, 'BENCH ' || substr(f::text, 1, 8) FROM unnest($1::uuid[]) AS f`, [col('id'), commune.id]);
    await pool.query(
      `INSERT INTO account (id, commune_id, family_id, login, email, email_verified, role, first_name, last_name, password_hash, activated_at)
       SELECT a, $3, f, 'bench.' || a, 'bench.' || a || '@bench.test', true, 'FAMILY', 'Parent', 'Bench', 'x', now() FROM unnest($1::uuid[], $2::uuid[]) AS t(a, f)`,
      [col('account'), col('id'), commune.id],
    );
    await pool.query(`INSERT INTO session (id, account_id, refresh_token_hash, expires_at) SELECT s, a, 'x', now() + interval '1 day' FROM unnest($1::uuid[], $2::uuid[]) AS t(s, a)`, [
      col('session'),
      col('account'),
    ]);
    // Every other family has a quotient: two unit prices in the run.
    await pool.query(`INSERT INTO family_quotient (family_id, quotient, valid_from) SELECT f, 550, $2 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(f, i) WHERE i % 2 = 0`, [col('id'), `${month}-01`]);
    const childIds = families.flatMap((f) => f.children);
    const childFamilies = families.flatMap((f) => f.children.map(() => f.id));
    await pool.query(
      `INSERT INTO child (id, commune_id, family_id, first_name, last_name, birth_date)
       SELECT c, $3, f, CASE WHEN i % 2 = 0 THEN 'Romeo' ELSE 'Valentina' END, 'BENCH', '2018-03-03' FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(c, f, i)`,
      [childIds, childFamilies, commune.id],
    );
    await pool.query(`INSERT INTO registration (commune_id, family_id, child_id, activity_id, state) SELECT $3, f, c, $4, 'ACCEPTED' FROM unnest($1::uuid[], $2::uuid[]) AS t(c, f)`, [
      childIds,
      childFamilies,
      commune.id,
      activity.id,
    ]);
    const reservationIds = childIds.map(() => randomUUID());
    await pool.query(
      `INSERT INTO reservation (id, commune_id, family_id, child_id, activity_id, number, month, first_date, last_date, state, created_by)
       SELECT r, $4, f, c, $5, $6 + i, $7, $8, $9, 'ACCEPTED', $10 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) WITH ORDINALITY AS t(r, c, f, i)`,
      [reservationIds, childIds, childFamilies, commune.id, activity.id, i * CHILDREN, month, days[0], days[days.length - 1], staff.id],
    );
    await pool.query(
      `INSERT INTO reservation_line (id, reservation_id, child_id, activity_id, date, kind, state)
       SELECT gen_random_uuid(), r, c, $3, d, 'BOOK', 'ACCEPTED' FROM unnest($1::uuid[], $2::uuid[]) AS t(r, c), unnest($4::date[]) AS d`,
      [reservationIds, childIds, activity.id, days],
    );
    await pool.query(
      `INSERT INTO presence (child_id, activity_id, date, family_id, status, line_id)
       SELECT l.child_id, l.activity_id, l.date, r.family_id, 'BOOKED', l.id FROM reservation_line l JOIN reservation r ON r.id = l.reservation_id
        WHERE l.reservation_id = ANY($1::uuid[])`,
      [reservationIds],
    );
    for (const f of families) familyTokens.push(jwt({ sub: f.account, sid: f.session, cid: commune.id }));
  }
  await pool.query(`UPDATE activity_day SET booked = $2 WHERE activity_id = $1 AND date = ANY($3::date[])`, [activity.id, FAMILIES * CHILDREN, days]);
  await pool.query('ANALYZE');
  return { communeId: commune.id, staffToken: jwt({ sub: staff.id, sid: staffSession.id, cid: commune.id }), familyTokens };
}

/** Peak resident memory of a process (VmHWM), in MiB. */
const peakMiB = (pid: number) => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

const RUN = `mutation($m: String!) { runBilling(input: { month: $m }) { id } }`;
const RUN_STATE = `query($id: ID!) { billingRun(id: $id) { state familiesProcessed familiesTotal invoicesCreated failures { message } } }`;
const SUMMARY = `query { billingSummary { invoicedCents invoiceCount dueCents } }`;

async function main() {
  const { month, days } = benchMonth();
  process.stdout.write(`Billing: ${FAMILIES} families × ${CHILDREN} children × ${DAYS} days of ${month}; 1 API + ${WORKERS} worker process(es)\n`);
  const dbUrl = await createDatabase('pf_bench_billing');
  const { runMigrations } = await import('../src/database/migrate');
  await runMigrations(dbUrl, false);
  const pool = new Pool({ connectionString: dbUrl, max: 4 });
  const seedStart = performance.now();
  const seeded = await seed(pool, month, days);
  process.stdout.write(`seeded in ${ms((performance.now() - seedStart) / 1000)} s\n`);
  const sink = await smtpSink();
  const dataDir = `/tmp/pf-bench-billing-${Date.now()}`;
  mkdirSync(dataDir, { recursive: true });
  const prefix = `bench-billing-${Date.now()}`;
  const common = { SMTP_URL: sink.url, QUEUE_PREFIX: prefix, MIGRATIONS_RUN: 'false', DB_POOL_SIZE: '10' };
  const api = await startPortal(dbUrl, dataDir, { ...common, APP_ROLE: 'api' });
  const workers = [];
  for (let i = 0; i < WORKERS; i++) workers.push(await startPortal(dbUrl, `${dataDir}-w${i}`, { ...common, APP_ROLE: 'worker' }, true));
  try {
    for (let i = 0; i < 5; i++) await gql(api.url, seeded.familyTokens[i], SUMMARY, {});
    const latencies: number[] = [];
    let reading = true;
    let readErrors = 0;
    const readers = Array.from({ length: READERS }, async () => {
      while (reading) {
        const r = await gql(api.url, seeded.familyTokens[Math.floor(Math.random() * seeded.familyTokens.length)], SUMMARY, {});
        latencies.push(r.ms);
        if (r.errors) readErrors++;
        await new Promise((done) => setTimeout(done, THINK_MS));
      }
    });
    const started = performance.now();
    const run = await gql(api.url, seeded.staffToken, RUN, { m: month });
    if (run.errors) throw new Error(JSON.stringify(run.errors));
    const { rows } = await pool.query(`SELECT id FROM billing_run ORDER BY created_at DESC LIMIT 1`);
    const runId = rows[0].id as string;
    let invoicedAt = 0;
    let progress: RunProgress | null = null;
    for (;;) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.staffToken}` },
        body: JSON.stringify({ query: RUN_STATE, variables: { id: runId } }),
      });
      progress = ((await res.json()) as { data: { billingRun: RunProgress } }).data.billingRun;
      if (!invoicedAt && progress && progress.state === 'DONE') invoicedAt = performance.now();
      const docs = (await pool.query(`SELECT count(*)::int AS n FROM billing_document`)).rows[0].n as number;
      if (invoicedAt && docs >= progress!.invoicesCreated) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const allDone = performance.now();
    reading = false;
    await Promise.all(readers);
    const check = (
      await pool.query(
        `SELECT (SELECT count(*)::int FROM invoice) AS invoices, (SELECT count(DISTINCT number)::int FROM invoice) AS numbers,
                (SELECT max(split_part(number, '-', 2)::int) FROM invoice) AS last_number,
                (SELECT count(*)::int FROM billed_day) AS billed_days, (SELECT COALESCE(sum(amount_cents), 0)::bigint FROM invoice) AS total_cents,
                (SELECT count(*)::int FROM presence WHERE status = 'BOOKED' AND invoice_id IS NULL) AS unbilled,
                (SELECT avg(length(pdf))::int FROM billing_document) AS pdf_bytes,
                (SELECT count(*)::int FROM mail_message WHERE template = 'invoice-available') AS mails`,
      )
    ).rows[0];
    const invoiceSeconds = (invoicedAt - started) / 1000;
    const totalSeconds = (allDone - started) / 1000;
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      parameters: { families: FAMILIES, children: CHILDREN, days: DAYS, month, workers: WORKERS, readers: READERS, thinkMs: THINK_MS },
      run: progress,
      check,
      invoicesSeconds: ms(invoiceSeconds),
      invoicesPerSecond: ms(check.invoices / invoiceSeconds),
      withPdfsSeconds: ms(totalSeconds),
      pdfsPerSecond: ms(check.invoices / totalSeconds),
      billingSummary: { samples: latencies.length, errors: readErrors, p50: ms(percentile(latencies, 50)), p99: ms(percentile(latencies, 99)), max: ms(Math.max(...latencies)) },
      peakMemoryMiB: { api: peakMiB(api.child.pid!), workers: workers.map((w) => peakMiB(w.child.pid!)) },
    };
    writeResult('billing', result);
  } finally {
    await pool.end();
    await stopAll([api, ...workers]);
    sink.close();
  }
}

runBench(main);
