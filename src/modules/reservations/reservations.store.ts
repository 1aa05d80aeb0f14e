import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { LocalDate } from '../../common/dates/local-date';
import { PageRequest } from '../../common/graphql/pagination';
import { pgErrorCode } from '../../common/errors/pg-errors';
import { fromJsonRow } from '../../database/from-json-row';
import { Db, Tx } from '../../database/unit-of-work';
import { ACTIVITY_SQL } from '../activities/activities.store';
import { ActivityEntity } from '../activities/activity.entity';
import { ACCOUNT_SQL } from '../accounts/accounts.store';
import { CHILD_SQL } from '../children/children.store';
import { COUNTER_SQL } from '../communes/commune-counters.store';
import { REGISTRATION_SQL } from '../registrations/registrations.store';
import { ActivityCalendar } from '../activities/service-calendar';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { ACTIVE_PRESENCE, assertLineTransition, DayCheck, KnownPresence, LineState, LINE_MACHINE, PRESENCE_MACHINE, PresenceStatus, ReservationState } from './reservation-rules';

export interface DayRow {
  capacity: number;
  booked: number;
  held: number;
  presence: KnownPresence | null;
}

export interface LineChange {
  line: Pick<ReservationLineEntity, 'id' | 'state'>;
  state: LineState;
  /** The presence status the day takes, when this line still owns it. */
  presence: PresenceStatus;
  reason?: string | null;
}

export interface ClosedPresence {
  child_id: string;
  family_id: string;
  date: string;
  status: PresenceStatus;
  line_id: string;
  reservation_id: string;
  line_state: LineState;
  kind: string;
  /** Already on an invoice: billing credits it (an avoir) in the same transaction. */
  billed: boolean;
}

/**
 * Reservations, their lines and the children's presences they claim and settle (the presences as
 * the headcounts and billing read and move them: `PresencesStore`). The hot statements that also touch the activity's seat counters, closures,
 * the child or its registration compose the SQL pieces those modules export (ACTIVITY_SQL…): one
 * round trip, and each table described by its own module. Writes take a `Tx`; reads a `Db`.
 *
 * Every write is guarded by the state it expects (from the transition table), so a retried job or
 * a racing request changes nothing twice. Whoever changes a reservation's lines or presences locks
 * the reservation row first (and several in id order): that row serialises them, whatever they
 * lock next (activity days in date order; lines and presences). The reservation's state is settled
 * by the database in the same statement as its lines (trigger `reservation_line_settles_state`).
 */
@Injectable()
export class ReservationsStore {
  // ---- reads ---------------------------------------------------------------------------------

  async byId(db: Db, id: string, scope: { communeId: string; familyId?: string | null }): Promise<ReservationEntity | null> {
    return db.manager.findOneBy(ReservationEntity, {
      id,
      communeId: scope.communeId,
      ...(scope.familyId ? { familyId: scope.familyId } : {}),
    });
  }

  /** For work no person triggered (jobs, events): the reservation whatever its commune or family. */
  async systemById(db: Db, id: string): Promise<ReservationEntity | null> {
    return db.manager.findOneBy(ReservationEntity, { id });
  }

  async page(db: Db, where: { communeId: string; familyId?: string; activityId?: string; state?: ReservationState }, req: PageRequest) {
    return db.manager.findAndCount(ReservationEntity, {
      where,
      order: { createdAt: 'DESC', number: 'DESC' },
      skip: req.offset,
      take: req.pageSize,
    });
  }

  async byIdempotencyKey(db: Db, familyId: string, key: string): Promise<ReservationEntity | null> {
    return db.manager.findOneBy(ReservationEntity, { familyId, idempotencyKey: key });
  }

  async linesOf(db: Db, reservationIds: readonly string[]): Promise<ReservationLineEntity[]> {
    return db.manager.find(ReservationLineEntity, { where: { reservationId: In([...reservationIds]) }, order: { date: 'ASC' } });
  }

