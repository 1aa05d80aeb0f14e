import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { badInput, conflict, invalidField, notFound } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { frenchDate } from '../../common/dates/local-date';
import { Db, UnitOfWork } from '../../database/unit-of-work';
import { retryTransient } from '../../database/retry-transient';
import { ActivitiesStore } from './activities.store';
import { ActivityEntity } from './activity.entity';
import { activityProblem, holidayClosures } from './activity-rules';
import { ClosureAdded } from './events/closure-added.event';
import { PriceBracket, priceBracketsProblem } from './price-brackets';
import { ActivityCalendar, calendarOf, dayService } from './service-calendar';
import { ActivityType, ClosureType, DayHeadcountType, EstablishmentType, PriceBracketType } from './dto/activity.type';

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

/** The catalog staff configure: establishments, activities, their calendar and capacity. */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: ActivitiesStore,
  ) {}

  async list(ctx: RequestContext): Promise<ActivityType[]> {
    const rows = await this.store.ofCommune(this.uow.read, ctx.communeId);
    return rows.map(toActivityType);
  }

  /** `db`: the caller's transaction, when it reads the activity inside one. */
  async get(ctx: RequestContext, id: string, db: Db = this.uow.read): Promise<ActivityEntity> {
    const activity = await this.store.find(db, ctx.communeId, id);
    if (!activity) throw notFound('Activity', 'Activité introuvable.');
    return activity;
  }

  /** The commune's establishments by name (staff). */
  establishments(ctx: RequestContext): Promise<EstablishmentType[]> {
    return this.store.establishmentsOf(this.uow.read, ctx.communeId);
  }

  async createEstablishment(ctx: RequestContext, input: { name: string; address?: string | null }): Promise<EstablishmentType> {
    try {
      return await this.uow.autocommit((tx) => this.store.insertEstablishment(tx, { communeId: ctx.communeId, name: input.name.trim(), address: input.address?.trim() || null }));
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
      const activity = await this.store.insert(tx, { ...fields, name: input.name.trim(), communeId: ctx.communeId });
      await this.store.ensureDays(tx, activity);
      return toActivityType(activity);
    });
  }

  async update(ctx: RequestContext, id: string, changes: Partial<ActivityFields>): Promise<ActivityType> {
    return this.uow.run(async (tx) => {
      const activity = await this.store.lock(tx, ctx.communeId, id);
      if (!activity) throw notFound('Activity', 'Activité introuvable.');
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined && value !== null && key !== 'id') (activity as unknown as Record<string, unknown>)[key] = value;
      }
      if (changes.weekdays) activity.weekdays = [...changes.weekdays].sort();
      if (changes.name) activity.name = changes.name.trim();
      this.check(activity);
      if (changes.dailyCapacity != null) {
        // Seats already given are never taken back: the capacity cannot go below a day's headcount.
        const over = await this.store.daysTakenOver(tx, id, changes.dailyCapacity);
        if (over.length) {
          throw conflict('CAPACITY_BELOW_TAKEN', `Capacité trop basse : ${over.map((o) => `${o.date} a déjà ${o.taken} places prises`).join(', ')}.`, {
            field: 'dailyCapacity',
          });
        }
        await this.store.setDefaultCapacity(tx, id, changes.dailyCapacity);
      }
      const saved = await this.store.save(tx, activity);
      await this.store.ensureDays(tx, saved);
      return toActivityType(saved);
    });
  }

  async addClosure(ctx: RequestContext, input: { activityId: string; from: string; to: string; label: string }): Promise<ActivityType> {
    if (input.to < input.from) throw invalidField('to', 'La fin de la fermeture doit suivre son début.');
    // A closure locks many days at once: should PostgreSQL break a deadlock with a booking or a
    // billing run, the whole closure (nothing of it committed) simply runs again.
    return retryTransient(() =>
      this.uow.run(async (tx) => {
        const activity = await this.store.lock(tx, ctx.communeId, input.activityId);
        if (!activity) throw notFound('Activity', 'Activité introuvable.');
        const closure = await this.store.insertClosure(tx, { activityId: activity.id, fromDate: input.from, toDate: input.to, label: input.label.trim() });
        // In-transaction handlers (reservations, billing) cancel the closed days' bookings and credit
        // the billed ones: the closure, its cancellations and its credit notes commit or roll back together.
        await tx.publish(new ClosureAdded(activity, closure));
        return toActivityType(activity);
      }),
    );
  }

  /**
   * Removes the staff closures lying wholly within from..to (the exact range of one closure, or a
   * period holding several); a closure that only overlaps the range is kept whole, and public
   * holidays are not closures to remove. The days become bookable again; nothing a closure
   * cancelled is booked again by itself (the families book again if they wish).
   */
  async removeClosure(ctx: RequestContext, input: { activityId: string; from: string; to: string }): Promise<ActivityType> {
    if (input.to < input.from) throw invalidField('to', 'La fin de la période doit suivre son début.');
    return this.uow.run(async (tx) => {
      // Locked as for adding one: closures of an activity are decided one at a time.
      const activity = await this.store.lock(tx, ctx.communeId, input.activityId);
      if (!activity) throw notFound('Activity', 'Activité introuvable.');
      const removed = await this.store.deleteClosuresWithin(tx, activity.id, input.from, input.to);
      if (!removed.length) {
        throw badInput('NO_CLOSURE', `Aucune fermeture de cette activité ne tient entre le ${frenchDate(input.from)} et le ${frenchDate(input.to)}.`, { field: 'from' });
      }
      return toActivityType(activity);
    });
  }

  /** A day's own capacity; refused below the seats already taken (guarded update, no read-then-write). */
  async setDayCapacity(ctx: RequestContext, input: { activityId: string; date: string; capacity: number }): Promise<DayHeadcountType> {
    const activity = await this.get(ctx, input.activityId);
    const calendar = await this.calendar(activity);
    if (!dayService(calendar, input.date).serviceDay) {
      throw badInput('NOT_A_SERVICE_DAY', 'Ce jour n’est pas un jour de service de l’activité.', { field: 'date' });
    }
    const counters = await this.uow.autocommit((tx) => this.store.setDayCapacity(tx, activity.id, input.date, input.capacity));
    if (!counters) {
      const taken = await this.store.dayTaken(this.uow.read, activity.id, input.date);
      throw conflict('CAPACITY_BELOW_TAKEN', `Impossible : ${taken ?? '?'} places sont déjà prises ce jour-là.`, { field: 'capacity' });
    }
    return { activityId: activity.id, date: input.date, capacity: input.capacity, booked: counters.booked, pending: counters.held };
  }

  /**
   * Replaces the activity's tarification sociale (SPEC §2 "Billing"); an empty list brings back its
   * flat price for all. A refused list changes nothing.
   */
  async setPriceBrackets(ctx: RequestContext, input: { activityId: string; brackets: Array<{ upToQuotient?: number | null; mealPriceCents: number }> }): Promise<ActivityType> {
    const brackets: PriceBracket[] = input.brackets.map((b) => ({ upToQuotient: b.upToQuotient ?? null, mealPriceCents: b.mealPriceCents }));
    const problem = priceBracketsProblem(brackets);
    if (problem) throw badInput(problem.reason, problem.message, { field: problem.field });
    return this.uow.run(async (tx) => {
      const activity = await this.store.lock(tx, ctx.communeId, input.activityId);
      if (!activity) throw notFound('Activity', 'Activité introuvable.');
      await this.store.replacePriceBrackets(tx, activity.id, brackets);
      return toActivityType(activity);
    });
  }

  /**
   * The activities' brackets, each list in order (empty: the flat price). `db`: the caller's
   * transaction, when it prices inside one (billing).
   */
  async priceBracketsOf(activityIds: readonly string[], db: Db = this.uow.read): Promise<PriceBracketType[][]> {
    const rows = await this.store.priceBracketsOf(db, activityIds);
    return activityIds.map((id) => rows.filter((r) => r.activityId === id).map((r) => ({ upToQuotient: r.upToQuotient, mealPriceCents: r.mealPriceCents })));
  }

  /**
   * The activity's calendar for the pure rules: dates, weekdays, window, lead time, staff closures.
   * `db`: the caller's transaction, when it decides inside one.
   */
  async calendar(activity: ActivityEntity, db: Db = this.uow.read): Promise<ActivityCalendar> {
    const closures = await this.store.closuresOf(db, [activity.id]);
    return calendarOf(
      activity,
      closures.map((c) => ({ from: c.fromDate, to: c.toDate, label: c.label })),
    );
  }

  /** Staff closures and the public holidays of the period, in date order. */
  async closuresOf(activityIds: readonly string[]): Promise<ClosureType[][]> {
    const activities = await this.store.byIds(this.uow.read, activityIds);
    const closures = await this.store.closuresOf(this.uow.read, activityIds);
    return activityIds.map((id) => {
      const activity = activities.find((a) => a.id === id);
      if (!activity) return [];
      const staff = closures.filter((c) => c.activityId === id).map((c) => ({ from: c.fromDate, to: c.toDate, label: c.label, removable: true }));
      return [...staff, ...holidayClosures(activity).map((h) => ({ ...h, removable: false }))].sort((a, b) => a.from.localeCompare(b.from));
    });
  }

  async establishmentsByIds(ids: readonly string[]): Promise<Array<EstablishmentType | null>> {
    const rows = await this.store.establishmentsByIds(this.uow.read, ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }

  async activitiesByIds(ids: readonly string[]): Promise<Array<ActivityType | null>> {
    const rows = await this.store.byIds(this.uow.read, ids);
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id);
      return row ? toActivityType(row) : null;
    });
  }

  private async establishment(ctx: RequestContext, id: string) {
    const found = await this.store.establishment(this.uow.read, ctx.communeId, id);
    if (!found) throw notFound('Establishment', 'Établissement introuvable.');
    return found;
  }

  private check(a: ActivityFields | ActivityEntity) {
    const problem = activityProblem({ ...a, bookingOpensOn: a.bookingOpensOn ?? null });
    if (problem) throw invalidField(problem.field, problem.message);
  }
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
