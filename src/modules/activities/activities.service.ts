import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { RequestContext } from '../../common/context/request-context';
import { badInput, conflict, invalidField, notFound } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { ActivityClosureEntity } from './activity-closure.entity';
import { ActivityEntity } from './activity.entity';
import { activityProblem, holidayClosures } from './activity-rules';
import { EstablishmentEntity } from './establishment.entity';
import { ActivityCalendar, calendarOf, dayService } from './service-calendar';
import { ActivityType, ClosureType, DayHeadcountType, EstablishmentType } from './dto/activity.type';

export interface ActivityFields {
  name: string;
  establishmentId: string;
  schoolYear: string;
  startDate: string;
  endDate: string;
  weekdays: number[];
  bookingOpensOn?: string | null;
  bookingClosesOn: string;
  modificationLeadDays: number;
  dailyCapacity: number;
  mealPriceCents: number;
  autoAccept: boolean;
}

/** Hooks other modules register to react to a new closure (reservations cancel the bookings it covers). */
export type ClosureListener = (tx: Tx, activity: ActivityEntity, closure: ActivityClosureEntity) => Promise<void>;

/** The catalog staff configure: establishments, activities, their calendar and capacity. */
@Injectable()
export class ActivitiesService {
  private readonly closureListeners: ClosureListener[] = [];

  constructor(private readonly uow: UnitOfWork) {}

  onClosureAdded(listener: ClosureListener) {
    this.closureListeners.push(listener);
  }

  async list(ctx: RequestContext): Promise<ActivityType[]> {
    const rows = await this.uow.manager.find(ActivityEntity, { where: { communeId: ctx.communeId }, order: { startDate: 'DESC', name: 'ASC' } });
    return rows.map(toActivityType);
  }

  async get(ctx: RequestContext, id: string): Promise<ActivityEntity> {
    const activity = await this.uow.manager.findOneBy(ActivityEntity, { id, communeId: ctx.communeId });
    if (!activity) throw notFound('Activity', 'Activité introuvable.');
    return activity;
  }