  async linesIn(db: Db, reservationId: string, states: readonly LineState[], kind?: 'BOOK' | 'CANCEL'): Promise<ReservationLineEntity[]> {
    return db.manager.find(ReservationLineEntity, {
      where: { reservationId, state: In([...states]), ...(kind ? { kind } : {}) },
      order: { date: 'ASC' },
    });
  }

  /**
   * What the planning and a request need, in one round trip (the hot path): the child (the
   * family's own; any of the commune's for staff), the activity with its closures, and the child's
   * registration to it.
   */
  async bookingContext(db: Db, q: { childId: string; activityId: string; communeId: string; familyId: string | null }) {
    const rows = (await db.manager.query(
      `SELECT c.family_id, ${REGISTRATION_SQL.stateOf('c.id', 'a.activity_id')} AS registration_state, a.activity, a.closures
         FROM (${CHILD_SQL.owned('$1', '$3', '$4')}) c,
              (SELECT (x.activity ->> 'id')::uuid AS activity_id, x.* FROM (${ACTIVITY_SQL.withClosures('$2', '$3')}) x) a`,
      [q.childId, q.activityId, q.communeId, q.familyId],
    )) as Array<{ family_id: string; registration_state: string | null; activity: Record<string, unknown>; closures: ActivityCalendar['closures'] }>;
    const row = rows[0];
    if (!row) return null;
    return {
      familyId: row.family_id,
      registrationState: row.registration_state,
      activity: fromJsonRow(db.manager, ActivityEntity, row.activity),
      closures: row.closures,
    };
  }

  /** Each day of the activity from..to: its seat counters and the child's presence, if any. */
  async days(db: Db, childId: string, activityId: string, from: LocalDate, to: LocalDate): Promise<Map<LocalDate, DayRow>> {
    const rows = (await db.manager.query(
      `SELECT d.date, d.capacity, d.booked, d.held, p.status, p.invoice_id IS NOT NULL AS billed
         FROM (${ACTIVITY_SQL.dayCounters('$2', '$3', '$4')}) d
         LEFT JOIN presence p ON p.child_id = $1 AND p.activity_id = $2 AND p.date = d.date`,
      [childId, activityId, from, to],
    )) as Array<{ date: string; capacity: number; booked: number; held: number; status: PresenceStatus | null; billed: boolean }>;
    return new Map(rows.map((r) => [r.date, { capacity: r.capacity, booked: r.booked, held: r.held, presence: r.status ? { status: r.status, billed: r.billed } : null }]));
  }

  /** What a processing job still has to do: the reservation's activity and its REQUESTED lines. */
  async requested(db: Db, reservationId: string) {
    const rows = (await db.manager.query(
      `SELECT r.activity_id, x.auto_accept, l.kind, l.date
         FROM reservation r CROSS JOIN LATERAL (SELECT ${ACTIVITY_SQL.autoAccept('r.activity_id')} AS auto_accept) x
         LEFT JOIN reservation_line l ON l.reservation_id = r.id AND l.state = 'REQUESTED'
        WHERE r.id = $1 ORDER BY l.date`,
      [reservationId],
    )) as Array<{ activity_id: string; auto_accept: boolean; kind: 'BOOK' | 'CANCEL' | null; date: string | null }>;
    if (!rows.length) return null;
    return {
      activityId: rows[0].activity_id,
      autoAccept: rows[0].auto_accept,
      book: rows.filter((r) => r.kind === 'BOOK').map((r) => r.date!),
      cancel: rows.some((r) => r.kind === 'CANCEL'),
    };
  }

