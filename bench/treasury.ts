/**
 * Titles for the Trésor Public (issue 18): a commune with its Hélios identifiers and 5,000 families
 * with one issued invoice of 2 lines each, handed over by one `exportToTreasury` call of an agent, on
 * PostgreSQL and Redis (one API process). Shows the export's time and its PES V2 file's size, checks
 * the file against the DGFiP's XSD (xmllint) and that a second export right after has nothing left.
 *
 *   npm run bench:treasury
 *   BENCH_INVOICES=500 npm run bench:treasury
 *
 * Prints a summary and writes bench/results/treasury-<date>.json.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { addDays, monthBounds, todayIn } from '../src/common/dates/local-date';
import { createDatabase, jwt, machine, ms, runBench, smtpSink, startPortal, stopAll, writeResult } from './bench-kit';

const INVOICES = Number(process.env.BENCH_INVOICES ?? 5000);
const XSD = join(__dirname, '..', '..', 'xsd', 'pes-v5.17', 'PES_V2', 'Rev0', 'PES_Aller.xsd');

const FIRST_NAMES = ['Élodie', 'Jérôme', 'Chloé', 'Anaïs', 'François', 'Noël', 'Maëlle', 'Loïc', 'Hélène', 'Gaëtan', 'Inès', 'Béatrice', 'Zoé', 'Raphaël', 'Agnès', 'Cédric'];
const LAST_NAMES = [
  'D’Artagnan',
  'Lefèvre',
  'N’Diaye',
  'Le Bihan',
  'Dubois-Lagarde',
  'O’Connor',
  'Müller',
  'Garcìa',
  'De l’Isle',
  'Béranger',
  'Côté',
  'Roux-d’Aubigné',
  'Fabre',
  'Saint-Exupéry',
  'Nguyễn',
  'Delacroix',
];
const CHILD_NAMES = ['Léa', 'Noé', 'Maïwenn', 'Océane', 'Timothée', 'Adèle', 'Élise', 'Jules', 'Anaëlle', 'Théo'];
const STREETS = [
  '12 rue de l’Église',
  '3 bis allée des Peupliers',
  '5 chemin d’En Sarrat',
  'Résidence Les Cèdres, bât. B, 14 avenue Jean-Jaurès',
  'Lieu-dit « Le Moulin »',
  '27 impasse du Pré-Vert',
  '1 place de l’Hôtel de Ville',
  '8 rue Pierre-Paul Riquet',
];
const TOWNS = ['31190 Auterive', '31000 Toulouse', '31320 Castanet-Tolosan', '31560 Nailloux', '31450 Montgiscard', '31810 Vernet'];

interface Line {
  childName: string;
  activityName: string;
  quantity: number;
  unitPriceCents: number;
}

interface Seeded {
  communeId: string;
  staffToken: string;
  adminToken: string;
  invoices: number;
  lines: number;
  amountCents: number;
}

/**
 * The commune, an admin and an agent, and families with one issued invoice of two lines each,
 * written directly: the referent's name and address as a town's families have them (accents,
 * apostrophes, a few without an address: the commune's postal code and town then).
 */