  async createEstablishment(ctx: RequestContext, input: { name: string; address?: string | null }): Promise<EstablishmentType> {
    try {
      return await this.uow.manager.save(
        this.uow.manager.create(EstablishmentEntity, { communeId: ctx.communeId, name: input.name.trim(), address: input.address?.trim() || null }),
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ESTABLISHMENT_EXISTS', 'Un établissement porte déjà ce nom.', { field: 'name' });
      throw err;
    }
  }

  async create(ctx: RequestContext, input: ActivityFields): Promise<ActivityType> {
    await this.establishment(ctx, input.establishmentId);
    const fields = { ...input, bookingOpensOn: input.bookingOpensOn ?? null, weekdays: [...input.weekdays].sort() };
    this.check(fields);
    return this.uow.run(async (tx) => {
      const activity = await tx.manager.save(tx.manager.create(ActivityEntity, { ...fields, name: input.name.trim(), communeId: ctx.communeId }));
      await ensureActivityDays(tx.manager, activity);
      return toActivityType(activity);
    });
  }

  async update(ctx: RequestContext, id: string, changes: Partial<ActivityFields>): Promise<ActivityType> {
    return this.uow.run(async (tx) => {
      const activity = await tx.manager.findOne(ActivityEntity, { where: { id, communeId: ctx.communeId }, lock: { mode: 'pessimistic_write' } });
      if (!activity) throw notFound('Activity', 'Activité introuvable.');
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined && value !== null && key !== 'id') (activity as unknown as Record<string, unknown>)[key] = value;
      }
      if (changes.weekdays) activity.weekdays = [...changes.weekdays].sort();
      if (changes.name) activity.name = changes.name.trim();
      this.check(activity);
      if (changes.dailyCapacity != null) {
        // Seats already given are never taken back: the capacity cannot go below a day's headcount.
        const over = (await tx.manager.query(
          `SELECT date::text AS date, booked + held AS taken FROM activity_day
            WHERE activity_id = $1 AND capacity_override IS NULL AND booked + held > $2 ORDER BY date LIMIT 5 FOR UPDATE`,
          [id, changes.dailyCapacity],
        )) as Array<{ date: string; taken: number }>;
        if (over.length) {
          throw conflict('CAPACITY_BELOW_TAKEN', `Capacité trop basse : ${over.map((o) => `${o.date} a déjà ${o.taken} places prises`).join(', ')}.`, {
            field: 'dailyCapacity',
          });
        }
        // The CHECK (booked + held <= capacity) refuses it too, should a seat be taken meanwhile.
        await tx.manager.query(`UPDATE activity_day SET capacity = $2 WHERE activity_id = $1 AND capacity_override IS NULL`, [
          id,
          changes.dailyCapacity,
        ]);
      }
      const saved = await tx.manager.save(activity);
      await ensureActivityDays(tx.manager, saved);
      return toActivityType(saved);
    });
  }

  async addClosure(ctx: RequestContext, input: { activityId: string; from: string; to: string; label: string }): Promise<ActivityType> {
    if (input.to < input.from) throw invalidField('to', 'La fin de la fermeture doit suivre son début.');
    return this.uow.run(async (tx) => {
      const activity = await tx.manager.findOne(ActivityEntity, { where: { id: input.activityId, communeId: ctx.communeId }, lock: { mode: 'pessimistic_write' } });
      if (!activity) throw notFound('Activity', 'Activité introuvable.');
      const closure = await tx.manager.save(
        tx.manager.create(ActivityClosureEntity, { activityId: activity.id, fromDate: input.from, toDate: input.to, label: input.label.trim() }),
      );
      for (const listener of this.closureListeners) await listener(tx, activity, closure);
      return toActivityType(activity);
    });
  }

  /** A day's own capacity; refused below the seats already taken (guarded upsert, no read-then-write). */
  async setDayCapacity(ctx: RequestContext, input: { activityId: string; date: string; capacity: number }): Promise<DayHeadcountType> {
    const activity = await this.get(ctx, input.activityId);
    const calendar = await this.calendar(activity);
    if (!dayService(calendar, input.date).serviceDay) {
      throw badInput('NOT_A_SERVICE_DAY', "Ce jour n'est pas un jour de service de l'activité.", { field: 'date' });
    }
    const [rows] = (await this.uow.manager.query(
      `UPDATE activity_day SET capacity_override = $3, capacity = $3
        WHERE activity_id = $1 AND date = $2 AND booked + held <= $3
       RETURNING booked, held`,
      [activity.id, input.date, input.capacity],
    )) as [Array<{ booked: number; held: number }>, number];
    if (!rows.length) {
      const [day] = (await this.uow.manager.query(`SELECT booked + held AS taken FROM activity_day WHERE activity_id = $1 AND date = $2`, [
        activity.id,
        input.date,
      ])) as Array<{ taken: number }>;
      throw conflict('CAPACITY_BELOW_TAKEN', `Impossible : ${day?.taken ?? '?'} places sont déjà prises ce jour-là.`, { field: 'capacity' });
    }
    return { date: input.date, capacity: input.capacity, booked: rows[0].booked, pending: rows[0].held };
  }

  /** The activity's calendar for the pure rules: dates, weekdays, window, lead time, staff closures. */
  async calendar(activity: ActivityEntity, manager = this.uow.manager): Promise<ActivityCalendar> {
    const closures = await manager.find(ActivityClosureEntity, { where: { activityId: activity.id }, order: { fromDate: 'ASC' } });
    return calendarOf(
      activity,
      closures.map((c) => ({ from: c.fromDate, to: c.toDate, label: c.label })),
    );
  }

  /** Staff closures and the public holidays of the period, in date order. */
  async closuresOf(activityIds: readonly string[]): Promise<ClosureType[][]> {
    const activities = await this.uow.manager.findBy(ActivityEntity, { id: In([...activityIds]) });
    const closures = await this.uow.manager.find(ActivityClosureEntity, { where: { activityId: In([...activityIds]) } });
    return activityIds.map((id) => {
      const activity = activities.find((a) => a.id === id);
      if (!activity) return [];
      const staff = closures.filter((c) => c.activityId === id).map((c) => ({ from: c.fromDate, to: c.toDate, label: c.label }));
      return [...staff, ...holidayClosures(activity)].sort((a, b) => a.from.localeCompare(b.from));
    });
  }

  async establishmentsByIds(ids: readonly string[]): Promise<Array<EstablishmentType | null>> {
    const rows = await this.uow.manager.findBy(EstablishmentEntity, { id: In([...ids]) });
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }

  async activitiesByIds(ids: readonly string[]): Promise<Array<ActivityType | null>> {
    const rows = await this.uow.manager.findBy(ActivityEntity, { id: In([...ids]) });
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id);
      return row ? toActivityType(row) : null;
    });
  }

  private async establishment(ctx: RequestContext, id: string) {
    const found = await this.uow.manager.findOneBy(EstablishmentEntity, { id, communeId: ctx.communeId });
    if (!found) throw notFound('Establishment', 'Établissement introuvable.');
    return found;
  }

  private check(a: ActivityFields | ActivityEntity) {
    const problem = activityProblem({ ...a, bookingOpensOn: a.bookingOpensOn ?? null });
    if (problem) throw invalidField(problem.field, problem.message);
  }
}

/**
 * One seat-counter row per day of the activity's period, created with the activity (and when its
 * period grows), so that taking a seat is a single guarded update of an existing row.
 */
export async function ensureActivityDays(manager: EntityManager, activity: Pick<ActivityEntity, 'id' | 'startDate' | 'endDate' | 'dailyCapacity'>) {
  await manager.query(
    `INSERT INTO activity_day (activity_id, date, capacity)
     SELECT $1, d::date, $4 FROM generate_series($2::date, $3::date, interval '1 day') AS d
     ON CONFLICT (activity_id, date) DO NOTHING`,
    [activity.id, activity.startDate, activity.endDate, activity.dailyCapacity],
  );
}

export const toActivityType = (a: ActivityEntity): ActivityType => ({
  id: a.id,
  name: a.name,
  schoolYear: a.schoolYear,
  startDate: a.startDate,
  endDate: a.endDate,
  weekdays: a.weekdays,
  bookingOpensOn: a.bookingOpensOn,
  bookingClosesOn: a.bookingClosesOn,
  modificationLeadDays: a.modificationLeadDays,
  dailyCapacity: a.dailyCapacity,
  mealPriceCents: a.mealPriceCents,
  autoAccept: a.autoAccept,
  establishmentId: a.establishmentId,
  communeId: a.communeId,
});
