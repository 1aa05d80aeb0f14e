import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { StateMachine } from '../common/state/state-machine';
import { BILLING_RUN_MACHINE, INVOICE_MACHINE, INVOICE_STATE_LABELS } from './billing/billing-rules';
import { PAYMENT_MACHINE, PAYMENT_STATE_LABELS } from './payments/payment-rules';
import { MAIL_MACHINE } from './notifications/mail-transitions';
import { REGISTRATION_MACHINE } from './registrations/registration-transitions';
import { ACTIVE_PRESENCE, LINE_MACHINE, LineState, OPEN_LINE_STATES, PRESENCE_MACHINE, PresenceStatus, REBOOKABLE_PRESENCE, RESERVATION_STATES } from './reservations/reservation-rules';

/**
 * Every state machine is one declaration, and the SQL moves nothing it does not declare. The stores'
 * SQL is read (every `UPDATE … SET state|status = …`, `ON CONFLICT … DO UPDATE SET`, and INSERT
 * writing a state), and each statement found must be listed below with its from-states and
 * targets, which the declaration must allow: a move added to the SQL without being listed (and
 * declared) fails here.
 */
const MACHINES: Record<string, StateMachine<string>> = {
  invoice: INVOICE_MACHINE,
  payment: PAYMENT_MACHINE,
  billing_run: BILLING_RUN_MACHINE,
  registration: REGISTRATION_MACHINE,
  reservation_line: LINE_MACHINE,
  presence: PRESENCE_MACHINE,
  mail_message: MAIL_MACHINE,
};
/** The reservation's state is derived from its lines (trigger `reservation_line_settles_state`): no moves of its own. */
const DERIVED: Record<string, readonly string[]> = { reservation: RESERVATION_STATES };

interface SqlWrite {
  store: string;
  table: string;
  op: 'INSERT' | 'UPDATE';
  /** The states the statement spells (`'PAID'`, `CASE … THEN 'DEAD' ELSE 'FAILED' END`). */
  literals: string[];
  /** It also writes a state given as a parameter (`$3`, `t.s`). */
  param: boolean;
}

interface ListedMove {
  store: string;
  table: string;
  op: 'INSERT' | 'UPDATE';
  literals: string[];
  param?: boolean;
  /** What the parameter may be: checked against the declaration like the literals. */
  paramTo?: readonly string[];
  /**
   * The guard: the states the row may be in ('initial' for an INSERT; 'asserted' when the store calls
   * the machine's `assert` on the state it read, and guards the UPDATE with `state = <read>`).
   */
  from: readonly string[] | 'initial' | 'asserted';
  why: string;
}

