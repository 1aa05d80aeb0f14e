import { expectFrenchMessage, expectSingleError as expectError } from './errors';
import { randomUUID } from 'node:crypto';
import { addDays, daysInMonth, isoWeekday, LocalDate } from '../../src/common/dates/local-date';
import { parisToday } from './dates';
import { Mailbox } from './mailbox';
import { GqlResult, TestApp } from './test-app';

/** GraphQL documents of the catalog part (children, activities, registrations, staff views), as a client writes them. */
export const CHILD_FIELDS = `id firstName lastName birthDate age { years months } ageLabel school grade diet allergies`;
export const ACTIVITY_FIELDS = `id name establishment { id name address } schoolYear startDate endDate weekdays bookingOpensOn bookingClosesOn
  modificationLeadDays dailyCapacity mealPriceCents autoAccept closures { from to label }`;
export const REGISTRATION_FIELDS = `id state createdAt reason child { id firstName lastName } activity { id name schoolYear }`;

export const C = {
  addChild: `mutation($i: AddChildInput!) { addChild(input: $i) { ${CHILD_FIELDS} } }`,
  updateChild: `mutation($i: UpdateChildInput!) { updateChild(input: $i) { ${CHILD_FIELDS} } }`,
  myChildren: `query { myChildren { ${CHILD_FIELDS} } }`,
  child: `query($id: ID!) { child(id: $id) { ${CHILD_FIELDS} registrations { id state activity { id } } } }`,
  createEstablishment: `mutation($i: CreateEstablishmentInput!) { createEstablishment(input: $i) { id name address } }`,
  createActivity: `mutation($i: CreateActivityInput!) { createActivity(input: $i) { ${ACTIVITY_FIELDS} } }`,
  updateActivity: `mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { ${ACTIVITY_FIELDS} } }`,
  addClosure: `mutation($i: AddClosureInput!) { addClosure(input: $i) { id closures { from to label } } }`,
  setDayCapacity: `mutation($i: SetDayCapacityInput!) { setDayCapacity(input: $i) { date capacity booked pending } }`,
  activities: `query { activities { ${ACTIVITY_FIELDS} } }`,
  registerChild: `mutation($i: RegisterChildInput!) { registerChild(input: $i) { ${REGISTRATION_FIELDS} } }`,
  decideRegistration: `mutation($i: DecideRegistrationInput!) { decideRegistration(input: $i) { ${REGISTRATION_FIELDS} } }`,
  myRegistrations: `query($page: Int, $pageSize: Int) { myRegistrations(page: $page, pageSize: $pageSize) { items { ${REGISTRATION_FIELDS} } totalCount page pageSize } }`,
  registrations: `query($activityId: ID, $state: RegistrationState, $page: Int, $pageSize: Int) {
    registrations(activityId: $activityId, state: $state, page: $page, pageSize: $pageSize) { items { ${REGISTRATION_FIELDS} } totalCount page pageSize } }`,
  families: `query($search: String, $page: Int, $pageSize: Int) { families(search: $search, page: $page, pageSize: $pageSize) {
    items { id name } totalCount page pageSize } }`,
  family: `query($id: ID!) { family(id: $id) { id name accounts { id login email role firstName lastName family { id } } children { ${CHILD_FIELDS} } } }`,
  createStaffAccount: `mutation($i: CreateStaffAccountInput!) { createStaffAccount(input: $i) { id } }`,
  activate: `mutation($i: ActivateAccountInput!) { activateAccount(input: $i) { accessToken } }`,
  updateProfile: `mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id firstName lastName } }`,
};

export { expectError, expectFrenchMessage };

/** BAD_USER_INPUT from the validation of an input field: `extensions.field` names it, the message is French. */
export function expectInvalidField(res: GqlResult, field: string, message?: RegExp) {
  const err = expectError(res, 'BAD_USER_INPUT');
  expect(err.extensions.field).toBe(field);
  if (message) expect(err.message).toMatch(message);
  return err;
}

/**
 * BAD_USER_INPUT for a value GraphQL itself cannot read into the input (an impossible `Date`, an
 * unknown enum value): refused before any resolver runs, naming the input field (`i.birthDate` →
 * `birthDate`) in a French message.
 */
export function expectUnreadableValue(res: GqlResult, path: string) {
  const err = expectError(res, 'BAD_USER_INPUT');
  expect(err.extensions.field).toBe(path.split('.').slice(1).join('.'));
  expect(err.message).not.toMatch(/got invalid value|does not exist|Expected/);
  return err;
}

/**
 * "Exists but belongs to someone else" must answer exactly like "does not exist": same code,
 * reason and message as for a random id.
 */
