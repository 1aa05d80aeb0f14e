import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { frenchLongDate, frenchMonthLabel } from '../../common/dates/local-date';
import { Tx } from '../../database/unit-of-work';
import { MailService } from '../notifications/mail.service';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import {
  assertLineTransition,
  deriveReservationState,
  formatReservationNumber,
  LineState,
  lineOutcomeLabel,
  PresenceStatus,
  ReservationState,
} from './reservation-rules';

export interface LineChange {
  line: ReservationLineEntity;
  state: LineState;
  /** The presence status the day takes, when this line still owns it. */
  presence: PresenceStatus;
  reason?: string | null;
}

/**
 * The one place that moves lines, presences and seat counters, always in the same lock order:
 * reservation → activity days by date → lines and presences. Every write is guarded by the state it
 * expects, so a retried job or a racing request changes nothing twice.
 */
@Injectable()
export class ReservationStateKeeper {
  constructor(private readonly mail: MailService) {}

  async lockForChange(tx: Tx, reservationId: string): Promise<void> {
    await tx.manager.query(`SELECT 1 FROM reservation WHERE id = $1 FOR UPDATE`, [reservationId]);
  }

  /**
   * Takes a seat on each requested day where one is left and settles the BOOK lines in the same
   * statement: ACCEPTED / PENDING (seat booked / held) or NO_PLACE, with their presences. Meant to
   * run on its own (autocommit): the hot day rows are locked for this one statement only, never
   * across a round trip to the application. Day rows are locked in date order, after the
   * reservation's row, as everywhere else.
   */
  async seatBookings(manager: EntityManager, reservationId: string, activityId: string, dates: string[], auto: boolean): Promise<void> {
    if (!dates.length) return;
    const seat = auto ? 'booked' : 'held';
    await manager.query(
      `WITH reservation AS (
         SELECT id FROM reservation WHERE id = $3 FOR UPDATE
       ), requested AS (
         -- Locked, then re-read: a duplicate of this job waits here and finds them processed.
         SELECT id, date FROM reservation_line
          WHERE reservation_id = (SELECT id FROM reservation) AND kind = 'BOOK' AND state = 'REQUESTED' AND date = ANY($2::date[])
          FOR UPDATE
       ), closed AS (
         -- A closure committed after the request was checked: the day is refused, not seated.
         SELECT DISTINCT ON (r.id) r.id, c.label FROM requested r
           JOIN activity_closure c ON c.activity_id = $1 AND r.date BETWEEN c.from_date AND c.to_date
       ), locked AS (
         SELECT d.date FROM activity_day d
          WHERE d.activity_id = $1 AND d.date IN (SELECT date FROM requested WHERE id NOT IN (SELECT id FROM closed))
          ORDER BY d.date FOR UPDATE
       ), seats AS (
         UPDATE activity_day d SET ${seat} = d.${seat} + 1 FROM locked
          WHERE d.activity_id = $1 AND d.date = locked.date AND d.booked + d.held < d.capacity
         RETURNING d.date
       ), settled AS (
         UPDATE reservation_line l
            SET state = CASE WHEN cl.id IS NOT NULL THEN 'REFUSED' WHEN s.date IS NULL THEN 'NO_PLACE' ELSE $4 END,
                reason = CASE WHEN cl.id IS NOT NULL THEN 'Fermeture : ' || cl.label WHEN s.date IS NULL THEN 'Aucune place disponible' ELSE NULL END,
                decided_at = now()
           FROM requested r LEFT JOIN seats s ON s.date = r.date LEFT JOIN closed cl ON cl.id = r.id
          WHERE l.id = r.id
         RETURNING l.id, l.state
       )
       UPDATE presence p
          SET status = CASE settled.state WHEN 'NO_PLACE' THEN 'NO_PLACE' WHEN 'PENDING' THEN 'PENDING' WHEN 'REFUSED' THEN 'CANCELLED' ELSE 'BOOKED' END
         FROM settled WHERE p.line_id = settled.id`,
      [activityId, dates, reservationId, auto ? 'ACCEPTED' : 'PENDING'],
    );
  }

