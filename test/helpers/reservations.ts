import { addDays, daysInMonth, isoWeekday, LocalDate } from '../../src/common/dates/local-date';
import { frenchHoliday } from '../../src/common/dates/french-holidays';
import { JOB_QUEUE_DRIVER, QueueName } from '../../src/queue/job-queue.port';
import { addChild, C, createActivity, createEstablishment, parisToday, schoolYearOf, shiftMonths } from './catalog';
import { TestApp } from './test-app';

/**
 * Reservations ("Les réservations") for the e2e tests: GraphQL documents as a client writes them,
 * an activity whose dates are all relative to today, registered children, and independent oracles
 * (French labels, ISO weeks) to check the answers against.
 */

export const LINE_FIELDS = `date kind state reason`;
export const RESERVATION_FIELDS = `id number periodLabel createdAt firstDate lastDate state
  child { id firstName lastName } activity { id name establishment { id name } } lines { ${LINE_FIELDS} }`;
export const DAY_FIELDS = `date inMonth state stateLabel modifiable modifiableUntil seatsLeft closureLabel`;

export const R = {
  planning: `query($childId: ID!, $activityId: ID!, $month: String!) {
    planning(childId: $childId, activityId: $activityId, month: $month) {
      month bookingClosesOn weekdays child { id firstName } activity { id name }
      weeks { isoWeek days { ${DAY_FIELDS} } } } }`,
  preview: `mutation($i: SubmitReservationInput!) { previewReservation(input: $i) { valid lines { date kind ok reason } } }`,
  submit: `mutation($i: SubmitReservationInput!) { submitReservation(input: $i) { ${RESERVATION_FIELDS} } }`,
  withdraw: `mutation($i: WithdrawReservationInput!) { withdrawReservation(input: $i) { ${RESERVATION_FIELDS} } }`,
  decide: `mutation($i: DecideReservationInput!) { decideReservation(input: $i) { ${RESERVATION_FIELDS} } }`,
  reservation: `query($id: ID!) { reservation(id: $id) { ${RESERVATION_FIELDS} } }`,
  myReservations: `query($page: Int, $pageSize: Int) { myReservations(page: $page, pageSize: $pageSize) {
    items { ${RESERVATION_FIELDS} } totalCount page pageSize } }`,
  reservations: `query($activityId: ID, $state: ReservationState, $page: Int, $pageSize: Int) {
    reservations(activityId: $activityId, state: $state, page: $page, pageSize: $pageSize) {
      items { ${RESERVATION_FIELDS} } totalCount page pageSize } }`,
  headcount: `query($activityId: ID!, $from: Date!, $to: Date!) { dailyHeadcount(activityId: $activityId, from: $from, to: $to) {
    date capacity booked pending } }`,
};

export interface Line {
  date: LocalDate;
  kind: 'BOOK' | 'CANCEL';
  state: string;
  reason: string | null;
}
export interface Reservation {
  id: string;
  number: string;
  periodLabel: string;
  createdAt: string;
  firstDate: LocalDate;
  lastDate: LocalDate;
  state: string;
  child: { id: string; firstName: string; lastName: string };
  activity: { id: string; name: string; establishment: { id: string; name: string } };
  lines: Line[];
}
export interface PlanningDay {
  date: LocalDate;
  inMonth: boolean;
  state: string;
  /** The legend's words: « Libre », « Présence acceptée », « Fermé »… */
  stateLabel: string;
  modifiable: boolean;
  modifiableUntil: LocalDate | null;
  seatsLeft: number | null;
  closureLabel: string | null;
}

/* ---------- days, relative to today (Europe/Paris) ---------- */