const SQL_MOVES: ListedMove[] = [
  // billing/invoices.store.ts, payments/payments.store.ts, billing/billing-runs.store.ts
  { store: 'billing/invoices.store.ts', table: 'invoice', op: 'INSERT', literals: [], param: true, paramTo: ['UNPAID', 'PAID'], from: 'initial', why: 'insertInvoice' },
  { store: 'billing/invoices.store.ts', table: 'invoice', op: 'UPDATE', literals: [], param: true, from: 'asserted', why: 'updateInvoice' },
  { store: 'billing/invoices.store.ts', table: 'invoice', op: 'UPDATE', literals: ['PAID'], from: ['UNPAID'], why: 'family credit spent on an invoice' },
  { store: 'payments/payments.store.ts', table: 'payment', op: 'UPDATE', literals: [], param: true, from: 'asserted', why: 'settlePayment' },
  { store: 'billing/billing-runs.store.ts', table: 'billing_run', op: 'INSERT', literals: ['QUEUED'], from: 'initial', why: 'insertScheduledRun' },
  { store: 'billing/billing-runs.store.ts', table: 'billing_run', op: 'INSERT', literals: ['QUEUED'], from: 'initial', why: 'insertCatchUpRun' },
  { store: 'billing/billing-runs.store.ts', table: 'billing_run', op: 'UPDATE', literals: ['RUNNING'], from: ['QUEUED', 'RUNNING'], why: 'startRun (a stalled RUNNING run is taken over)' },
  {
    store: 'billing/billing-runs.store.ts',
    table: 'billing_run',
    op: 'UPDATE',
    literals: [],
    param: true,
    paramTo: ['DONE', 'FAILED'],
    from: BILLING_RUN_MACHINE.fromStates('DONE', 'FAILED'),
    why: 'finishRun',
  },
  // reservations.store.ts
  { store: 'reservations/presences.store.ts', table: 'presence', op: 'UPDATE', literals: ['EXCUSED'], from: ['BOOKED'], why: 'excuseBookedDays' },
  { store: 'reservations/reservations.store.ts', table: 'reservation_line', op: 'INSERT', literals: ['REQUESTED'], from: 'initial', why: 'insertClaimed: the lines' },
  { store: 'reservations/reservations.store.ts', table: 'presence', op: 'INSERT', literals: ['REQUESTED'], from: 'initial', why: 'insertClaimed: a day never booked' },
  { store: 'reservations/reservations.store.ts', table: 'presence', op: 'UPDATE', literals: ['REQUESTED'], from: REBOOKABLE_PRESENCE, why: 'insertClaimed: a free day booked again (ON CONFLICT)' },
  { store: 'reservations/reservations.store.ts', table: 'presence', op: 'UPDATE', literals: ['CANCEL_REQUESTED'], from: ['BOOKED'], why: 'insertClaimed: a cancellation' },
  { store: 'reservations/reservations.store.ts', table: 'reservation', op: 'INSERT', literals: ['PENDING'], from: 'initial', why: 'insertClaimed: the reservation (derived state)' },
  {
    store: 'reservations/reservations.store.ts',
    table: 'reservation_line',
    op: 'UPDATE',
    literals: ['REFUSED', 'NO_PLACE'],
    param: true,
    paramTo: ['ACCEPTED', 'PENDING'],
    from: ['REQUESTED'],
    why: 'seatBookings: closed day, no seat, seated (booked or held)',
  },
  {
    store: 'reservations/reservations.store.ts',
    table: 'presence',
    op: 'UPDATE',
    literals: ['NO_PLACE', 'PENDING', 'CANCELLED', 'BOOKED'],
    from: ['REQUESTED'],
    why: 'seatBookings: the presences of the lines settled',
  },
  { store: 'reservations/reservations.store.ts', table: 'reservation_line', op: 'UPDATE', literals: [], param: true, from: 'asserted', why: 'setLines' },
  {
    store: 'reservations/reservations.store.ts',
    table: 'presence',
    op: 'UPDATE',
    literals: [],
    param: true,
    // The presence a line owns follows its line: see PRESENCE_FOLLOWS_LINE below.
    from: 'asserted',
    why: 'setLines: the presences the lines own',
  },
  { store: 'reservations/reservations.store.ts', table: 'presence', op: 'UPDATE', literals: ['CANCELLED'], from: ACTIVE_PRESENCE, why: 'closeDays: the presences' },
  {
    store: 'reservations/reservations.store.ts',
    table: 'reservation_line',
    op: 'UPDATE',
    literals: ['REFUSED', 'ACCEPTED'],
    from: OPEN_LINE_STATES,
    why: 'closeDays: bookings refused, cancellations granted',
  },
  // notifications.store.ts
  { store: 'notifications/notifications.store.ts', table: 'mail_message', op: 'UPDATE', literals: ['SENDING'], from: ['QUEUED', 'FAILED', 'SENDING'], why: 'claim (SENDING once its lease ran out)' },
  { store: 'notifications/notifications.store.ts', table: 'mail_message', op: 'UPDATE', literals: ['SENT'], from: ['SENDING'], why: 'markSent' },
  { store: 'notifications/notifications.store.ts', table: 'mail_message', op: 'UPDATE', literals: ['DEAD', 'FAILED'], from: ['SENDING'], why: 'markFailed' },
];

