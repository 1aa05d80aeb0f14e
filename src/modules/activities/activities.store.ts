import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { foldedSql } from '../../common/search/folded-text';
import { Db, Tx } from '../../database/unit-of-work';
import { ActivityClosureEntity } from './activity-closure.entity';
import { ActivityPriceBracketEntity } from './activity-price-bracket.entity';
import { ActivityEntity } from './activity.entity';
import { EstablishmentEntity } from './establishment.entity';
import { PriceBracket } from './price-brackets';

export type ActivityRow = Omit<ActivityEntity, 'id' | 'createdAt' | 'commune' | 'establishment'>;
export type ClosureRow = Pick<ActivityClosureEntity, 'activityId' | 'fromDate' | 'toDate' | 'label'>;
export type EstablishmentRow = Pick<EstablishmentEntity, 'communeId' | 'name' | 'address'>;

/**
 * Pieces of SQL on this module's tables, for the one-statement hot paths of the reservations module
 * (a seat is taken in the same statement as the line it settles, and a planning is read in one
 * round trip). They take SQL expressions (parameters, columns) and return SQL text; the tables stay
 * described here only.
 */
export const ACTIVITY_SQL = {
  /** One row: the activity of the commune as JSON (`activity`) and its closures (`closures`: from, to, label). */
  withClosures: (activityId: string, communeId: string) => `
    SELECT row_to_json(activity_) AS activity,
           COALESCE((SELECT json_agg(json_build_object('from', closure_.from_date, 'to', closure_.to_date, 'label', closure_.label) ORDER BY closure_.from_date)
                       FROM activity_closure closure_ WHERE closure_.activity_id = activity_.id), '[]'::json) AS closures
      FROM activity activity_ WHERE activity_.id = ${activityId} AND activity_.commune_id = ${communeId}`,
  /** "RESTAURATION SCOLAIRE 2021-2022": the activity as mails name it (a scalar subquery). */
  label: (activityId: string) => `(SELECT activity_.name || ' ' || activity_.school_year FROM activity activity_ WHERE activity_.id = ${activityId})`,
  /** Whether the activity accepts requests automatically (a scalar subquery). */
  autoAccept: (activityId: string) => `(SELECT activity_.auto_accept FROM activity activity_ WHERE activity_.id = ${activityId})`,
  /** The label of a closure covering `date`, if any (a scalar subquery). */
  closureCovering: (activityId: string, date: string) =>
    `(SELECT closure_.label FROM activity_closure closure_ WHERE closure_.activity_id = ${activityId} AND ${date} BETWEEN closure_.from_date AND closure_.to_date ORDER BY closure_.from_date LIMIT 1)`,
  /** Seat counters (date, capacity, booked, held) of the activity's days from..to. */
  dayCounters: (activityId: string, from: string, to: string) => `SELECT date, capacity, booked, held FROM activity_day WHERE activity_id = ${activityId} AND date BETWEEN ${from} AND ${to}`,
  /** Locks the activity's day rows of the dates a query gives, in date order (the lock order everywhere). */
  lockDays: (activityId: string, datesQuery: string) => `SELECT day_.date FROM activity_day day_ WHERE day_.activity_id = ${activityId} AND day_.date IN (${datesQuery}) ORDER BY day_.date FOR UPDATE`,
  /**
   * Takes one seat (`booked` or `held`) on each day of a locked set where one is left, guarded by
   * the capacity (and by CHECK booked + held <= capacity); returns the dates seated.
   */
  takeSeat: (activityId: string, seat: 'booked' | 'held', lockedSet: string) =>
    `UPDATE activity_day day_ SET ${seat} = day_.${seat} + 1 FROM ${lockedSet}
      WHERE day_.activity_id = ${activityId} AND day_.date = ${lockedSet}.date AND day_.booked + day_.held < day_.capacity
     RETURNING day_.date`,
};

/**
 * The tables `activity`, `activity_day` (its seat counters), `activity_closure`,
 * `activity_price_bracket` and `establishment`.
 */
@Injectable()
export class ActivitiesStore {
  ofCommune(db: Db, communeId: string): Promise<ActivityEntity[]> {
    return db.manager.find(ActivityEntity, { where: { communeId }, order: { startDate: 'DESC', name: 'ASC' } });
  }

