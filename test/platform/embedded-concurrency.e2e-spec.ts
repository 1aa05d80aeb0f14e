import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { simpleParser } from 'mailparser';
import { startPortal } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { LocalDate } from '../../src/common/dates/local-date';
import { ACTIVITY_FIELDS, C, CHILD_FIELDS, REGISTRATION_FIELDS } from '../helpers/catalog';
import { Mailbox } from '../helpers/mailbox';
import { lastOfMonth, monthFromNow, R, reservationActivityInput, serviceDays } from '../helpers/reservations';
import { parisToday } from '../helpers/dates';
import { GqlResult, PASSWORD, TestApp } from '../helpers/test-app';

/**
 * Regression guard (a bug found in the embedded mode): with no DATABASE_URL the portal runs on PGlite
 * behind pglite-socket, and the `pg` pool's connections are multiplexed onto PGlite's single session.
 * The socket server used to interleave the extended-protocol messages (Parse / Bind / Execute / Sync)
 * of different connections: under a burst of requests a Bind met another connection's unnamed
 * statement ("bind message supplies 3 parameters, but prepared statement "" requires 4"), which the
 * families saw as "Session expirée ou invalide" (UNAUTHENTICATED) or INTERNAL_SERVER_ERROR; when the
 * shapes matched, a query silently ran with another query's parameters (wrong rows).
 *
 * The same portal is started twice in this process (one after the other), with the same data set up
 * through the API: on real PostgreSQL (and Redis), whose answers are recorded, then on embedded
 * defaults (PGlite, in-process queues, mails to files). Each round fires one burst of about two
 * hundred mixed requests at once — four families with their own sessions, staff, a visitor — while
 * bookings (and cancellations) are submitted and processed. Every answer must be free of unexpected errors; every answer that does not depend on
 * processing timing must equal, ids and timestamps normalised, what PostgreSQL answered to the same
 * request; the others are checked for consistency, and once both apps are idle their whole state
 * (plannings, reservations, headcounts, numbers) must be the same.
 */

jest.setTimeout(120_000);

// PGlite loads its WebAssembly and extensions with dynamic `import()`, which Jest's module sandbox
// refuses without --experimental-vm-modules: the embedded database's packages are loaded by Node
// itself (outside the sandbox), and handed to src/database/embedded-database.ts unchanged.
/* eslint-disable @typescript-eslint/no-require-imports -- a jest.mock factory is hoisted above the imports: it can only require */
jest.mock('@electric-sql/pglite', () => require('node:module')._load(require.resolve('@electric-sql/pglite')));
jest.mock('@electric-sql/pglite/contrib/pgcrypto', () => require('node:module')._load(require.resolve('@electric-sql/pglite/contrib/pgcrypto')));
jest.mock('@electric-sql/pglite-socket', () => require('node:module')._load(require.resolve('@electric-sql/pglite-socket')));
/* eslint-enable @typescript-eslint/no-require-imports */

/* ---------- the two apps ---------- */

interface Side {
  name: 'postgres' | 'embedded';
  app: TestApp;
  /** The activation token mailed to an address. */
  activationToken(email: string): Promise<string>;
  fx: Fixture;
}

/** The portal on embedded defaults: no DATABASE_URL, no REDIS_URL, no SMTP_URL, secrets generated in DATA_DIR. */
class EmbeddedApp extends TestApp {
  dataDir!: string;
  private parsed = new Map<string, { to: string; text: string }>();

  static async startEmbedded(): Promise<EmbeddedApp> {
    const t = new EmbeddedApp();
    t.dataDir = mkdtempSync(join(tmpdir(), 'portail-embedded-concurrency-'));
    // Only what does not touch the database differs from `npm start`: a free port, a cheaper bcrypt,
    // client addresses from X-Forwarded-For (one per request, as TestApp.gql sends them).
    const config = loadConfig({ DATA_DIR: t.dataDir, PORT: '0', SEED_DEMO: 'true', BCRYPT_COST: '10', TRUST_PROXY: 'loopback' });
    expect(config.embedded).toBe(true);
    expect(config.redisUrl).toBeNull();
    expect(config.smtpUrl).toBeNull();
    t.portal = await startPortal(config, { http: true, logger: ['error'] });
    return t;
  }