/** setLines' moves, as its callers make them: a line's move and the move of the presence it owns. */
const PRESENCE_FOLLOWS_LINE: Array<{ kind: 'BOOK' | 'CANCEL'; line: [LineState, LineState]; presence: [PresenceStatus, PresenceStatus] }> = [
  { kind: 'CANCEL', line: ['REQUESTED', 'ACCEPTED'], presence: ['CANCEL_REQUESTED', 'CANCELLED'] },
  { kind: 'CANCEL', line: ['REQUESTED', 'PENDING'], presence: ['CANCEL_REQUESTED', 'CANCEL_PENDING'] },
  { kind: 'BOOK', line: ['PENDING', 'ACCEPTED'], presence: ['PENDING', 'BOOKED'] },
  { kind: 'BOOK', line: ['PENDING', 'REFUSED'], presence: ['PENDING', 'REFUSED'] },
  { kind: 'CANCEL', line: ['PENDING', 'ACCEPTED'], presence: ['CANCEL_PENDING', 'CANCELLED'] },
  { kind: 'CANCEL', line: ['PENDING', 'REFUSED'], presence: ['CANCEL_PENDING', 'BOOKED'] },
  { kind: 'BOOK', line: ['REQUESTED', 'WITHDRAWN'], presence: ['REQUESTED', 'CANCELLED'] },
  { kind: 'BOOK', line: ['PENDING', 'WITHDRAWN'], presence: ['PENDING', 'CANCELLED'] },
  { kind: 'CANCEL', line: ['REQUESTED', 'WITHDRAWN'], presence: ['CANCEL_REQUESTED', 'BOOKED'] },
  { kind: 'CANCEL', line: ['PENDING', 'WITHDRAWN'], presence: ['CANCEL_PENDING', 'BOOKED'] },
];

const MODULES = __dirname;
/** Every store of the modules (`*.store.ts`), found on disk: a new store's SQL is read too. */
const STORES = (function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.store.ts') ? [relative(MODULES, join(dir, f))] : []));
})(MODULES).sort();
const TABLES = new Set([...Object.keys(MACHINES), ...Object.keys(DERIVED)]);

/** The text between an opening parenthesis at `open` and its match. */
function parenthesised(sql: string, open: number): string {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (sql[i] === '(') depth++;
    if (sql[i] === ')' && --depth === 0) return sql.slice(open + 1, i);
  }
  return sql.slice(open + 1);
}

function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out;
}