export function expectSameNotFound(res: GqlResult, randomRes: GqlResult) {
  const err = expectError(res, 'NOT_FOUND');
  const ref = expectError(randomRes, 'NOT_FOUND');
  expect({ code: err.extensions.code, reason: err.extensions.reason, message: err.message }).toEqual({
    code: ref.extensions.code,
    reason: ref.extensions.reason,
    message: ref.message,
  });
  expect(res.status).toBe(randomRes.status);
  return err;
}

export const randomId = () => randomUUID();

/* ---------- days, relative to today in the commune (Europe/Paris) ---------- */

export { parisToday };

/** The same day of month `months` away (clamped to the month end), or a given day of that month. */
export function shiftMonths(d: LocalDate, months: number, day?: number): LocalDate {
  const total = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const dd = Math.min(day ?? Number(d.slice(8, 10)), daysInMonth(y, m));
  return `${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** The school year a day belongs to: from September on, "2026-2027"; before, "2025-2026". */
export function schoolYearOf(d: LocalDate): string {
  const y = Number(d.slice(0, 4));
  return Number(d.slice(5, 7)) >= 9 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

/** The first day on or after `from` that is one of the ISO weekdays and not a French public holiday. */
export function nextWeekday(from: LocalDate, weekdays: number[], notIn: LocalDate[] = []): LocalDate {
  let d = from;
  while (!weekdays.includes(isoWeekday(d)) || notIn.includes(d)) d = addDays(d, 1);
  return d;
}

/* ---------- people ---------- */

/** The ADMIN opens a STAFF account, activated from its mail; returns its access token. */
export async function staffOf(app: TestApp, commune: string, adminToken: string, email: string): Promise<string> {
  await app.ok(C.createStaffAccount, { i: { email, firstName: 'Agent', lastName: 'Scolaire', role: 'STAFF' } }, { token: adminToken });
  const mail = await app.mailbox.waitFor(email);
  return app.activate(Mailbox.token(mail), commune);
}

/** A commune with its ADMIN and one STAFF agent. */
export async function communeWithStaff(app: TestApp, code: string) {
  const c = await app.commune(code);
  const staffToken = await staffOf(app, code, c.adminToken, `agent@${code.toLowerCase()}.test`);
  return { code, adminToken: c.adminToken, staffToken };
}

/* ---------- catalog ---------- */

let establishmentCounter = 0;
export async function createEstablishment(app: TestApp, staffToken: string, name = `Ecole ${++establishmentCounter}`) {
  const data = await app.ok(C.createEstablishment, { i: { name, address: '1 rue des Écoles' } }, { token: staffToken });
  return data.createEstablishment as { id: string; name: string; address: string | null };
}

/**
 * Input of an activity running this school year, relative to today: started a month ago, ends in
 * ten months, bookings open since a month and closing a week before the end. The guide's canteen
 * otherwise: Monday, Tuesday, Thursday, Friday, 15 days' notice, 3,40 € a meal.
 */
export function activityInput(establishmentId: string, over: Record<string, unknown> = {}) {
  const today = parisToday();
  const endDate = addDays(today, 300);
  return {
    name: 'RESTAURATION SCOLAIRE',
    establishmentId,
    schoolYear: schoolYearOf(today),
    startDate: addDays(today, -30),
    endDate,
    weekdays: [1, 2, 4, 5],
    bookingOpensOn: addDays(today, -30),
    bookingClosesOn: addDays(endDate, -7),
    modificationLeadDays: 15,
    dailyCapacity: 30,
    mealPriceCents: 340,
    autoAccept: true,
    ...over,
  };
}

export async function createActivity(app: TestApp, staffToken: string, establishmentId: string, over: Record<string, unknown> = {}) {
  const data = await app.ok(C.createActivity, { i: activityInput(establishmentId, over) }, { token: staffToken });
  return data.createActivity as { id: string; name: string; [k: string]: any };
}

let childCounter = 0;
export async function addChild(app: TestApp, familyToken: string, over: Record<string, unknown> = {}) {
  childCounter++;
  const data = await app.ok(C.addChild, { i: { firstName: `Enfant${childCounter}`, lastName: 'TEST', birthDate: '2015-03-10', ...over } }, { token: familyToken });
  return data.addChild as { id: string; firstName: string; lastName: string; [k: string]: any };
}

export async function countRows(app: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await app.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) AS q`, params);
  return row.n;
}

/**
 * For `beforeAll` hooks that start the portal and open accounts (bcrypt, mails): Jest's 5 s default
 * applies to hooks (the e2e project's `testTimeout` is not read per project).
 */
export const HOOK_TIMEOUT = 60_000;