export const monthOf = (d: LocalDate) => d.slice(0, 7);
export const firstOfMonth = (d: LocalDate): LocalDate => `${d.slice(0, 7)}-01`;
export const lastOfMonth = (month: string): LocalDate => `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;

/** The month `offset` months after the current one, `YYYY-MM`. */
export const monthFromNow = (offset: number) => monthOf(shiftMonths(firstOfMonth(parisToday()), offset));

/**
 * The activity's service days of a month (weekdays, no French public holiday), at least three weeks
 * ahead: far from any modification deadline, whatever today is.
 */
export function serviceDays(month: string, weekdays = [1, 2, 3, 4, 5]): LocalDate[] {
  const notBefore = addDays(parisToday(), 21);
  const days: LocalDate[] = [];
  for (let d = `${month}-01`; d <= lastOfMonth(month); d = addDays(d, 1)) {
    if (weekdays.includes(isoWeekday(d)) && !frenchHoliday(d) && d >= notBefore) days.push(d);
  }
  if (days.length < 13) throw new Error(`not enough service days in ${month}: ${days.join(', ')}`);
  return days;
}

/** A Saturday of the month (never a service day). */
export const saturdayOf = (month: string): LocalDate => {
  let d = `${month}-01`;
  while (isoWeekday(d) !== 6) d = addDays(d, 1);
  return d;
};

/**
 * Input of an activity open for booking now, relative to today: it started on the first day of the
 * previous month and ends in ten months; bookings opened yesterday and close in nine months; served
 * Monday to Friday; 2 days' notice.
 */
export function reservationActivityInput(establishmentId: string, over: Record<string, unknown> = {}) {
  const today = parisToday();
  return {
    name: 'RESTAURATION SCOLAIRE',
    establishmentId,
    schoolYear: schoolYearOf(today),
    startDate: shiftMonths(firstOfMonth(today), -1),
    endDate: shiftMonths(today, 10),
    weekdays: [1, 2, 3, 4, 5],
    bookingOpensOn: addDays(today, -1),
    bookingClosesOn: shiftMonths(today, 9),
    modificationLeadDays: 2,
    dailyCapacity: 10,
    mealPriceCents: 340,
    autoAccept: true,
    ...over,
  };
}

export async function createReservationActivity(app: TestApp, staffToken: string, over: Record<string, unknown> = {}, establishmentId?: string) {
  const estId = establishmentId ?? (await createEstablishment(app, staffToken)).id;
  const input = reservationActivityInput(estId, over);
  return createActivity(app, staffToken, estId, input);
}

/** A child of the family with an ACCEPTED registration to the activity (staff accept it when the activity waits for them). */
export async function registeredChild(app: TestApp, familyToken: string, staffToken: string, activityId: string, over: Record<string, unknown> = {}) {
  const child = await addChild(app, familyToken, over);
  const reg = (await app.ok(C.registerChild, { i: { childId: child.id, activityId } }, { token: familyToken })).registerChild;
  if (reg.state !== 'ACCEPTED') {
    const decided = await app.ok(C.decideRegistration, { i: { registrationId: reg.id, accept: true } }, { token: staffToken });
    expect(decided.decideRegistration.state).toBe('ACCEPTED');
  }
  return child;
}

/* ---------- operations ---------- */

export interface SubmitInput {
  childId: string;
  activityId: string;
  month: string;
  book?: LocalDate[];
  cancel?: LocalDate[];
  idempotencyKey?: string;
}

export const submit = (app: TestApp, token: string, input: SubmitInput) => app.gql<{ submitReservation: Reservation }>(R.submit, { i: input }, { token });

export async function submitOk(app: TestApp, token: string, input: SubmitInput): Promise<Reservation> {
  return (await app.ok<{ submitReservation: Reservation }>(R.submit, { i: input }, { token })).submitReservation;
}

/** Everything the queues have to do is done: reservations processed, their mails sent. */
export async function settle(app: TestApp): Promise<void> {
  await app.idle('reservations');
  await app.idle('mail');
}

export async function reservationOf(app: TestApp, token: string, id: string): Promise<Reservation> {
  return (await app.ok<{ reservation: Reservation }>(R.reservation, { id }, { token })).reservation;
}

export async function planningOf(app: TestApp, token: string, childId: string, activityId: string, month: string) {
  return (await app.ok(R.planning, { childId, activityId, month }, { token })).planning as {
    month: string;
    bookingClosesOn: LocalDate;
    weekdays: number[];
    child: { id: string };
    activity: { id: string };
    weeks: Array<{ isoWeek: number; days: PlanningDay[] }>;
  };
}

/** One day of the child's planning. */
export async function dayOf(app: TestApp, token: string, childId: string, activityId: string, date: LocalDate): Promise<PlanningDay> {
  const planning = await planningOf(app, token, childId, activityId, monthOf(date));
  const day = planning.weeks.flatMap((w) => w.days).find((d) => d.date === date);
  if (!day) throw new Error(`${date} is not in the planning of ${monthOf(date)}`);
  return day;
}

/** The days' states in the child's planning, by date. */
export async function statesOf(app: TestApp, token: string, childId: string, activityId: string, dates: LocalDate[]) {
  const out: Record<string, string> = {};
  for (const date of dates) out[date] = (await dayOf(app, token, childId, activityId, date)).state;
  return out;
}

export async function headcounts(app: TestApp, staffToken: string, activityId: string, from: LocalDate, to: LocalDate) {
  return (await app.ok(R.headcount, { activityId, from, to }, { token: staffToken })).dailyHeadcount as Array<{
    date: LocalDate;
    capacity: number;
    booked: number;
    pending: number;
  }>;
}

/** The kitchen's figures for one service day. */
export async function headcountOf(app: TestApp, staffToken: string, activityId: string, date: LocalDate) {
  const [row] = await headcounts(app, staffToken, activityId, date, date);
  if (!row) throw new Error(`${date} is not a service day of the activity`);
  return { capacity: row.capacity, booked: row.booked, pending: row.pending };
}

/** The "réservation traitée" mails a family address received. */
export const processedMails = (app: TestApp, email: string) => app.mailbox.to(email).filter((m) => /a été traitée/.test(m.subject));

/** The activity_day counters straight from the database (they exist for closed days too). */
export async function seatRow(app: TestApp, activityId: string, date: LocalDate) {
  const [row] = await app.dataSource.query(`SELECT booked, held FROM activity_day WHERE activity_id = $1 AND date = $2`, [activityId, date]);
  return row as { booked: number; held: number } | undefined;
}

/**
 * Runs `work` while the workers of a queue take no job (BullMQ queue paused), so that a request's
 * state before processing can be observed; the queue is resumed afterwards.
 */
export async function withQueuePaused<T>(app: TestApp, queue: QueueName, work: () => Promise<T>): Promise<T> {
  const driver = app.get<any>(JOB_QUEUE_DRIVER);
  if (typeof driver.queue !== 'function') throw new Error('the queue driver cannot be paused (not BullMQ)');
  const q = driver.queue(queue);
  await q.pause();
  try {
    return await work();
  } finally {
    await q.resume();
  }
}

/* ---------- oracles, written independently of the product's code ---------- */

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_SHORT_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sep.', 'oct.', 'nov.', 'déc.'];
const DAYS_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** `2026-12` → `décembre 2026`. */
export const frenchMonth = (month: string) => `${MONTHS_FR[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** `2021-09-02` → `jeudi 02 sep. 2021` (the guide's recap and the mails). */
export function frenchDay(d: LocalDate): string {
  const js = new Date(`${d}T12:00:00Z`);
  return `${DAYS_FR[js.getUTCDay()]} ${d.slice(8, 10)} ${MONTHS_SHORT_FR[js.getUTCMonth()]} ${d.slice(0, 4)}`;
}

/** ISO 8601 week number, computed through JavaScript dates. */
export function isoWeekNumber(d: LocalDate): number {
  const date = new Date(`${d}T00:00:00Z`);
  const dayNum = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dayNum);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** Fixed-date French public holidays (the movable ones come from Easter). */
export const FIXED_HOLIDAYS: Record<string, string> = {
  '01-01': 'Jour de l’an',
  '05-01': 'Fête du Travail',
  '05-08': 'Victoire 1945',
  '07-14': 'Fête nationale',
  '08-15': 'Assomption',
  '11-01': 'Toussaint',
  '11-11': 'Armistice 1918',
  '12-25': 'Noël',
};

/** The first fixed-date public holiday on a weekday from `from` to `to`, with its French name. */
export function weekdayHolidayBetween(from: LocalDate, to: LocalDate): { date: LocalDate; label: string } {
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const label = FIXED_HOLIDAYS[d.slice(5)];
    if (label && isoWeekday(d) <= 5) return { date: d, label };
  }
  throw new Error(`no fixed public holiday on a weekday between ${from} and ${to}`);
}
