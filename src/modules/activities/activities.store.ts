import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Db, Tx } from '../../database/unit-of-work';
import { ActivityClosureEntity } from './activity-closure.entity';
import { ActivityEntity } from './activity.entity';
import { EstablishmentEntity } from './establishment.entity';

export type ActivityRow = Omit<ActivityEntity, 'id' | 'createdAt' | 'commune' | 'establishment'>;
export type ClosureRow = Pick<ActivityClosureEntity, 'activityId' | 'fromDate' | 'toDate' | 'label'>;
export type EstablishmentRow = Pick<EstablishmentEntity, 'communeId' | 'name' | 'address'>;

/** The tables `activity`, `activity_day` (its seat counters), `activity_closure` and `establishment`. */
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

  async dayTaken(db: Db, activityId: string, date: string): Promise<number | null> {
    const [day] = (await db.manager.query(`SELECT booked + held AS taken FROM activity_day WHERE activity_id = $1 AND date = $2`, [
      activityId,
      date,
    ])) as Array<{ taken: number }>;
    return day?.taken ?? null;
  }

  closuresOf(db: Db, activityIds: readonly string[]): Promise<ActivityClosureEntity[]> {
    return db.manager.find(ActivityClosureEntity, { where: { activityId: In([...activityIds]) }, order: { fromDate: 'ASC' } });
  }

  insertClosure(tx: Tx, row: ClosureRow): Promise<ActivityClosureEntity> {
    return tx.manager.save(tx.manager.create(ActivityClosureEntity, row));
  }

  establishment(db: Db, communeId: string, id: string): Promise<EstablishmentEntity | null> {
    return db.manager.findOneBy(EstablishmentEntity, { id, communeId });
  }

  establishmentNamed(db: Db, communeId: string, name: string): Promise<EstablishmentEntity | null> {
    return db.manager.findOneBy(EstablishmentEntity, { communeId, name });
  }

  establishmentsByIds(db: Db, ids: readonly string[]): Promise<EstablishmentEntity[]> {
    return db.manager.findBy(EstablishmentEntity, { id: In([...ids]) });
  }

  insertEstablishment(tx: Tx, row: EstablishmentRow): Promise<EstablishmentEntity> {
    return tx.manager.save(tx.manager.create(EstablishmentEntity, row));
  }
}
