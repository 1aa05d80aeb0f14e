/**
 * Bank notifications (issue 9): 1,000 online payments, each notified 3 times (the bank's first
 * notification and two resends), all at once, through two API processes on PostgreSQL and Redis.
 * Shows the notifications' rate and latency, and checks that each payment was applied exactly once.
 *
 *   npm run bench:ipn
 *   BENCH_PAYMENTS=200 BENCH_COPIES=5 npm run bench:ipn
 *
 * Prints a summary and writes bench/results/ipn-<date>.json.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Pool } from 'pg';
import { systempaySignature } from '../src/modules/payments/systempay-signature';
import { createDatabase, jwt, machine, ms, percentile, runBench, smtpSink, startPortal, stopAll, writeResult } from './bench-kit';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 1000);
const COPIES = Number(process.env.BENCH_COPIES ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const SITE_ID = '12345678';
const KEY = `bench-only-${randomBytes(8).toString('hex')}`;

interface Seeded {
  families: Array<{ token: string; invoiceId: string }>;
}

/** The commune, and families with one unpaid invoice each, written directly. */
async function seed(pool: Pool): Promise<Seeded> {
  const [commune] = (
    await pool.query(
      `INSERT INTO commune (code, name, address, postal_code, city, phone, public_url)
       VALUES ('BENCH', 'Mairie de Bench', '1 place de la Mairie', '31000', 'Bench', '05.00.00.00.00', 'http://front.test') RETURNING id`,
    )
  ).rows;
  const families = Array.from({ length: PAYMENTS }, () => ({ id: randomUUID(), account: randomUUID(), session: randomUUID(), invoice: randomUUID() }));
  const col = <K extends keyof (typeof families)[0]>(k: K) => families.map((f) => f[k]);
  await pool.query(`INSERT INTO family (id, commune_id, name) SELECT f, $2, 'BENCH' FROM unnest($1::uuid[]) AS f`, [col('id'), commune.id]);
  await pool.query(
    `INSERT INTO account (id, commune_id, family_id, login, email, email_verified, role, first_name, last_name, password_hash, activated_at)
     SELECT a, $3, f, 'bench.' || a, 'bench.' || a || '@bench.test', true, 'FAMILY', 'Parent', 'Bench', 'x', now() FROM unnest($1::uuid[], $2::uuid[]) AS t(a, f)`,
    [col('account'), col('id'), commune.id],
  );
  await pool.query(`INSERT INTO session (id, account_id, refresh_token_hash, expires_at) SELECT s, a, 'x', now() + interval '1 day' FROM unnest($1::uuid[], $2::uuid[]) AS t(s, a)`, [
    col('session'),
    col('account'),
  ]);
  await pool.query(
    `INSERT INTO invoice (id, commune_id, family_id, number, issued_on, period_start, period_end, amount_cents, state, children_label, establishments_label, accueil_label)
     SELECT i, $3, f, '2026-' || lpad(n::text, 5, '0'), '2026-11-01', '2026-10-01', '2026-10-31', 5440 + (n % 7) * 340, 'UNPAID', 'BENCH Enfant', 'École', 'RESTAURATION SCOLAIRE'
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS t(i, f, n)`,
    [col('invoice'), col('id'), commune.id],
  );
  await pool.query('ANALYZE');
  return { families: families.map((f) => ({ token: jwt({ sub: f.account, sid: f.session, cid: commune.id }), invoiceId: f.invoice })) };
}

const CHECKOUT = `mutation($i: StartOnlinePaymentInput!) { startOnlinePayment(input: $i) { payment { id } fields { name value } } }`;

async function post(url: string, form: Record<string, string>): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  const res = await fetch(`${url}/payments/systempay/ipn`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  await res.text();
  return { ms: performance.now() - start, status: res.status };
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]);
    }),
  );
}