async function seed(pool: Pool, issuedOn: string, period: { first: string; last: string }): Promise<Seeded> {
  const [commune] = (
    await pool.query(
      `INSERT INTO commune (code, name, address, postal_code, city, phone, public_url)
       VALUES ('BENCH', 'Mairie de Bench-sur-Ariège', '1 place de la Mairie', '31190', 'Bench', '05.00.00.00.00', 'http://front.test') RETURNING id`,
    )
  ).rows;
  const people = await Promise.all(
    (['ADMIN', 'STAFF'] as const).map(async (role) => {
      const [account] = (
        await pool.query(
          `INSERT INTO account (commune_id, login, email, email_verified, role, first_name, last_name, password_hash, activated_at)
           VALUES ($1, $2::text, $2::text || '@bench.test', true, $3, 'Agent', 'Bench', 'x', now()) RETURNING id`,
          [commune.id, role.toLowerCase(), role],
        )
      ).rows;
      const [session] = (await pool.query(`INSERT INTO session (account_id, refresh_token_hash, expires_at) VALUES ($1, 'x', now() + interval '1 day') RETURNING id`, [account.id])).rows;
      return jwt({ sub: account.id, sid: session.id, cid: commune.id });
    }),
  );
  let amountCents = 0;
  let lineCount = 0;
  const chunk = 1000;
  for (let start = 0; start < INVOICES; start += chunk) {
    const n = Math.min(chunk, INVOICES - start);
    const families = Array.from({ length: n }, (_, k) => {
      const i = start + k;
      const lastName = LAST_NAMES[i % LAST_NAMES.length];
      const firstName = FIRST_NAMES[Math.floor(i / LAST_NAMES.length) % FIRST_NAMES.length];
      const child = `${CHILD_NAMES[i % CHILD_NAMES.length]} ${lastName.toUpperCase()}`;
      const lines: Line[] = [
        { childName: child, activityName: 'RESTAURATION SCOLAIRE', quantity: 12 + (i % 5), unitPriceCents: i % 2 ? 340 : 180 },
        { childName: child, activityName: 'ACCUEIL PÉRISCOLAIRE DU MATIN', quantity: 4 + (i % 9), unitPriceCents: 125 },
      ];
      return {
        id: randomUUID(),
        account: randomUUID(),
        invoice: randomUUID(),
        number: `${issuedOn.slice(0, 4)}-${String(i + 1).padStart(5, '0')}`,
        name: lastName.toUpperCase(),
        firstName,
        lastName,
        // One family in ten has no address on its account.
        address: i % 10 === 9 ? null : `${STREETS[i % STREETS.length]}, ${TOWNS[i % TOWNS.length]}`,
        child,
        lines,
        amount: lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0),
      };
    });
    const col = <K extends keyof (typeof families)[0]>(k: K) => families.map((f) => f[k]);
    await pool.query(`INSERT INTO family (id, commune_id, name) SELECT f, $3, n FROM unnest($1::uuid[], $2::text[]) AS t(f, n)`, [col('id'), col('name'), commune.id]);
    await pool.query(
      `INSERT INTO account (id, commune_id, family_id, login, email, email_verified, role, first_name, last_name, address, password_hash, activated_at)
       SELECT a, $6, f, 'bench.' || a, 'bench.' || a || '@bench.test', true, 'FAMILY', fn, ln, ad, 'x', now()
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS t(a, f, fn, ln, ad)`,
      [col('account'), col('id'), col('firstName'), col('lastName'), col('address'), commune.id],
    );
    await pool.query(
      `INSERT INTO invoice (id, commune_id, family_id, number, issued_on, period_start, period_end, amount_cents, state, children_label, establishments_label, accueil_label)
       SELECT i, $6, f, n, $7, $8, $9, a, 'UNPAID', c, 'École Jean-de-La-Fontaine', 'RESTAURATION SCOLAIRE / ACCUEIL PÉRISCOLAIRE'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[]) AS t(i, f, n, a, c)`,
      [col('invoice'), col('id'), col('number'), col('amount'), col('child'), commune.id, issuedOn, period.first, period.last],
    );
    const lines = families.flatMap((f) => f.lines.map((l, position) => ({ invoice: f.invoice, position, ...l })));
    await pool.query(
      `INSERT INTO invoice_line (invoice_id, position, child_name, activity_name, quantity, unit_price_cents, amount_cents)
       SELECT i, p, c, a, q, u, q * u FROM unnest($1::uuid[], $2::smallint[], $3::text[], $4::text[], $5::int[], $6::int[]) AS t(i, p, c, a, q, u)`,
      [lines.map((l) => l.invoice), lines.map((l) => l.position), lines.map((l) => l.childName), lines.map((l) => l.activityName), lines.map((l) => l.quantity), lines.map((l) => l.unitPriceCents)],
    );
    amountCents += families.reduce((s, f) => s + f.amount, 0);
    lineCount += lines.length;
  }
  await pool.query('ANALYZE');
  return { communeId: commune.id, adminToken: people[0], staffToken: people[1], invoices: INVOICES, lines: lineCount, amountCents };
}

interface GqlError {
  message: string;
  extensions?: { code?: string; reason?: string };
}

async function call<T>(url: string, token: string, query: string, variables: unknown): Promise<{ ms: number; data?: T; errors?: GqlError[] }> {
  const start = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlError[] };
  return { ms: performance.now() - start, data: body.data, errors: body.errors };
}

const SETTINGS = `mutation($i: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $i) { heliosIdPost heliosIdColl } }`;
const EXPORT = `mutation($i: ExportToTreasuryInput!) { exportToTreasury(input: $i) { id number upTo invoiceCount creditNoteCount amountCents fileName fileUrl } }`;

interface Export {
  id: string;
  number: number;
  upTo: string;
  invoiceCount: number;
  creditNoteCount: number;
  amountCents: number;
  fileName: string;
  fileUrl: string;
}

/** Peak resident memory of a process (VmHWM), in MiB. */
const peakMiB = (pid: number) => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);