  /** Frees one seat per date given; a date listed n times (n children that day) frees n seats. */
  async releaseSeats(tx: Tx, activityId: string, dates: string[], from: 'booked' | 'held'): Promise<void> {
    if (!dates.length) return;
    await tx.manager.query(
      `UPDATE activity_day d SET ${from} = d.${from} - t.n
         FROM (SELECT x AS date, count(*)::int AS n FROM unnest($2::date[]) AS x GROUP BY x) t,
              (SELECT date FROM activity_day WHERE activity_id = $1 AND date = ANY($2::date[]) ORDER BY date FOR UPDATE) locked
        WHERE d.activity_id = $1 AND d.date = locked.date AND t.date = d.date`,
      [activityId, dates],
    );
  }

  /** A held seat becomes a booked one (staff accepted a pending booking). */
  async confirmHeldSeats(tx: Tx, activityId: string, dates: string[]): Promise<void> {
    if (!dates.length) return;
    await tx.manager.query(
      `UPDATE activity_day d SET held = d.held - 1, booked = d.booked + 1
         FROM (SELECT date FROM activity_day WHERE activity_id = $1 AND date = ANY($2::date[]) ORDER BY date FOR UPDATE) locked
        WHERE d.activity_id = $1 AND d.date = locked.date`,
      [activityId, dates],
    );
  }

  /** Moves lines (guarded by their current state) and the presences they still own. */
  async setLines(tx: Tx, changes: LineChange[]): Promise<void> {
    if (!changes.length) return;
    for (const c of changes) assertLineTransition(c.line.state, c.state);
    // Only the lines still in the state the caller read move, and only their presences follow.
    await tx.manager.query(
      `WITH changed AS (
         UPDATE reservation_line l SET state = t.s, reason = COALESCE(t.r, l.reason), decided_at = now()
           FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[]) AS t(id, s, r, prev)
          WHERE l.id = t.id AND l.state = t.prev
         RETURNING l.id
       )
       UPDATE presence p SET status = t.s FROM unnest($1::uuid[], $5::varchar[]) AS t(line, s)
        WHERE p.line_id = t.line AND t.line IN (SELECT id FROM changed)`,
      [
        changes.map((c) => c.line.id),
        changes.map((c) => c.state),
        changes.map((c) => c.reason ?? null),
        changes.map((c) => c.line.state),
        changes.map((c) => c.presence),
      ],
    );
  }

  /**
   * Rewrites the reservation's derived state from its lines; when it has just left PENDING (and was
   * not withdrawn), the family is mailed its outcome once (the mail's dedupe key).
   */
  async refresh(tx: Tx, reservationId: string): Promise<ReservationState | null> {
    const reservation = await tx.manager.findOneBy(ReservationEntity, { id: reservationId });
    if (!reservation) return null; // gone: nothing to derive
    const lines = await tx.manager.find(ReservationLineEntity, { where: { reservationId }, order: { date: 'ASC' } });
    const state = deriveReservationState(lines);
    if (state !== reservation.state) await tx.manager.update(ReservationEntity, { id: reservationId }, { state });
    if (state !== 'PENDING' && state !== 'CANCELLED') await this.mailOutcome(tx, reservation, lines);
    return state;
  }

  private async mailOutcome(tx: Tx, reservation: ReservationEntity, lines: ReservationLineEntity[]): Promise<void> {
    const accounts = (await tx.manager.query(
      `SELECT acc.id, acc.email, acc.first_name, acc.last_name, c.first_name AS child_first, c.last_name AS child_last,
              a.name AS activity_name, a.school_year
         FROM reservation r JOIN child c ON c.id = r.child_id JOIN activity a ON a.id = r.activity_id
         JOIN account acc ON acc.family_id = r.family_id AND acc.email_verified
        WHERE r.id = $1`,
      [reservation.id],
    )) as Array<{ id: string; email: string; first_name: string; last_name: string; child_first: string; child_last: string; activity_name: string; school_year: string }>;
    const number = formatReservationNumber(reservation.number);
    for (const account of accounts) {
      await this.mail.enqueue(tx, {
        communeId: reservation.communeId,
        to: account.email,
        template: 'reservation-processed',
        dedupeKey: `reservation-processed:${reservation.id}:${account.id}`,
        data: {
          firstName: account.first_name,
          lastName: account.last_name,
          number,
          child: `${account.child_last} ${account.child_first}`,
          activity: `${account.activity_name} ${account.school_year}`,
          period: frenchMonthLabel(reservation.month),
          lines: lines
            .filter((l) => l.state !== 'WITHDRAWN')
            .map((l) => ({ date: frenchLongDate(l.date), outcome: lineOutcomeLabel(l.kind, l.state), reason: l.reason })),
        },
      });
    }
  }
}
