import { Injectable } from '@nestjs/common';
import { LocalDate } from '../../common/dates/local-date';
import { Db, Tx } from '../../database/unit-of-work';
import { PRESENCE_MACHINE, PresenceStatus, SEATED_PRESENCE } from './reservation-rules';

/** One child's day of an activity, as billing sees it. */
export interface BillableDay {
  childId: string;
  activityId: string;
  date: LocalDate;
}

/**
 * The children's presences as others read and move them: the kitchen's headcounts, and billing's
 * view (the days to bill, marked billed in the invoice's transaction; absences excused). The moves
 * a reservation makes (its lines and the days they claim) stay in `ReservationsStore`. Writes take
 * a `Tx`, reads a `Db`; every write is guarded by the status it expects.
 */
@Injectable()
export class PresencesStore {
  /**
   * The children holding a booked seat (SEATED_PRESENCE: the presences counted in the headcount's
   * `booked`) on each day asked of an activity; for the kitchen's headcounts by diet.
   */
  async seatedChildren(db: Db, days: ReadonlyArray<{ activityId: string; date: LocalDate }>): Promise<Array<{ activityId: string; date: LocalDate; childId: string }>> {
    if (!days.length) return [];
    return (await db.manager.query(
      `SELECT p.activity_id AS "activityId", to_char(p.date, 'YYYY-MM-DD') AS date, p.child_id AS "childId"
         FROM presence p JOIN unnest($1::uuid[], $2::date[]) AS d(activity_id, date) ON p.activity_id = d.activity_id AND p.date = d.date
        WHERE p.status = ANY($3::varchar[])`,
      [days.map((d) => d.activityId), days.map((d) => d.date), SEATED_PRESENCE],
    )) as Array<{ activityId: string; date: LocalDate; childId: string }>;
  }

  /**
   * The communes' months ended before `before` that still have booked, unbilled days (the partial
   * index `presence_unbilled_idx` holds only those): what the billing catch-up chore looks at.
   */
  async unbilledMonthsBefore(db: Db, before: LocalDate): Promise<Array<{ communeId: string; month: string }>> {
    return (await db.manager.query(
      `SELECT DISTINCT r.commune_id AS "communeId", to_char(p.date, 'YYYY-MM') AS month
         FROM presence p JOIN reservation_line l ON l.id = p.line_id JOIN reservation r ON r.id = l.reservation_id
        WHERE p.status = 'BOOKED' AND p.invoice_id IS NULL AND p.date < $1
        ORDER BY 1, 2`,
      [before],
    )) as Array<{ communeId: string; month: string }>;
  }

  /** Families of the commune with booked days from..to not billed yet (a billing run's work list). */
  async unbilledFamilies(db: Db, communeId: string, from: LocalDate, to: LocalDate): Promise<string[]> {
    const rows = (await db.manager.query(
      `SELECT DISTINCT p.family_id FROM presence p JOIN reservation_line l ON l.id = p.line_id JOIN reservation r ON r.id = l.reservation_id
        WHERE r.commune_id = $1 AND p.status = 'BOOKED' AND p.invoice_id IS NULL AND p.date BETWEEN $2 AND $3
        ORDER BY p.family_id`,
      [communeId, from, to],
    )) as Array<{ family_id: string }>;
    return rows.map((r) => r.family_id);
  }

  /**
   * The family's booked, unbilled days from..to, locked until the transaction ends (in key order):
   * a cancellation racing the run waits, then finds the day billed; a second run waits, then finds
   * nothing left to bill (the locked rows are re-read against the WHERE once the first commits).
   */
  async lockUnbilled(tx: Tx, familyId: string, from: LocalDate, to: LocalDate): Promise<BillableDay[]> {
    return (await tx.manager.query(
      `SELECT child_id AS "childId", activity_id AS "activityId", to_char(date, 'YYYY-MM-DD') AS date FROM presence
        WHERE family_id = $1 AND status = 'BOOKED' AND invoice_id IS NULL AND date BETWEEN $2 AND $3
        ORDER BY child_id, activity_id, date FOR UPDATE`,
      [familyId, from, to],
    )) as BillableDay[];
  }

  /** Marks the days billed by the invoice; only days still booked and unbilled (returns how many). */
  async markBilled(tx: Tx, days: readonly BillableDay[], invoiceId: string): Promise<number> {
    const [, count] = (await tx.manager.query(
      `UPDATE presence p SET invoice_id = $4 FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS t(child_id, activity_id, date)
        WHERE p.child_id = t.child_id AND p.activity_id = t.activity_id AND p.date = t.date AND p.status = 'BOOKED' AND p.invoice_id IS NULL`,
      [days.map((d) => d.childId), days.map((d) => d.activityId), days.map((d) => d.date), invoiceId],
    )) as [unknown, number];
    return count;
  }

  /** A child's presences on the given days (locked), for excusing its absence. */
  async lockPresences(tx: Tx, childId: string, activityId: string, dates: readonly LocalDate[]) {
    return (await tx.manager.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, status, family_id AS "familyId", invoice_id AS "invoiceId" FROM presence
        WHERE child_id = $1 AND activity_id = $2 AND date = ANY($3::date[]) ORDER BY date FOR UPDATE`,
      [childId, activityId, dates],
    )) as Array<{ date: LocalDate; status: PresenceStatus; familyId: string; invoiceId: string | null }>;
  }

  /** Days staff excused (medical certificate): only days still BOOKED become EXCUSED (returns how many). */
  async excuseBookedDays(tx: Tx, days: readonly BillableDay[]): Promise<number> {
    const [, count] = (await tx.manager.query(
      `UPDATE presence p SET status = 'EXCUSED' FROM unnest($1::uuid[], $2::uuid[], $3::date[]) AS t(child_id, activity_id, date)
        WHERE p.child_id = t.child_id AND p.activity_id = t.activity_id AND p.date = t.date AND p.status = ANY($4::varchar[])`,
      [days.map((d) => d.childId), days.map((d) => d.activityId), days.map((d) => d.date), PRESENCE_MACHINE.fromStates('EXCUSED')],
    )) as [unknown, number];
    return count;
  }
}