async function main() {
  const today = todayIn('Europe/Paris');
  const period = monthBounds(addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7))!;
  process.stdout.write(`Treasury: ${INVOICES} families × 1 invoice of 2 lines issued ${today}, one PES V2 export; 1 API process\n`);
  const dbUrl = await createDatabase('pf_bench_treasury');
  const { runMigrations } = await import('../src/database/migrate');
  await runMigrations(dbUrl, false);
  const pool = new Pool({ connectionString: dbUrl, max: 4 });
  const seedStart = performance.now();
  const seeded = await seed(pool, today, period);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  process.stdout.write(`seeded in ${ms(seedSeconds)} s\n`);
  const sink = await smtpSink();
  const dataDir = `/tmp/pf-bench-treasury-${Date.now()}`;
  mkdirSync(dataDir, { recursive: true });
  const api = await startPortal(dbUrl, dataDir, { SMTP_URL: sink.url, QUEUE_PREFIX: `bench-treasury-${Date.now()}`, MIGRATIONS_RUN: 'false', DB_POOL_SIZE: '10', APP_ROLE: 'api' });
  try {
    // The commune's admin fills in the régie's Hélios identifiers, as on the « Régie » screen.
    const settings = await call(api.url, seeded.adminToken, SETTINGS, {
      i: {
        onlineProvider: 'NONE',
        mode: 'TEST',
        heliosIdPost: '031000',
        heliosIdColl: '21310032000011',
        heliosCodCol: '031',
        heliosCodBud: '00',
        heliosCodProdLoc: 'CANT',
        heliosNature: '7067',
      },
    });
    if (settings.errors) throw new Error(JSON.stringify(settings.errors));

    const first = await call<{ exportToTreasury: Export }>(api.url, seeded.staffToken, EXPORT, { i: { upTo: today } });
    if (first.errors || !first.data) throw new Error(JSON.stringify(first.errors));
    const e = first.data.exportToTreasury;
    process.stdout.write(`export n° ${e.number}: ${e.invoiceCount} invoices in ${ms(first.ms)} ms\n`);

    const downloadStart = performance.now();
    const res = await fetch(`${api.url}${e.fileUrl}`, { headers: { authorization: `Bearer ${seeded.staffToken}` } });
    const file = Buffer.from(await res.arrayBuffer());
    const downloadMs = performance.now() - downloadStart;
    if (res.status !== 200) throw new Error(`GET ${e.fileUrl}: ${res.status} ${file.toString()}`);
    const filePath = join(dataDir, e.fileName);
    writeFileSync(filePath, file);

    const xsdStart = performance.now();
    const lint = spawnSync('xmllint', ['--nonet', '--noout', '--schema', XSD, filePath], { encoding: 'latin1' });
    const xsdMs = performance.now() - xsdStart;
    if (lint.error) throw lint.error;
    const xsdErrors = lint.stderr
      .split('\n')
      .filter((l) => !/warning|XAdES|^\s*$|validates/.test(l))
      .slice(0, 20);

    // Nothing left: the second export is refused, in French, and writes nothing.
    const second = await call<{ exportToTreasury: Export | null }>(api.url, seeded.staffToken, EXPORT, { i: { upTo: today } });
    const secondError = second.errors?.[0];

    const xml = file.toString('latin1');
    const pieces = xml.match(/<Piece>/g)?.length ?? 0;
    const fileCents = [...xml.matchAll(/<MtBordHt V="(\d+)\.(\d{2})"\/>/g)].reduce((s, m) => s + Number(m[1]) * 100 + Number(m[2]), 0);
    const check = (
      await pool.query(
        `SELECT (SELECT count(*)::int FROM treasury_export) AS exports,
                (SELECT count(*)::int FROM treasury_export_item) AS items,
                (SELECT count(DISTINCT invoice_id)::int FROM treasury_export_item) AS invoices_exported,
                (SELECT count(DISTINCT piece_number)::int FROM treasury_export_item) AS piece_numbers,
                (SELECT min(piece_number) FROM treasury_export_item) AS first_piece,
                (SELECT max(piece_number) FROM treasury_export_item) AS last_piece,
                (SELECT count(*)::int FROM invoice WHERE state <> 'UNPAID') AS invoices_changed`,
      )
    ).rows[0];
    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      parameters: { invoices: INVOICES, linesPerInvoice: 2, issuedOn: today, period },
      seeded: { seconds: ms(seedSeconds), invoices: seeded.invoices, lines: seeded.lines, amountCents: seeded.amountCents },
      export: {
        ms: ms(first.ms),
        invoicesPerSecond: ms(e.invoiceCount / (first.ms / 1000)),
        number: e.number,
        invoiceCount: e.invoiceCount,
        creditNoteCount: e.creditNoteCount,
        amountCents: e.amountCents,
        fileName: e.fileName,
      },
      file: {
        bytes: file.length,
        MiB: ms(file.length / 2 ** 20),
        bytesPerTitle: Math.round(file.length / Math.max(1, pieces)),
        contentType: res.headers.get('content-type'),
        downloadMs: ms(downloadMs),
        pieces,
        amountCents: fileCents,
      },
      xsd: { valid: lint.status === 0 && xsdErrors.length === 0, ms: ms(xsdMs), errors: xsdErrors },
      secondExport: { ms: ms(second.ms), code: secondError?.extensions?.code, reason: secondError?.extensions?.reason, message: secondError?.message },
      check,
      peakMemoryMiB: { api: peakMiB(api.child.pid!) },
      matchesSeed:
        e.invoiceCount === seeded.invoices &&
        e.creditNoteCount === 0 &&
        e.amountCents === seeded.amountCents &&
        pieces === seeded.invoices &&
        fileCents === seeded.amountCents &&
        check.exports === 1 &&
        check.items === seeded.invoices &&
        check.invoices_exported === seeded.invoices &&
        check.piece_numbers === seeded.invoices &&
        check.invoices_changed === 0,
      sentOnce: secondError?.extensions?.reason === 'NOTHING_TO_EXPORT' && !second.data?.exportToTreasury && check.exports === 1,
    };
    writeResult('treasury', result);
  } finally {
    await pool.end();
    await stopAll([api]);
    sink.close();
  }
}

runBench(main);