function targetsOf(expr: string): { literals: string[]; param: boolean } {
  const literals = /^\s*CASE\b/i.test(expr) ? [...expr.matchAll(/\b(?:THEN|ELSE)\s+'([A-Z_]+)'/g)].map((m) => m[1]) : [...expr.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
  const param = /^\s*CASE\b/i.test(expr) ? /\b(?:THEN|ELSE)\s+(?:\$\d|t\.s\b)/.test(expr) : /\$\d|\bt\.s\b/.test(expr);
  return { literals, param };
}

function stateAssignment(setClause: string): string | null {
  for (const part of splitTopLevel(setClause)) {
    const m = /^(?:\w+\.)?(?:state|status)\s*=\s*([\s\S]*)$/.exec(part);
    if (m) return m[1];
  }
  return null;
}

/** Every write of a state the store's SQL makes. */
function sqlWrites(store: string): SqlWrite[] {
  const source = readFileSync(join(MODULES, store), 'utf8');
  const writes: SqlWrite[] = [];
  for (const [, sql] of source.matchAll(/`([^`]*)`/g)) {
    for (const m of sql.matchAll(/\bUPDATE\s+(\w+)(?:\s+(?!SET\b)\w+)?\s+SET\s+([\s\S]*?)(?=\s(?:FROM|WHERE|RETURNING)\b|\)\s*$|$)/g)) {
      const expr = stateAssignment(m[2]);
      if (expr !== null && TABLES.has(m[1])) writes.push({ store, table: m[1], op: 'UPDATE', ...targetsOf(expr) });
    }
    for (const m of sql.matchAll(/\bINSERT INTO\s+(\w+)\s*\(([^)]*)\)\s*/g)) {
      const table = m[1];
      const columns = splitTopLevel(m[2]);
      const index = columns.findIndex((c) => c === 'state' || c === 'status');
      if (!TABLES.has(table) || index < 0) continue;
      const rest = sql.slice(m.index + m[0].length);
      const values = /^VALUES\s*\(/i.test(rest) ? parenthesised(rest, rest.indexOf('(')) : /^SELECT\s+([\s\S]*?)\s(?:FROM|WHERE)\b/i.exec(rest)![1];
      writes.push({ store, table, op: 'INSERT', ...targetsOf(splitTopLevel(values)[index]) });
      const conflict = /^[\s\S]*?ON CONFLICT[^;]*?DO UPDATE SET\s+([\s\S]*?)(?=\s(?:WHERE|RETURNING)\b|$)/.exec(rest);
      const expr = conflict && !/\)\s*,\s*\w+\s+AS\s*\(/.test(rest.slice(0, conflict.index + conflict[0].length - conflict[1].length)) ? stateAssignment(conflict[1]) : null;
      if (expr !== null) writes.push({ store, table, op: 'UPDATE', ...targetsOf(expr) });
    }
  }
  return writes;
}

const key = (w: { store: string; table: string; op: string; literals: readonly string[]; param?: boolean }) =>
  `${w.store} ${w.op} ${w.table} [${[...w.literals].sort().join(',')}]${w.param ? ' + parameter' : ''}`;

describe('state machines', () => {
  it('lists every move the stores’ SQL makes, and nothing more', () => {
    const found = STORES.flatMap(sqlWrites).map(key).sort();
    const listed = SQL_MOVES.map(key).sort();
    expect(found).toEqual(listed);
  });

  it('declares every move the SQL makes', () => {
    for (const move of SQL_MOVES) {
      const targets = [...move.literals, ...(move.paramTo ?? [])];
      const derived = DERIVED[move.table];
      if (derived) {
        for (const to of targets) expect(derived).toContain(to);
        continue;
      }
      const machine = MACHINES[move.table];
      for (const to of targets) {
        expect(machine.states).toContain(to);
        if (move.from === 'initial') expect({ why: move.why, initial: machine.initial.includes(to) }).toEqual({ why: move.why, initial: true });
        else if (move.from !== 'asserted') for (const from of move.from) expect({ why: move.why, from, to, allowed: machine.canMove(from, to) }).toEqual({ why: move.why, from, to, allowed: true });
      }
    }
  });

  it('moves a presence only along with the line that owns it, as declared', () => {
    for (const m of PRESENCE_FOLLOWS_LINE) {
      expect({ ...m, allowed: LINE_MACHINE.canMove(...m.line) }).toEqual({ ...m, allowed: true });
      expect({ ...m, allowed: PRESENCE_MACHINE.canMove(...m.presence) }).toEqual({ ...m, allowed: true });
    }
  });

  it('guards the registration decision with the declaration’s from-states', () => {
    const source = readFileSync(join(MODULES, 'registrations/registrations.store.ts'), 'utf8');
    expect(source).toMatch(/state IN \(:\.\.\.from\)/);
    expect(source).toMatch(/from: registrationFromStates\(d\.to\)/);
  });

  it('throws on a move not declared', () => {
    expect(() => INVOICE_MACHINE.assert('PAID', 'TREASURY')).toThrow('illegal invoice transition PAID → TREASURY');
    expect(() => MAIL_MACHINE.assert('SENT', 'SENDING')).toThrow('illegal mail transition SENT → SENDING');
    expect(PRESENCE_MACHINE.fromStates('REQUESTED')).toEqual(['CANCELLED', 'NO_PLACE', 'REFUSED']);
  });

  it('labels every state in French, in its declaration only', () => {
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith('.ts') && !f.endsWith('.spec.ts') ? [join(dir, f)] : []));
    })(join(MODULES, '..'));
    const declarations = new Set([
      'modules/billing/billing-rules.ts',
      'modules/payments/payment-rules.ts',
      'modules/reservations/reservation-rules.ts',
      'modules/registrations/registration-transitions.ts',
      'modules/notifications/mail-transitions.ts',
    ]);
    const retyped: string[] = [];
    for (const machine of Object.values(MACHINES)) {
      for (const state of machine.states) {
        const label = machine.labels[state];
        expect(label).toMatch(/^[A-ZÉ]/);
        for (const file of files) {
          const rel = relative(join(MODULES, '..'), file);
          if (declarations.has(rel)) continue;
          // Comments may quote the guide's words; code may not.
          const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
          for (const q of [`'${label}'`, `"${label}"`, `\`${label}\``]) if (text.includes(q)) retyped.push(`${rel}: ${q}`);
        }
      }
    }
    expect(retyped).toEqual([]);
  });

  it('gives the GraphQL stateLabel fields the declarations’ labels', () => {
    const resolver = readFileSync(join(MODULES, 'billing/billing.resolver.ts'), 'utf8');
    const fields = [...resolver.matchAll(/stateLabel\(@Parent\(\) \w+: \w+\) \{\s*return ([^;]+);/g)].map((m) => m[1]);
    expect(fields).toEqual(['INVOICE_STATE_LABELS[invoice.state]', 'PAYMENT_STATE_LABELS[payment.state]']);
    expect(INVOICE_MACHINE.labels).toBe(INVOICE_STATE_LABELS);
    expect(PAYMENT_MACHINE.labels).toBe(PAYMENT_STATE_LABELS);
  });
});