  /** Mails are .eml files in DATA_DIR/mails. */
  async mailTo(email: string, timeoutMs = 30_000): Promise<{ to: string; text: string }> {
    const dir = join(this.dataDir, 'mails');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (existsSync(dir)) {
        for (const file of readdirSync(dir)
          .filter((f) => f.endsWith('.eml'))
          .sort()) {
          if (!this.parsed.has(file)) {
            const mail = await simpleParser(readFileSync(join(dir, file)));
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).map((a) => a.text.toLowerCase()).join(',');
            this.parsed.set(file, { to, text: mail.text ?? '' });
          }
          const m = this.parsed.get(file)!;
          if (m.to.includes(email.toLowerCase())) return m;
        }
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${email} in ${dir} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  override async stop(): Promise<void> {
    await this.portal?.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/* ---------- the data, the same on both apps ---------- */

const DEMO_PASSWORD = 'Portail-Demo-2026';
const ACTIVITY_NAME = 'CANTINE DES TESTS';

interface FamilyPlan {
  key: string;
  login?: string; // demo family: its login; the others get one from their name
  email: string;
  firstName: string;
  lastName: string;
  children: Array<{ firstName: string; birthDate?: string; allergies?: string }>;
}

const FAMILIES: FamilyPlan[] = [
  { key: 'DEMO', login: 'famille.demo', email: '', firstName: 'Famille', lastName: 'TEST', children: [{ firstName: 'VALENTINA' }, { firstName: 'ROMEO' }] },
  {
    key: 'MARTIN',
    email: 'martin@concurrence.test',
    firstName: 'Claire',
    lastName: 'Martin',
    children: [
      { firstName: 'Lina', birthDate: '2017-02-11', allergies: 'Arachide (PAI)' },
      { firstName: 'Noah', birthDate: '2019-09-30' },
    ],
  },
  {
    key: 'BERNARD',
    email: 'bernard@concurrence.test',
    firstName: 'Paul',
    lastName: 'Bernard',
    children: [
      { firstName: 'Emma', birthDate: '2016-05-04' },
      { firstName: 'Jules', birthDate: '2018-12-24', allergies: 'Lactose' },
    ],
  },
  {
    key: 'PETIT',
    email: 'petit@concurrence.test',
    firstName: 'Sarah',
    lastName: 'Petit',
    children: [
      { firstName: 'Louise', birthDate: '2017-07-14' },
      { firstName: 'Adam', birthDate: '2020-01-02' },
    ],
  },
];
const CHILDREN = FAMILIES.flatMap((f) => f.children.map((c) => ({ family: f.key, key: `${f.key}/${c.firstName}` })));

interface Fixture {
  staffToken: string;
  activityId: string;
  families: Record<string, { token: string; login: string; familyId: string; children: Record<string, string> }>;
  /** Every id an answer may carry → a name that is the same on both apps. */
  labels: Map<string, string>;
  /** Reservation label → id, from the submissions' answers. */
  reservations: Map<string, string>;
}

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken expiresAt account { id login role family { id name } } } }`;
const ME = `query { me { id login email role firstName lastName emailVerified family { id name } } }`;
const COMMUNE = `query { commune { code name address postalCode city phone timezone } }`;
const ACTIVITIES = `query { activities { ${ACTIVITY_FIELDS} } }`;
const FAMILIES_Q = `query { families(pageSize: 100) { totalCount items { id name } } }`;
const FAMILY_Q = `query($id: ID!) { family(id: $id) { id name accounts { id login email role firstName lastName family { id } }
  children { ${CHILD_FIELDS} registrations { id state activity { id name } } } } }`;
const LABELS_Q = `query { families(pageSize: 100) { items { id name accounts { id login } children { id firstName registrations { id activity { id } } } } } }`;

/**
 * Errors met while setting up (sequential requests, yet the embedded database's own background work
 * — sweepers, mails — runs beside them): reported by the first test. A request refused as
 * UNAUTHENTICATED or INTERNAL_SERVER_ERROR is tried again so that the bursts still run.
 */
const setupProblems: string[] = [];

async function call(side: Omit<Side, 'fx'>, what: string, query: string, variables: Record<string, unknown> = {}, options: { token?: string; commune?: string } = {}) {
  for (let attempt = 1; ; attempt++) {
    const res = await side.app.gql(query, variables, options);
    if (!res.errors?.length) return res.data;
    const codes = res.errors.map((e) => e.extensions?.code);
    const retryable = codes.every((c) => c === 'UNAUTHENTICATED' || c === 'INTERNAL_SERVER_ERROR');
    setupProblems.push(`[${side.name}] setup, ${what} (try ${attempt}): ${res.errors.map((e) => `${e.extensions?.code} « ${e.message} »`).join('; ')}`);
    if (!retryable || attempt >= 4) throw new Error(`[${side.name}] setup, ${what}: ${JSON.stringify(res.errors)}`);
  }
}

/** Everything through the API, in the same order on both apps. */
async function setUp(side: Omit<Side, 'fx'>): Promise<Fixture> {
  const { app } = side;
  const login = async (identifier: string, password: string): Promise<string> => (await call(side, `login ${identifier}`, LOGIN, { i: { identifier, password } })).login.accessToken;
  const staffToken = await login('agent.demo', DEMO_PASSWORD);
  const staff = { token: staffToken };
  const establishment = (await call(side, 'createEstablishment', C.createEstablishment, { i: { name: 'Ecole des Tests', address: '1 rue des Écoles' } }, staff)).createEstablishment;
  // Dates relative to today: open for booking now and for months, Monday to Friday, 2 days' notice;
  // seats enough for everyone (no NO_PLACE, whose winner would depend on timing).
  const activityInput = reservationActivityInput(establishment.id, { name: ACTIVITY_NAME, dailyCapacity: 100, autoAccept: true });
  const activity = (await call(side, 'createActivity', C.createActivity, { i: activityInput }, staff)).createActivity;
  const families: Fixture['families'] = {};
  for (const plan of FAMILIES) {
    let token: string;
    let loginName: string;
    if (plan.login) {
      token = await login(plan.login, DEMO_PASSWORD);
      loginName = plan.login;
    } else {
      const created = await call(
        side,
        `createFamilyAccount ${plan.email}`,
        `mutation($i: CreateFamilyAccountInput!) { createFamilyAccount(input: $i) { login } }`,
        { i: { email: plan.email, firstName: plan.firstName, lastName: plan.lastName } },
        staff,
      );
      loginName = created.createFamilyAccount.login;
      const activationToken = await side.activationToken(plan.email);
      await call(side, `activateAccount ${plan.email}`, C.activate, { i: { token: activationToken, password: PASSWORD } }, { commune: 'AUTERIVE' });
      token = await login(loginName, PASSWORD);
    }
    const children: Record<string, string> = {};
    const existing = (await call(side, `myChildren ${plan.key}`, C.myChildren, {}, { token })).myChildren as Array<{ id: string; firstName: string }>;
    for (const c of plan.children) {
      const id =
        existing.find((e) => e.firstName === c.firstName)?.id ??
        (
          await call(
            side,
            `addChild ${plan.key}/${c.firstName}`,
            C.addChild,
            { i: { firstName: c.firstName, lastName: plan.lastName.toUpperCase(), birthDate: c.birthDate, allergies: c.allergies } },
            { token },
          )
        ).addChild.id;
      const reg = (await call(side, `registerChild ${plan.key}/${c.firstName}`, C.registerChild, { i: { childId: id, activityId: activity.id } }, { token })).registerChild;
      expect(reg.state).toBe('ACCEPTED');
      children[c.firstName] = id;
    }
    const familyId = (await call(side, `me ${plan.key}`, ME, {}, { token })).me.family.id;
    families[plan.key] = { token, login: loginName, familyId, children };
  }

  const labels = new Map<string, string>();
  const staffMe = (await call(side, 'me staff', ME, {}, staff)).me;
  labels.set(staffMe.id, `account:${staffMe.login}`);
  for (const a of (await call(side, 'activities', `query { activities { id name schoolYear establishment { id name } } }`, {}, staff)).activities) {
    labels.set(a.id, `activity:${a.name}/${a.schoolYear}`);
    labels.set(a.establishment.id, `establishment:${a.establishment.name}`);
  }
  for (const f of (await call(side, 'families', LABELS_Q, {}, staff)).families.items) {
    labels.set(f.id, `family:${f.name}`);
    for (const a of f.accounts) labels.set(a.id, `account:${a.login}`);
    for (const c of f.children) {
      labels.set(c.id, `child:${f.name}/${c.firstName}`);
      for (const r of c.registrations) labels.set(r.id, `registration:${f.name}/${c.firstName}@${labels.get(r.activity.id)}`);
    }
  }
  await settle(app);
  return { staffToken, activityId: activity.id, families, labels, reservations: new Map() };
}

async function settle(app: TestApp) {
  await app.idle('reservations');
  await app.idle('mail');
}

/* ---------- normalising answers ---------- */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Ids → names, timestamps, numbers and tokens → placeholders, keys sorted, lists of things with an id sorted. */
function normalize(v: unknown, labels: Map<string, string>, key?: string): any {
  if (Array.isArray(v)) {
    const items = v.map((x) => normalize(x, labels));
    if (items.length && items.every((x) => x && typeof x === 'object' && 'id' in x)) {
      items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return items;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = normalize((v as any)[k], labels, k);
    return out;
  }
  if (typeof v === 'string') {
    if (UUID.test(v)) return labels.get(v.toLowerCase()) ?? labels.get(v) ?? '<unknown id>';
    if (DATETIME.test(v)) return '<datetime>';
    if (key === 'number' && /^\d{6}$/.test(v)) return '<number>';
    if (key === 'accessToken' || key === 'refreshToken') return '<token>';
  }
  return v;
}

interface Answer {
  status: number;
  data: any;
  errors: Array<{ code: string; reason?: string; message: string; path?: string }> | null;
}

const answerOf = (res: GqlResult, labels: Map<string, string>): Answer => ({
  status: res.status,
  data: normalize(res.data ?? null, labels),
  errors: res.errors?.length ? res.errors.map((e) => ({ code: e.extensions?.code, reason: e.extensions?.reason, message: e.message, path: e.path?.join('.') })) : null,
});

const brief = (v: unknown, max = 400) => {
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** The first differing path between two normalised values, for the report. */
function firstDifference(a: any, b: any, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path || '.'}: ${a.length} items vs ${b.length}`;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path || '.'}: ${brief(a, 200)} vs ${brief(b, 200)}`;
}

/* ---------- one burst ---------- */

/** What one round books and cancels, by child: the same on both apps. */
interface RoundPlan {
  round: number;
  month: string;
  /** child key → days booked this round (in `month`). */
  book: Map<string, LocalDate[]>;
  /** child key → days of the previous round's month cancelled this round. */
  cancel: Map<string, { month: string; days: LocalDate[] }>;
  /** child key → months whose days this child touches this round; every touched month. */
  touchedByChild: Map<string, Set<string>>;
  touchedMonths: Set<string>;
  /** days touched by child, for the planning masks. */
  touchedDays: Map<string, Set<LocalDate>>;
}

interface Op {
  key: string;
  as: string | null; // 'STAFF', a family key, or null (a visitor)
  query: string;
  vars: (fx: Fixture) => Record<string, unknown>;
  /** An error the request must get (a foreign id): the answer must be exactly that, and the same as PostgreSQL's. */
  expectError?: string;
  /** Answers that depend on processing timing: masked before comparison, checked for consistency. */
  mask?: (answer: Answer, fx: Fixture) => Answer;
  check?: (answer: Answer, fx: Fixture) => string[];
  /** Records ids an answer creates (reservations), on each app. */
  record?: (res: GqlResult, fx: Fixture) => void;
}

const MONTHS = [monthFromNow(2), monthFromNow(3)];
const EARLY_MONTH = monthFromNow(1);
const PREVIEW_MONTH = monthFromNow(4);
const ROUNDS = MONTHS.length;
const REPEAT = 2;

const resLabel = (child: string, month: string, kind: 'book' | 'cancel') => `reservation:${child}:${month}:${kind}`;

function planRound(round: number, plans: RoundPlan[]): RoundPlan {
  const month = MONTHS[round];
  const days = serviceDays(month);
  const book = new Map<string, LocalDate[]>();
  const cancel = new Map<string, { month: string; days: LocalDate[] }>();
  CHILDREN.forEach((c, i) => book.set(c.key, days.filter((_, j) => (j + i) % 3 !== 0).slice(0, 8)));
  if (round > 0) {
    const prev = plans[round - 1];
    // The first child of each family cancels two of the days booked in the previous round.
    for (const f of FAMILIES) {
      const child = `${f.key}/${f.children[0].firstName}`;
      cancel.set(child, { month: prev.month, days: prev.book.get(child)!.slice(1, 3) });
    }
  }
  const touchedByChild = new Map<string, Set<string>>();
  const touchedDays = new Map<string, Set<LocalDate>>();
  const touchedMonths = new Set<string>([month]);
  for (const c of CHILDREN) {
    touchedByChild.set(c.key, new Set([month]));
    touchedDays.set(c.key, new Set(book.get(c.key)));
    const cx = cancel.get(c.key);
    if (cx) {
      touchedByChild.get(c.key)!.add(cx.month);
      touchedMonths.add(cx.month);
      cx.days.forEach((d) => touchedDays.get(c.key)!.add(d));
    }
  }
  return { round, month, book, cancel, touchedByChild, touchedMonths, touchedDays };
}

const PLANNING_STATES_WHILE_PROCESSED = ['FREE', 'BOOKING_REQUESTED', 'BOOKED', 'CANCELLATION_REQUESTED'];
const LINE_STATES_WHILE_PROCESSED = ['REQUESTED', 'ACCEPTED'];
const RESERVATION_STATES_WHILE_PROCESSED = ['PENDING', 'ACCEPTED'];

/**
 * A planning while this round's requests are processed: seats left vary on the days of every touched
 * month (the first and last weeks show days of the neighbouring months too), and the child's own
 * touched days move between states (their words with them).
 */
function planningMask(plan: RoundPlan, child: string, month: string) {
  const days = plan.touchedDays.get(child)!;
  const masked = (a: Answer): Answer => {
    if (!a.data?.planning) return a;
    const p = structuredClone(a.data.planning);
    for (const w of p.weeks) {
      for (const d of w.days) {
        if (d.seatsLeft !== null && plan.touchedMonths.has(d.date.slice(0, 7))) d.seatsLeft = '*';
        if (days.has(d.date)) Object.assign(d, { state: '*', stateLabel: '*', modifiable: '*' });
      }
    }
    return { ...a, data: { planning: p } };
  };
  const check = (a: Answer): string[] =>
    (a.data?.planning?.weeks ?? [])
      .flatMap((w: any) => w.days)
      .filter((d: any) => days.has(d.date) && !PLANNING_STATES_WHILE_PROCESSED.includes(d.state))
      .map((d: any) => `${child} ${month}: day ${d.date} in state ${d.state} while being processed`);
  return { mask: masked, check };
}

function maskReservation(r: any, touched: boolean): any {
  if (!touched) return r;
  return { ...r, state: '*', lines: r.lines.map((l: any) => ({ ...l, state: '*' })) };
}

function checkReservation(r: any, where: string): string[] {
  const out: string[] = [];
  if (!RESERVATION_STATES_WHILE_PROCESSED.includes(r.state)) out.push(`${where}: reservation in state ${r.state}`);
  for (const l of r.lines) if (!LINE_STATES_WHILE_PROCESSED.includes(l.state)) out.push(`${where}: line ${l.date} in state ${l.state}`);
  return out;
}

/** Is this reservation label one of a (child, month) this round touches? */
const touchedLabel = (plan: RoundPlan, label: string) => {
  const m = /^reservation:([^:]+):(\d{4}-\d{2}):/.exec(label);
  return !!m && plan.touchedByChild.get(m[1])?.has(m[2]) === true;
};

/** A page of reservations while this round's are being made: older ones compared, new ones checked. */
function reservationPageMask(plan: RoundPlan, field: 'myReservations' | 'reservations', earlier: () => Set<string>, allowedNew: Set<string>) {
  const mask = (a: Answer): Answer => {
    const page = a.data?.[field];
    if (!page) return a;
    const known = earlier();
    const items = page.items.filter((r: any) => known.has(r.id)).map((r: any) => maskReservation(r, touchedLabel(plan, r.id)));
    return { ...a, data: { [field]: { ...page, totalCount: '*', items } } };
  };
  const check = (a: Answer): string[] => {
    const page = a.data?.[field];
    if (!page) return [];
    const known = earlier();
    const out: string[] = [];
    for (const r of page.items) {
      if (known.has(r.id)) continue;
      if (!allowedNew.has(r.id)) out.push(`${field}: unexpected reservation ${r.id} (${r.child?.id}, ${r.periodLabel})`);
      else out.push(...checkReservation(r, `${field} ${r.id}`));
    }
    if (page.totalCount < known.size || page.totalCount > known.size + allowedNew.size) {
      out.push(`${field}: totalCount ${page.totalCount}, expected ${known.size}..${known.size + allowedNew.size}`);
    }
    return out;
  };
  return { mask, check };
}

/** The labels of the reservations made before this round (the same on both apps once recorded). */
function labelsBefore(round: number, plans: RoundPlan[], family?: string): Set<string> {
  const out = new Set<string>();
  for (const p of plans.slice(0, round)) {
    for (const [child] of p.book) if (!family || child.startsWith(`${family}/`)) out.add(resLabel(child, p.month, 'book'));
    for (const [child, c] of p.cancel) if (!family || child.startsWith(`${family}/`)) out.add(resLabel(child, c.month, 'cancel'));
  }
  return out;
}
function labelsOf(plan: RoundPlan, family?: string): Set<string> {
  const out = new Set<string>();
  for (const [child] of plan.book) if (!family || child.startsWith(`${family}/`)) out.add(resLabel(child, plan.month, 'book'));
  for (const [child, c] of plan.cancel) if (!family || child.startsWith(`${family}/`)) out.add(resLabel(child, c.month, 'cancel'));
  return out;
}

const childId = (fx: Fixture, key: string) => {
  const [family, first] = key.split('/');
  return fx.families[family].children[first];
};

/** The burst of a round: reads of every kind from every family and staff, with this round's submissions spread among them. */
function burst(plan: RoundPlan, plans: RoundPlan[]): Op[] {
  const ops: Op[] = [];
  const readMonths = [EARLY_MONTH, ...MONTHS];
  for (let rep = 0; rep < REPEAT; rep++) {
    FAMILIES.forEach((f, fi) => {
      const as = f.key;
      const other = FAMILIES[(fi + 1) % FAMILIES.length];
      const otherChild = `${other.key}/${other.children[1].firstName}`;
      ops.push({ key: `${as} me`, as, query: ME, vars: () => ({}) });
      ops.push({ key: `${as} myChildren`, as, query: C.myChildren, vars: () => ({}) });
      ops.push({ key: `${as} myRegistrations`, as, query: C.myRegistrations, vars: () => ({ pageSize: 20 }) });
      ops.push({ key: `${as} commune`, as, query: COMMUNE, vars: () => ({}) });
      ops.push({ key: `${as} activities`, as, query: ACTIVITIES, vars: () => ({}) });
      ops.push({ key: `${as} child(${otherChild}) of another family`, as, query: C.child, vars: (fx) => ({ id: childId(fx, otherChild) }), expectError: 'NOT_FOUND' });
      ops.push({
        key: `${as} planning(${otherChild}) of another family`,
        as,
        query: R.planning,
        vars: (fx) => ({ childId: childId(fx, otherChild), activityId: fx.activityId, month: plan.month }),
        expectError: 'NOT_FOUND',
      });
      const foreign = [...labelsBefore(plan.round, plans, other.key)][0];
      if (foreign) {
        ops.push({ key: `${as} reservation(${foreign}) of another family`, as, query: R.reservation, vars: (fx) => ({ id: fx.reservations.get(foreign) }), expectError: 'NOT_FOUND' });
      }
      const earlier = () => labelsBefore(plan.round, plans, as);
      ops.push({ key: `${as} myReservations`, as, query: R.myReservations, vars: () => ({ pageSize: 100 }), ...reservationPageMask(plan, 'myReservations', earlier, labelsOf(plan, as)) });
      for (const label of earlier()) {
        const touched = touchedLabel(plan, label);
        ops.push({
          key: `${as} reservation(${label})`,
          as,
          query: R.reservation,
          vars: (fx) => ({ id: fx.reservations.get(label) }),
          ...(touched ? { mask: (a: Answer) => (a.data?.reservation ? { ...a, data: { reservation: maskReservation(a.data.reservation, true) } } : a) } : {}),
        });
      }
      for (const c of f.children) {
        const child = `${f.key}/${c.firstName}`;
        ops.push({ key: `${as} child(${child})`, as, query: C.child, vars: (fx) => ({ id: childId(fx, child) }) });
        for (const month of readMonths) {
          ops.push({
            key: `${as} planning(${child}, ${month})`,
            as,
            query: R.planning,
            vars: (fx) => ({ childId: childId(fx, child), activityId: fx.activityId, month }),
            ...planningMask(plan, child, month),
          });
        }
        // "Validation du planning" of a month nobody books in this burst, and of the previous round's month (days already booked).
        const previewDays = serviceDays(PREVIEW_MONTH).slice(0, 6);
        ops.push({
          key: `${as} previewReservation(${child}, ${PREVIEW_MONTH})`,
          as,
          query: R.preview,
          vars: (fx) => ({ i: { childId: childId(fx, child), activityId: fx.activityId, month: PREVIEW_MONTH, book: previewDays } }),
        });
        if (plan.round > 0) {
          const prev = plans[plan.round - 1];
          const touched = plan.touchedByChild.get(child)!.has(prev.month);
          ops.push({
            key: `${as} previewReservation(${child}, ${prev.month}) of booked days`,
            as,
            query: R.preview,
            vars: (fx) => ({ i: { childId: childId(fx, child), activityId: fx.activityId, month: prev.month, book: prev.book.get(child)!.slice(0, 4) } }),
            ...(touched
              ? { mask: (a: Answer) => (a.data ? { ...a, data: { previewReservation: { valid: '*', lines: a.data.previewReservation.lines.map((l: any) => ({ ...l, ok: '*', reason: '*' })) } } } : a) }
              : {}),
          });
        }
      }
      // A second session in the same burst.
      if (rep === 0) {
        ops.push({
          key: `${as} login`,
          as: null,
          query: LOGIN,
          vars: (fx) => ({ i: { identifier: fx.families[as].login, password: f.login ? DEMO_PASSWORD : PASSWORD } }),
        });
      }
    });
    // Staff and a visitor.
    ops.push({ key: 'visitor commune', as: null, query: COMMUNE, vars: () => ({}) });
    ops.push({ key: 'STAFF me', as: 'STAFF', query: ME, vars: () => ({}) });
    ops.push({ key: 'STAFF families', as: 'STAFF', query: FAMILIES_Q, vars: () => ({}) });
    ops.push({ key: 'STAFF activities', as: 'STAFF', query: ACTIVITIES, vars: () => ({}) });
    ops.push({
      key: 'STAFF registrations',
      as: 'STAFF',
      query: `query($activityId: ID) { registrations(activityId: $activityId, pageSize: 100) { totalCount items { ${REGISTRATION_FIELDS} } } }`,
      vars: (fx) => ({ activityId: fx.activityId }),
    });
    for (const f of FAMILIES) {
      ops.push({
        key: `STAFF family(${f.key})`,
        as: 'STAFF',
        query: FAMILY_Q,
        vars: (fx) => ({ id: fx.families[f.key].familyId }),
      });
    }
    for (const month of readMonths) {
      const touched = plan.touchedMonths.has(month);
      ops.push({
        key: `STAFF dailyHeadcount(${month})`,
        as: 'STAFF',
        query: R.headcount,
        vars: (fx) => ({ activityId: fx.activityId, from: `${month}-01`, to: lastOfMonth(month) }),
        ...(touched
          ? {
              mask: (a: Answer) => (a.data ? { ...a, data: { dailyHeadcount: a.data.dailyHeadcount.map((d: any) => ({ ...d, booked: '*', pending: '*' })) } } : a),
              check: (a: Answer) =>
                (a.data?.dailyHeadcount ?? []).filter((d: any) => d.booked < 0 || d.pending < 0 || d.booked + d.pending > d.capacity).map((d: any) => `headcount ${d.date}: ${JSON.stringify(d)}`),
            }
          : {}),
      });
    }
    ops.push({
      key: 'STAFF reservations',
      as: 'STAFF',
      query: R.reservations,
      vars: (fx) => ({ activityId: fx.activityId, pageSize: 100 }),
      ...reservationPageMask(plan, 'reservations', () => labelsBefore(plan.round, plans), labelsOf(plan)),
    });
  }

  // This round's submissions, spread through the burst.
  const submits: Op[] = [];
  for (const c of CHILDREN) {
    const family = c.family;
    const submitMask = (a: Answer): Answer => (a.data?.submitReservation ? { ...a, data: { submitReservation: maskReservation(a.data.submitReservation, true) } } : a);
    const submitCheck = (a: Answer): string[] => (a.data?.submitReservation ? checkReservation(a.data.submitReservation, `submit ${c.key}`) : []);
    const book = plan.book.get(c.key)!;
    const bookLabel = resLabel(c.key, plan.month, 'book');
    submits.push({
      key: `${family} submitReservation(${c.key}, ${plan.month}, book ${book.length} days)`,
      as: family,
      query: R.submit,
      vars: (fx) => ({ i: { childId: childId(fx, c.key), activityId: fx.activityId, month: plan.month, book } }),
      mask: submitMask,
      check: submitCheck,
      record: (res, fx) => record(res, fx, bookLabel),
    });
    const cancel = plan.cancel.get(c.key);
    if (cancel) {
      const cancelLabel = resLabel(c.key, cancel.month, 'cancel');
      submits.push({
        key: `${family} submitReservation(${c.key}, ${cancel.month}, cancel ${cancel.days.length} days)`,
        as: family,
        query: R.submit,
        vars: (fx) => ({ i: { childId: childId(fx, c.key), activityId: fx.activityId, month: cancel.month, cancel: cancel.days } }),
        mask: submitMask,
        check: submitCheck,
        record: (res, fx) => record(res, fx, cancelLabel),
      });
    }
  }
  const step = Math.max(1, Math.floor(ops.length / (submits.length + 1)));
  submits.forEach((s, i) => ops.splice((i + 1) * step + i, 0, s));
  return ops;
}

function record(res: GqlResult, fx: Fixture, label: string) {
  const id = res.data?.submitReservation?.id;
  if (id) {
    fx.reservations.set(label, id);
    fx.labels.set(id, label);
  }
}

const tokenOf = (fx: Fixture, as: string | null) => (as === null ? undefined : as === 'STAFF' ? fx.staffToken : fx.families[as].token);

/** One request; one naming a reservation this app never made (its submission failed) is not sent. */
function send(side: Side, op: Op): Promise<GqlResult> {
  const vars = op.vars(side.fx);
  if (Object.values(vars).some((v) => v === undefined)) {
    return Promise.resolve({ status: 200, data: null, errors: [{ message: 'not sent: this reservation was never made on this app', extensions: { code: 'NEVER_MADE' } }] });
  }
  return side.app.gql(op.query, vars, { token: tokenOf(side.fx, op.as) });
}

async function fire(side: Side, ops: Op[]): Promise<GqlResult[]> {
  const results = await Promise.all(ops.map((op) => send(side, op)));
  ops.forEach((op, i) => op.record?.(results[i], side.fx));
  return results;
}

/** Errors, consistency, and (masked) equality with PostgreSQL's answer to the same request. */
function compare(round: string, ops: Op[], emb: Side, embRes: GqlResult[], pg: Side, pgRes: GqlResult[]): string[] {
  const problems: string[] = [];
  ops.forEach((op, i) => {
    const answers = { embedded: answerOf(embRes[i], emb.fx.labels), postgres: answerOf(pgRes[i], pg.fx.labels) };
    const fxOf = { embedded: emb.fx, postgres: pg.fx };
    for (const name of ['embedded', 'postgres'] as const) {
      const a = answers[name];
      const where = `[${name}] ${round} #${i} ${op.key}`;
      if (a.status !== 200) problems.push(`${where}: HTTP ${a.status}`);
      const codes = (a.errors ?? []).map((e) => e.code);
      if (op.expectError) {
        if (codes.length !== 1 || codes[0] !== op.expectError) problems.push(`${where}: expected ${op.expectError}, got ${brief(a.errors ?? a.data)}`);
      } else if (a.errors) {
        problems.push(`${where}: ${a.errors.map((e) => `${e.code} ${e.reason ?? ''} « ${e.message} »`).join('; ')}`);
      }
      if (op.check && !a.errors) problems.push(...op.check(a, fxOf[name]).map((p) => `${where}: ${p}`));
    }
    if (answers.embedded.errors && !op.expectError) return; // already reported
    const [e, p] = (['embedded', 'postgres'] as const).map((n) => {
      const masked = op.mask ? op.mask(answers[n], fxOf[n]) : answers[n];
      return normalize(masked, new Map());
    });
    if (!isDeepStrictEqual(e, p)) problems.push(`[embedded ≠ postgres] ${round} #${i} ${op.key}: ${firstDifference(e, p)}`);
  });
  return problems;
}