  find(db: Db, communeId: string, id: string): Promise<ActivityEntity | null> {
    return db.manager.findOneBy(ActivityEntity, { id, communeId });
  }

  /** The activity, locked until the transaction ends: its changes and closures are decided one at a time. */
  lock(tx: Tx, communeId: string, id: string): Promise<ActivityEntity | null> {
    return tx.manager.findOne(ActivityEntity, { where: { id, communeId }, lock: { mode: 'pessimistic_write' } });
  }

  byIds(db: Db, ids: readonly string[]): Promise<ActivityEntity[]> {
    return db.manager.findBy(ActivityEntity, { id: In([...ids]) });
  }

  bySchoolYear(db: Db, communeId: string, name: string, schoolYear: string): Promise<ActivityEntity | null> {
    return db.manager.findOneBy(ActivityEntity, { communeId, name, schoolYear });
  }

  insert(tx: Tx, row: ActivityRow): Promise<ActivityEntity> {
    return tx.manager.save(tx.manager.create(ActivityEntity, row));
  }

  save(tx: Tx, activity: ActivityEntity): Promise<ActivityEntity> {
    return tx.manager.save(activity);
  }

  /**
   * One seat-counter row per day of the activity's period, created with the activity (and when its
   * period grows), so that taking a seat is a single guarded update of an existing row.
   */
  async ensureDays(tx: Tx, activity: Pick<ActivityEntity, 'id' | 'startDate' | 'endDate' | 'dailyCapacity'>): Promise<void> {
    await tx.manager.query(
      `INSERT INTO activity_day (activity_id, date, capacity)
       SELECT $1, d::date, $4 FROM generate_series($2::date, $3::date, interval '1 day') AS d
       ON CONFLICT (activity_id, date) DO NOTHING`,
      [activity.id, activity.startDate, activity.endDate, activity.dailyCapacity],
    );
  }

  /** Days on the activity's own capacity whose taken seats exceed `capacity` (at most 5), locked. */
  daysTakenOver(tx: Tx, activityId: string, capacity: number): Promise<Array<{ date: string; taken: number }>> {
    return tx.manager.query(
      `SELECT date::text AS date, booked + held AS taken FROM activity_day
        WHERE activity_id = $1 AND capacity_override IS NULL AND booked + held > $2 ORDER BY date LIMIT 5 FOR UPDATE`,
      [activityId, capacity],
    );
  }

  /** The CHECK (booked + held <= capacity) refuses it should a seat be taken meanwhile. */
  async setDefaultCapacity(tx: Tx, activityId: string, capacity: number): Promise<void> {
    await tx.manager.query(`UPDATE activity_day SET capacity = $2 WHERE activity_id = $1 AND capacity_override IS NULL`, [activityId, capacity]);
  }