async function main() {
  process.stdout.write(`IPN: ${PAYMENTS} payments × ${COPIES} notifications, ${CONCURRENCY} at once, 2 API processes + 1 worker\n`);
  const dbUrl = await createDatabase('pf_bench_ipn');
  const { runMigrations } = await import('../src/database/migrate');
  await runMigrations(dbUrl, false);
  const db = new Pool({ connectionString: dbUrl, max: 4 });
  const seeded = await seed(db);
  const sink = await smtpSink();
  const dataDir = `/tmp/pf-bench-ipn-${Date.now()}`;
  mkdirSync(dataDir, { recursive: true });
  const common = { SMTP_URL: sink.url, QUEUE_PREFIX: `bench-ipn-${Date.now()}`, MIGRATIONS_RUN: 'false', DB_POOL_SIZE: '10', SYSTEMPAY_SITE_ID: SITE_ID, SYSTEMPAY_KEY: KEY };
  const apis = [await startPortal(dbUrl, `${dataDir}-a`, { ...common, APP_ROLE: 'api' }), await startPortal(dbUrl, `${dataDir}-b`, { ...common, APP_ROLE: 'api' })];
  const worker = await startPortal(dbUrl, `${dataDir}-w`, { ...common, APP_ROLE: 'worker' }, true);
  try {
    // Checkouts: each family starts paying its invoice (through the API, as the portal would).
    const checkoutLatencies: number[] = [];
    const notifications: Array<Record<string, string>> = [];
    const checkoutStart = performance.now();
    await pool(seeded.families, 20, async (f) => {
      const start = performance.now();
      const res = await fetch(`${apis[0].url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${f.token}` },
        body: JSON.stringify({ query: CHECKOUT, variables: { i: { invoiceIds: [f.invoiceId] } } }),
      });
      const body = (await res.json()) as { data?: { startOnlinePayment: { fields: Array<{ name: string; value: string }> } }; errors?: unknown };
      checkoutLatencies.push(performance.now() - start);
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      const form = Object.fromEntries(body.data.startOnlinePayment.fields.map((x) => [x.name, x.value]));
      const ipn: Record<string, string> = {
        vads_amount: form.vads_amount,
        vads_ctx_mode: form.vads_ctx_mode,
        vads_currency: form.vads_currency,
        vads_operation_type: 'DEBIT',
        vads_order_id: form.vads_order_id,
        vads_site_id: form.vads_site_id,
        vads_trans_date: form.vads_trans_date,
        vads_trans_id: form.vads_trans_id,
        vads_trans_status: 'AUTHORISED',
        vads_version: 'V2',
      };
      for (let copy = 0; copy < COPIES; copy++) {
        const fields = { ...ipn, vads_url_check_src: copy === 0 ? 'PAY' : 'RETRY' };
        notifications.push({ ...fields, signature: systempaySignature(fields, KEY) });
      }
    });
    const checkoutSeconds = (performance.now() - checkoutStart) / 1000;
    // Shuffled: copies of one payment arrive at once, on either API process.
    for (let i = notifications.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [notifications[i], notifications[j]] = [notifications[j], notifications[i]];
    }
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let n = 0;
    const started = performance.now();
    await pool(notifications, CONCURRENCY, async (form) => {
      const r = await post(apis[n++ % apis.length].url, form);
      latencies.push(r.ms);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    });
    const seconds = (performance.now() - started) / 1000;
    const check = (
      await db.query(
        `SELECT (SELECT count(*)::int FROM payment WHERE state = 'VALIDATED') AS validated,
                (SELECT count(*)::int FROM payment WHERE state <> 'VALIDATED') AS not_validated,
                (SELECT count(*)::int FROM invoice WHERE state = 'PAID' AND paid_cents = amount_cents) AS invoices_paid_once,
                (SELECT count(*)::int FROM invoice WHERE paid_cents > amount_cents OR state <> 'PAID') AS invoices_wrong,
                (SELECT COALESCE(sum(amount_cents), 0)::int FROM family_credit) AS credit_cents,
                (SELECT count(*)::int FROM payment_notification) AS notifications,
                (SELECT count(*)::int FROM payment_notification WHERE outcome = 'APPLIED') AS applied,
                (SELECT count(*)::int FROM payment_notification WHERE outcome = 'UNCHANGED') AS unchanged,
                (SELECT count(*)::int FROM mail_message WHERE template = 'payment-validated') AS mails`,
      )
    ).rows[0];
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      parameters: { payments: PAYMENTS, copies: COPIES, concurrency: CONCURRENCY, apiProcesses: apis.length },
      checkout: { seconds: ms(checkoutSeconds), perSecond: ms(PAYMENTS / checkoutSeconds), p50: ms(percentile(checkoutLatencies, 50)), p99: ms(percentile(checkoutLatencies, 99)) },
      notifications: {
        sent: notifications.length,
        statuses: Object.fromEntries(statuses),
        seconds: ms(seconds),
        perSecond: ms(notifications.length / seconds),
        p50: ms(percentile(latencies, 50)),
        p99: ms(percentile(latencies, 99)),
        max: ms(Math.max(...latencies)),
      },
      check,
      appliedExactlyOnce:
        check.validated === PAYMENTS && check.not_validated === 0 && check.applied === PAYMENTS && check.invoices_paid_once === PAYMENTS && check.invoices_wrong === 0 && check.credit_cents === 0,
    };
    writeResult('ipn', result);
  } finally {
    await db.end();
    await stopAll([...apis, worker]);
    sink.close();
  }
}

runBench(main);