function report(problems: string[], total: number): string {
  if (!problems.length) return '';
  const byKind = new Map<string, number>();
  for (const p of problems) {
    const kind = /INTERNAL_SERVER_ERROR|UNAUTHENTICATED|NOT_FOUND|BAD_USER_INPUT|CONFLICT|NEVER_MADE|≠|HTTP/.exec(p)?.[0] ?? 'other';
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return [
    `${problems.length} problem(s) over ${total} requests (${[...byKind].map(([k, n]) => `${k}: ${n}`).join(', ')}):`,
    ...problems.slice(0, 25),
    ...(problems.length > 25 ? [`… and ${problems.length - 25} more`] : []),
  ].join('\n');
}

/** Once idle: every planning, reservation, page and headcount, one request at a time. */
function settledReads(plans: RoundPlan[], upTo: number): Op[] {
  const ops: Op[] = [];
  for (const f of FAMILIES) {
    ops.push({ key: `${f.key} myReservations`, as: f.key, query: R.myReservations, vars: () => ({ pageSize: 100 }) });
    ops.push({ key: `${f.key} myChildren`, as: f.key, query: C.myChildren, vars: () => ({}) });
    for (const c of f.children) {
      const child = `${f.key}/${c.firstName}`;
      for (const month of [EARLY_MONTH, ...MONTHS, PREVIEW_MONTH]) {
        ops.push({ key: `${f.key} planning(${child}, ${month})`, as: f.key, query: R.planning, vars: (fx) => ({ childId: childId(fx, child), activityId: fx.activityId, month }) });
      }
    }
    for (const label of labelsBefore(upTo + 1, plans, f.key)) {
      ops.push({ key: `${f.key} reservation(${label})`, as: f.key, query: R.reservation, vars: (fx) => ({ id: fx.reservations.get(label) }) });
    }
  }
  ops.push({ key: 'STAFF reservations', as: 'STAFF', query: R.reservations, vars: (fx) => ({ activityId: fx.activityId, pageSize: 100 }) });
  ops.push({
    key: 'STAFF dailyHeadcount',
    as: 'STAFF',
    query: R.headcount,
    vars: (fx) => ({ activityId: fx.activityId, from: `${EARLY_MONTH}-01`, to: lastOfMonth(PREVIEW_MONTH) }),
  });
  return ops;
}

async function fireOneByOne(side: Side, ops: Op[]): Promise<GqlResult[]> {
  const out: GqlResult[] = [];
  for (const op of ops) out.push(await send(side, op));
  return out;
}

/* ---------- the test ---------- */

/**
 * Names every reservation of the activity by child, month and kind, from staff's list once idle: a
 * submission whose answer was lost (an error after its row was written) is still named, so that one
 * error does not turn into differences in every later comparison.
 */
async function labelReservations(side: Side): Promise<void> {
  const names = new Map([...side.fx.labels].filter(([, l]) => l.startsWith('child:')).map(([id, l]) => [id, l]));
  const childKeys = new Map(CHILDREN.map((c) => [c.key, childId(side.fx, c.key)]));
  const keyOf = new Map([...childKeys].map(([key, id]) => [id, key]));
  for (let attempt = 1; ; attempt++) {
    const res = await side.app.gql(
      `query($a: ID) { reservations(activityId: $a, pageSize: 100) { items { id firstDate child { id } lines { kind } } } }`,
      { a: side.fx.activityId },
      { token: side.fx.staffToken },
    );
    if (!res.errors?.length) {
      for (const r of res.data.reservations.items as Array<{ id: string; firstDate: string; child: { id: string }; lines: Array<{ kind: string }> }>) {
        const key = keyOf.get(r.child.id);
        if (!key || !names.has(r.child.id)) continue;
        const label = resLabel(key, r.firstDate.slice(0, 7), r.lines[0]?.kind === 'CANCEL' ? 'cancel' : 'book');
        side.fx.labels.set(r.id, label);
        side.fx.reservations.set(label, r.id);
      }
      return;
    }
    if (attempt >= 4) throw new Error(`[${side.name}] staff's reservations: ${JSON.stringify(res.errors)}`);
  }
}

/** Staff's list of reservation numbers, sorted. */
async function numbersOf(side: Side): Promise<string[]> {
  const res = await side.app.gql(R.reservations, { activityId: side.fx.activityId, pageSize: 100 }, { token: side.fx.staffToken });
  return ((res.data?.reservations?.items ?? []) as Array<{ number: string }>).map((x) => x.number).sort();
}

/**
 * The two apps run one after the other in this process: Passport keeps ONE 'jwt' strategy per
 * process, so a second Nest app started beside the first would verify the first one's tokens with
 * its own secret and sessions. PostgreSQL goes first and its answers are recorded; the embedded app
 * then gets the very same requests, and each test compares.
 */
describe('embedded database (PGlite behind pglite-socket) under bursts of concurrent requests answers like PostgreSQL', () => {
  const plans: RoundPlan[] = [];
  for (let r = 0; r < ROUNDS; r++) plans.push(planRound(r, plans));
  // Before any booking, every read of the first burst is deterministic: once each, one at a time.
  const firstReads = burst(plans[0], plans).filter((op) => !op.mask && !op.record);
  const setupOps = settledReads(plans, -1).concat(firstReads.filter((op, i) => firstReads.findIndex((o) => o.key === op.key) === i));
  const bursts = plans.map((plan) => burst(plan, plans));
  const settled = plans.map((_, r) => settledReads(plans, r));

  let pg: Side;
  let embedded: Side;
  let pgApp: TestApp | undefined;
  let embApp: EmbeddedApp | undefined;
  const recorded = {
    today: parisToday(),
    setup: [] as GqlResult[],
    bursts: [] as GqlResult[][],
    settled: [] as GqlResult[][],
    numbers: [] as string[][],
  };

  beforeAll(async () => {
    // The reference: real PostgreSQL (and Redis), the same requests, recorded.
    pgApp = await TestApp.start({ SEED_DEMO: 'true' });
    const p = pgApp;
    try {
      const pgSide = { name: 'postgres' as const, app: p, activationToken: async (email: string) => Mailbox.token(await p.mailbox.waitFor(email, 1, 30_000)) };
      pg = { ...pgSide, fx: await setUp(pgSide) };
      recorded.setup = await fireOneByOne(pg, setupOps);
      for (let r = 0; r < ROUNDS; r++) {
        recorded.bursts.push(await fire(pg, bursts[r]));
        await settle(p);
        await labelReservations(pg);
        recorded.settled.push(await fireOneByOne(pg, settled[r]));
        recorded.numbers.push(await numbersOf(pg));
      }
    } finally {
      await p.stop();
      pgApp = undefined;
    }
    // The embedded defaults, set up the same way.
    embApp = await EmbeddedApp.startEmbedded();
    const e = embApp;
    const embSide = { name: 'embedded' as const, app: e, activationToken: async (email: string) => Mailbox.token((await e.mailTo(email)) as any) };
    embedded = { ...embSide, fx: await setUp(embSide) };
  }, 180_000);

  afterAll(async () => {
    await embApp?.stop();
    await pgApp?.stop();
  }, 30_000);

  // Every date is relative to the commune's today: both apps must have answered on the same day.
  beforeEach(() => expect({ today: parisToday(), note: 'midnight passed in Paris during the test: run it again' }).toEqual({ today: recorded.today, note: expect.any(String) }));

  it('holds the same data as PostgreSQL once set up', async () => {
    const e = await fireOneByOne(embedded, setupOps);
    const problems = [...setupProblems, ...compare('setup', setupOps, embedded, e, pg, recorded.setup)];
    expect(report(problems, setupOps.length)).toBe('');
  });

  for (let r = 0; r < ROUNDS; r++) {
    describe(`round ${r + 1} of ${ROUNDS}`, () => {
      it('answers every request of a burst without an unexpected error, and like PostgreSQL', async () => {
        const ops = bursts[r];
        const embRes = await fire(embedded, ops);
        await settle(embedded.app);
        await labelReservations(embedded);
        const problems = compare(`round ${r + 1}`, ops, embedded, embRes, pg, recorded.bursts[r]);
        expect(report(problems, ops.length)).toBe('');
      });

      it('ends, once both apps are idle, in the same state as PostgreSQL', async () => {
        const ops = settled[r];
        const e = await fireOneByOne(embedded, ops);
        const problems = compare(`after round ${r + 1}`, ops, embedded, e, pg, recorded.settled[r]);
        // Every reservation got a number, none twice, and as many as on PostgreSQL.
        const [en, pn] = [await numbersOf(embedded), recorded.numbers[r]];
        if (new Set(en).size !== en.length) problems.push(`[embedded] a reservation number used twice: ${en.join(' ')}`);
        if (en.length !== pn.length) problems.push(`[embedded ≠ postgres] ${en.length} reservations vs ${pn.length}`);
        expect(report(problems, ops.length)).toBe('');
      });
    });
  }
});