  /**
   * What the "réservation traitée" mail says, in one round trip: the reservation, its lines, the
   * child's and activity's names and the family's confirmed accounts.
   */
  async outcomes(db: Db, reservationIds: readonly string[]) {
    const rows = (await db.manager.query(
      `SELECT r.id, r.commune_id, r.number, r.month, r.state,
              ${CHILD_SQL.name('r.child_id')} AS child, ${ACTIVITY_SQL.label('r.activity_id')} AS activity,
              ${ACCOUNT_SQL.verifiedOfFamilyJson('r.family_id')} AS accounts,
              (SELECT json_agg(json_build_object('date', l.date, 'kind', l.kind, 'state', l.state, 'reason', l.reason) ORDER BY l.date)
                 FROM reservation_line l WHERE l.reservation_id = r.id) AS lines
         FROM reservation r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id`,
      [reservationIds],
    )) as Array<{
      id: string;
      commune_id: string;
      number: number;
      month: string;
      state: ReservationState;
      child: string;
      activity: string;
      accounts: Array<{ id: string; email: string; firstName: string; lastName: string }>;
      lines: Array<{ date: string; kind: 'BOOK' | 'CANCEL'; state: LineState; reason: string | null }>;
    }>;
    return rows;
  }

  /** Who a closure's mail goes to: the children's names, and each family's confirmed accounts. */
  async recipients(db: Db, childIds: string[], familyIds: string[]) {
    const children = (await db.manager.query(`SELECT c.id, ${CHILD_SQL.name('c.id')} AS name FROM unnest($1::uuid[]) AS c(id)`, [childIds])) as Array<{
      id: string;
      name: string;
    }>;
    const families = (await db.manager.query(`SELECT f.id, ${ACCOUNT_SQL.verifiedOfFamilyJson('f.id')} AS accounts FROM unnest($1::uuid[]) AS f(id)`, [familyIds])) as Array<{
      id: string;
      accounts: Array<{ id: string; email: string; firstName: string; lastName: string }>;
    }>;
    return { children: new Map(children.map((c) => [c.id, c.name])), families };
  }

  /** Confirmed requests whose job may have been lost (their lines are still REQUESTED after a minute). */
  async staleRequested(db: Db, limit: number): Promise<string[]> {
    const rows = (await db.manager.query(
      `SELECT DISTINCT l.reservation_id FROM reservation_line l JOIN reservation r ON r.id = l.reservation_id
        WHERE l.state = 'REQUESTED' AND r.created_at < now() - interval '1 minute' LIMIT $1`,
      [limit],
    )) as Array<{ reservation_id: string }>;
    return rows.map((r) => r.reservation_id);
  }

  // ---- writes --------------------------------------------------------------------------------

  /**
   * Writes a confirmed request in ONE statement, run on its own (autocommit): the lines, the claims
   * on the child's days (BOOK: a free day becomes REQUESTED; CANCEL: a booked, unbilled day becomes
   * CANCEL_REQUESTED), the commune's next number and the reservation. If any claim was lost to a
   * concurrent request the statement fails as a whole (nothing written, no number used; see
   * `isLostClaim`). Being one statement, the counter row's lock lasts no longer than the statement.
   */
  async insertClaimed(tx: Tx, r: ReservationEntity, checks: DayCheck[]): Promise<void> {
    const lineIds = checks.map(() => randomUUID());
    const rows = (await tx.manager.query(
      `WITH req AS (
         SELECT * FROM unnest($11::uuid[], $12::date[], $13::varchar[]) AS t(line_id, date, kind)
       ), lines AS (
         INSERT INTO reservation_line (id, reservation_id, child_id, activity_id, date, kind, state)
         SELECT line_id, $1, $4, $5, date, kind, 'REQUESTED' FROM req
         RETURNING id
       ), booked AS (
         INSERT INTO presence (child_id, activity_id, date, family_id, status, line_id)
         SELECT $4, $5, date, $3, 'REQUESTED', line_id FROM req WHERE kind = 'BOOK'
         ON CONFLICT (child_id, activity_id, date) DO UPDATE SET status = 'REQUESTED', line_id = EXCLUDED.line_id, invoice_id = NULL
          WHERE presence.status = ANY($14::varchar[])
         RETURNING date
       ), cancelled AS (
         UPDATE presence p SET status = 'CANCEL_REQUESTED', line_id = req.line_id FROM req
          WHERE req.kind = 'CANCEL' AND p.child_id = $4 AND p.activity_id = $5 AND p.date = req.date
            AND p.status = ANY($15::varchar[]) AND p.invoice_id IS NULL
         RETURNING p.date
       ), counter AS (
         ${COUNTER_SQL.next('$2', "'reservation'")}
       ), reservation AS (
         INSERT INTO reservation (id, commune_id, family_id, child_id, activity_id, number, month, first_date, last_date, state, idempotency_key, created_by)
         SELECT $1, $2, $3, $4, $5, counter.value, $6, $7, $8, 'PENDING', $9, $10 FROM counter
         RETURNING number, created_at
       )
       SELECT reservation.number, reservation.created_at, (SELECT count(*) FROM lines) AS lines,
              -- Aborts the whole statement (division by zero, 22012) when a claim was lost.
              1 / (CASE WHEN (SELECT count(*) FROM booked) + (SELECT count(*) FROM cancelled) = cardinality($11::uuid[]) THEN 1 ELSE 0 END) AS all_claimed
         FROM reservation`,
      [
        r.id,
        r.communeId,
        r.familyId,
        r.childId,
        r.activityId,
        r.month,
        r.firstDate,
        r.lastDate,
        r.idempotencyKey,
        r.createdBy,
        lineIds,
        checks.map((c) => c.date),
        checks.map((c) => c.kind),
        PRESENCE_MACHINE.fromStates('REQUESTED'),
        PRESENCE_MACHINE.fromStates('CANCEL_REQUESTED'),
      ],
    )) as Array<{ number: number; created_at: Date }>;
    r.state = 'PENDING';
    r.number = rows[0].number;
    r.createdAt = rows[0].created_at;
  }