  /** A day's own capacity, only if not below its taken seats: the counters after, or null when refused. */
  async setDayCapacity(tx: Tx, activityId: string, date: string, capacity: number): Promise<{ booked: number; held: number } | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE activity_day SET capacity_override = $3, capacity = $3
        WHERE activity_id = $1 AND date = $2 AND booked + held <= $3
       RETURNING booked, held`,
      [activityId, date, capacity],
    )) as [Array<{ booked: number; held: number }>, number];
    return rows[0] ?? null;
  }

  /** Seat counters of the activity's days from..to (the kitchen's headcount). */
  async dayCounters(db: Db, activityId: string, from: string, to: string) {
    const rows = (await db.manager.query(ACTIVITY_SQL.dayCounters('$1', '$2', '$3'), [activityId, from, to])) as Array<{
      date: string;
      capacity: number;
      booked: number;
      held: number;
    }>;
    return new Map(rows.map((r) => [r.date, r]));
  }

  /** Frees one seat per date given; a date listed n times (n children that day) frees n seats. */
  async releaseSeats(tx: Tx, activityId: string, dates: string[], from: 'booked' | 'held'): Promise<void> {
    if (!dates.length) return;
    await tx.manager.query(
      `UPDATE activity_day d SET ${from} = d.${from} - t.n
         FROM (SELECT x AS date, count(*)::int AS n FROM unnest($2::date[]) AS x GROUP BY x) t,
              (${ACTIVITY_SQL.lockDays('$1', 'SELECT unnest($2::date[])')}) locked
        WHERE d.activity_id = $1 AND d.date = locked.date AND t.date = d.date`,
      [activityId, dates],
    );
  }

  /** Held seats become booked ones (staff accepted pending bookings). */
  async confirmHeldSeats(tx: Tx, activityId: string, dates: string[]): Promise<void> {
    if (!dates.length) return;
    await tx.manager.query(
      `UPDATE activity_day d SET held = d.held - 1, booked = d.booked + 1
         FROM (${ACTIVITY_SQL.lockDays('$1', 'SELECT unnest($2::date[])')}) locked
        WHERE d.activity_id = $1 AND d.date = locked.date`,
      [activityId, dates],
    );
  }

  async dayTaken(db: Db, activityId: string, date: string): Promise<number | null> {
    const [day] = (await db.manager.query(`SELECT booked + held AS taken FROM activity_day WHERE activity_id = $1 AND date = $2`, [activityId, date])) as Array<{ taken: number }>;
    return day?.taken ?? null;
  }

  closuresOf(db: Db, activityIds: readonly string[]): Promise<ActivityClosureEntity[]> {
    return db.manager.find(ActivityClosureEntity, { where: { activityId: In([...activityIds]) }, order: { fromDate: 'ASC' } });
  }

  insertClosure(tx: Tx, row: ClosureRow): Promise<ActivityClosureEntity> {
    return tx.manager.save(tx.manager.create(ActivityClosureEntity, row));
  }

  /** Removes the activity's staff closures lying wholly within from..to; returns them. */
  async deleteClosuresWithin(tx: Tx, activityId: string, from: string, to: string): Promise<Array<{ fromDate: string; toDate: string; label: string }>> {
    const [rows] = (await tx.manager.query(
      `DELETE FROM activity_closure WHERE activity_id = $1 AND from_date >= $2 AND to_date <= $3
        RETURNING to_char(from_date, 'YYYY-MM-DD') AS "fromDate", to_char(to_date, 'YYYY-MM-DD') AS "toDate", label`,
      [activityId, from, to],
    )) as [Array<{ fromDate: string; toDate: string; label: string }>, number];
    return rows;
  }

  /** The brackets of the activities, each activity's in their order. */
  priceBracketsOf(db: Db, activityIds: readonly string[]): Promise<ActivityPriceBracketEntity[]> {
    return db.manager.find(ActivityPriceBracketEntity, { where: { activityId: In([...activityIds]) }, order: { activityId: 'ASC', position: 'ASC' } });
  }

  /** The whole list at once; the caller holds the activity's lock, so two replacements never interleave. */
  async replacePriceBrackets(tx: Tx, activityId: string, brackets: readonly PriceBracket[]): Promise<void> {
    await tx.manager.delete(ActivityPriceBracketEntity, { activityId });
    if (!brackets.length) return;
    await tx.manager.insert(
      ActivityPriceBracketEntity,
      brackets.map((b, position) => ({ activityId, position, upToQuotient: b.upToQuotient, mealPriceCents: b.mealPriceCents })),
    );
  }

  establishment(db: Db, communeId: string, id: string): Promise<EstablishmentEntity | null> {
    return db.manager.findOneBy(EstablishmentEntity, { id, communeId });
  }

  establishmentNamed(db: Db, communeId: string, name: string): Promise<EstablishmentEntity | null> {
    return db.manager.findOneBy(EstablishmentEntity, { communeId, name });
  }

  /** The commune's establishments by name (accents and case aside). */
  establishmentsOf(db: Db, communeId: string): Promise<EstablishmentEntity[]> {
    return db.manager
      .createQueryBuilder(EstablishmentEntity, 'e')
      .where('e.communeId = :communeId', { communeId })
      .orderBy(foldedSql('e.name'), 'ASC')
      .addOrderBy('e.name', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  establishmentsByIds(db: Db, ids: readonly string[]): Promise<EstablishmentEntity[]> {
    return db.manager.findBy(EstablishmentEntity, { id: In([...ids]) });
  }

  insertEstablishment(tx: Tx, row: EstablishmentRow): Promise<EstablishmentEntity> {
    return tx.manager.save(tx.manager.create(EstablishmentEntity, row));
  }
}