  async lockReservations(tx: Tx, reservationIds: string[]): Promise<void> {
    await tx.manager.query(`SELECT id FROM reservation WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [[...reservationIds].sort()]);
  }

  /**
   * Takes a seat on each requested day where one is left and settles the BOOK lines in the same
   * statement: ACCEPTED / PENDING (seat booked / held) or NO_PLACE, with their presences (and, by
   * trigger, the reservation's state). Meant to run on its own (autocommit): the hot day rows are
   * locked for this one statement only, never across a round trip to the application. A day closed
   * after the request was checked is refused, not seated.
   */
  async seatBookings(tx: Tx, reservationId: string, activityId: string, dates: string[], auto: boolean): Promise<void> {
    if (!dates.length) return;
    const seat = auto ? 'booked' : 'held';
    await tx.manager.query(
      `WITH reservation AS (
         SELECT id FROM reservation WHERE id = $3 FOR UPDATE
       ), requested AS (
         -- Locked, then re-read: a duplicate of this job waits here and finds them processed.
         SELECT id, date FROM reservation_line
          WHERE reservation_id = (SELECT id FROM reservation) AND kind = 'BOOK' AND state = ANY($6::varchar[]) AND date = ANY($2::date[])
          FOR UPDATE
       ), closed AS (
         SELECT id, label FROM (SELECT r.id, ${ACTIVITY_SQL.closureCovering('$1', 'r.date')} AS label FROM requested r) x WHERE label IS NOT NULL
       ), locked AS (
         ${ACTIVITY_SQL.lockDays('$1', 'SELECT date FROM requested WHERE id NOT IN (SELECT id FROM closed)')}
       ), seats AS (
         ${ACTIVITY_SQL.takeSeat('$1', seat, 'locked')}
       ), settled AS (
         UPDATE reservation_line l
            SET state = CASE WHEN cl.id IS NOT NULL THEN 'REFUSED' WHEN s.date IS NULL THEN 'NO_PLACE' ELSE $4 END,
                reason = CASE WHEN cl.id IS NOT NULL THEN 'Fermeture : ' || cl.label WHEN s.date IS NULL THEN $5::text ELSE NULL END,
                decided_at = now()
           FROM requested r LEFT JOIN seats s ON s.date = r.date LEFT JOIN closed cl ON cl.id = r.id
          WHERE l.id = r.id
         RETURNING l.id, l.state
       )
       UPDATE presence p
          SET status = CASE settled.state WHEN 'NO_PLACE' THEN 'NO_PLACE' WHEN 'PENDING' THEN 'PENDING' WHEN 'REFUSED' THEN 'CANCELLED' ELSE 'BOOKED' END
         FROM settled WHERE p.line_id = settled.id`,
      [activityId, dates, reservationId, auto ? 'ACCEPTED' : 'PENDING', LINE_MACHINE.labels.NO_PLACE, LINE_MACHINE.fromStates('ACCEPTED', 'PENDING', 'NO_PLACE', 'REFUSED')],
    );
  }

  /**
   * Moves lines and the presences they still own. Each line moves only from the state the caller
   * read, and only if the transition table allows it (an illegal move is a bug: it throws).
   */
  async setLines(tx: Tx, changes: LineChange[]): Promise<void> {
    if (!changes.length) return;
    for (const c of changes) assertLineTransition(c.line.state, c.state);
    await tx.manager.query(
      `WITH changed AS (
         UPDATE reservation_line l SET state = t.s, reason = COALESCE(t.r, l.reason), decided_at = now()
           FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[]) AS t(id, s, r, prev)
          WHERE l.id = t.id AND l.state = t.prev
         RETURNING l.id
       )
       UPDATE presence p SET status = t.s FROM unnest($1::uuid[], $5::varchar[]) AS t(line, s)
        WHERE p.line_id = t.line AND t.line IN (SELECT id FROM changed)`,
      [changes.map((c) => c.line.id), changes.map((c) => c.state), changes.map((c) => c.reason ?? null), changes.map((c) => c.line.state), changes.map((c) => c.presence)],
    );
  }

  /**
   * The presences a closure covers that still hold the day, billed or not (billing credits the
   * billed ones in the same transaction). Read first without locks (to learn which reservations
   * to lock, in the lock order), then `locked` once their reservations are — in key order (child,
   * date), the order a billing run locks a family's days in.
   */
  async presencesClosed(tx: Tx, activityId: string, from: LocalDate, to: LocalDate, locked: boolean): Promise<ClosedPresence[]> {
    return (await tx.manager.query(
      `SELECT p.child_id, p.family_id, p.date, p.status, p.line_id, l.reservation_id, l.state AS line_state, l.kind, p.invoice_id IS NOT NULL AS billed
         FROM presence p JOIN reservation_line l ON l.id = p.line_id
        WHERE p.activity_id = $1 AND p.date BETWEEN $2 AND $3
          AND p.status = ANY($4::varchar[])
        ORDER BY p.child_id, p.date ${locked ? 'FOR UPDATE OF p' : ''}`,
      [activityId, from, to, ACTIVE_PRESENCE],
    )) as ClosedPresence[];
  }

  /** A closure's days: their presences cancelled, their open lines ended (bookings refused, cancellations granted). */
  async closeDays(tx: Tx, activityId: string, lineIds: string[], reason: string): Promise<void> {
    await tx.manager.query(`UPDATE presence SET status = 'CANCELLED' WHERE activity_id = $1 AND line_id = ANY($2::uuid[]) AND status = ANY($3::varchar[])`, [
      activityId,
      lineIds,
      PRESENCE_MACHINE.fromStates('CANCELLED'),
    ]);
    await tx.manager.query(
      `UPDATE reservation_line SET state = CASE WHEN kind = 'BOOK' THEN 'REFUSED' ELSE 'ACCEPTED' END, reason = $2, decided_at = now()
        WHERE id = ANY($1::uuid[]) AND state = ANY($3::varchar[])`,
      [lineIds, reason, LINE_MACHINE.fromStates('REFUSED', 'ACCEPTED')],
    );
  }
}

/** The write of a request found a day already taken: see insertClaimed. */
export function isLostClaim(err: unknown): boolean {
  return pgErrorCode(err) === '22012';
}
