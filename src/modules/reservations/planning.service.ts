import { INVALID_MONTH } from '../../common/graphql/month';
import { Injectable } from '@nestjs/common';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { addDays, daysBetween, eachDay, isoWeek, isoWeekday, LocalDate, monthBounds } from '../../common/dates/local-date';
import { badInput } from '../../common/errors/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityEntity } from '../activities/activity.entity';
import { dayService, modifiability } from '../activities/service-calendar';
import { dayStateOf, DayState } from './reservation-rules';
import { BookingContextLoader } from './booking-context.loader';
import { ActivitiesStore } from '../activities/activities.store';
import { Diet } from '../children/child.entity';
import { ChildrenService } from '../children/children.service';
import { ChildType } from '../children/dto/child.type';
import { PresencesStore } from './presences.store';

/** Day states a family can act on: book (free, refused, no place) or cancel (booked). */
const CHANGEABLE_STATES: DayState[] = ['FREE', 'NO_PLACE', 'REFUSED', 'BOOKED'];

export interface PlanningDay {
  date: LocalDate;
  inMonth: boolean;
  state: DayState;
  modifiable: boolean;
  modifiableUntil: LocalDate | null;
  seatsLeft: number | null;
  closureLabel: string | null;
  /** Billed already: it can no longer change on the portal. */
  billed: boolean;
}

export interface Planning {
  childId: string;
  activity: ActivityEntity;
  month: string;
  weeks: Array<{ isoWeek: number; days: PlanningDay[] }>;
}

/** A service day of an activity, as the headcounts name it. */
export interface HeadcountDay {
  activityId: string;
  date: LocalDate;
}

export interface Headcount {
  activityId: string;
  date: LocalDate;
  capacity: number;
  booked: number;
  pending: number;
}

/** The monthly planning grid and the kitchen's headcounts. */
@Injectable()
export class PlanningService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly seats: ActivitiesStore,
    private readonly context: BookingContextLoader,
    private readonly activities: ActivitiesService,
    private readonly presences: PresencesStore,
    private readonly children: ChildrenService,
  ) {}

  /**
   * The weeks (ISO numbers) covering the month, the activity's service weekdays as columns; days of
   * neighbouring months that fill the first and last weeks are flagged `inMonth: false`.
   */
  async planning(ctx: RequestContext, childId: string, activityId: string, month: string): Promise<Planning> {
    const bounds = monthBounds(month);
    if (!bounds) throw badInput('INVALID_MONTH', INVALID_MONTH, { field: 'month' });
    const { child, activity, calendar } = await this.context.load(ctx, childId, activityId);
    const from = addDays(bounds.first, 1 - isoWeekday(bounds.first));
    const to = addDays(bounds.last, 7 - isoWeekday(bounds.last));
    const days = await this.context.days(child.id, activity.id, from, to);
    const today = communeToday(ctx);
    const weeks: Planning['weeks'] = [];
    for (const day of eachDay(from, to)) {
      if (!activity.weekdays.includes(isoWeekday(day))) continue;
      const row = days.get(day);
      const service = dayService(calendar, day);
      const m = modifiability(calendar, day, today);
      const capacity = row?.capacity ?? activity.dailyCapacity;
      const presence = row?.presence ?? undefined;
      const state = dayStateOf(service.serviceDay, presence?.status);
      const planningDay: PlanningDay = {
        date: day,
        inMonth: day >= bounds.first && day <= bounds.last,
        state,
        // Something the family can do today: book a free day, or cancel a booked one not yet billed.
        modifiable: m.modifiable && CHANGEABLE_STATES.includes(state) && !(state === 'BOOKED' && presence?.billed),
        modifiableUntil: m.until,
        seatsLeft: service.serviceDay ? Math.max(0, capacity - (row?.booked ?? 0) - (row?.held ?? 0)) : null,
        closureLabel: service.serviceDay ? null : service.closureLabel,
        billed: presence?.billed ?? false,
      };
      const week = isoWeek(day);
      if (weeks[weeks.length - 1]?.isoWeek !== week) weeks.push({ isoWeek: week, days: [] });
      weeks[weeks.length - 1].days.push(planningDay);
    }
    // A week made only of the neighbouring month's days (the month starts on a weekend) is not shown.
    return { childId: child.id, activity, month, weeks: weeks.filter((w) => w.days.some((d) => d.inMonth)) };
  }

  /** Capacity, booked and pending seats of each service day from..to (staff). */
  async headcount(ctx: RequestContext, activityId: string, from: LocalDate, to: LocalDate): Promise<Headcount[]> {
    if (to < from) throw badInput('VALIDATION_FAILED', 'La fin de la période doit suivre son début.', { field: 'to' });
    if (daysBetween(from, to) > 366) throw badInput('VALIDATION_FAILED', 'Période de 366 jours au plus.', { field: 'to' });
    const activity = await this.activities.get(ctx, activityId);
    const [calendar, seats] = await Promise.all([this.activities.calendar(activity), this.seats.dayCounters(this.uow.read, activity.id, from, to)]);
    return eachDay(from, to)
      .filter((day) => dayService(calendar, day).serviceDay)
      .map((day) => {
        const s = seats.get(day);
        return { activityId: activity.id, date: day, capacity: s?.capacity ?? activity.dailyCapacity, booked: s?.booked ?? 0, pending: s?.held ?? 0 };
      });
  }

  /**
   * Batch for the headcounts' `children`: on each day, the children counted in `booked`, by name,
   * with what the kitchen and the staff check (class, school, diet, the allergies / PAI note). Read
   * in two statements whatever the number of days; reached only from headcounts already authorised
   * (staff, an activity of the request's commune). The health note is never logged.
   */
  async childrenOf(days: readonly HeadcountDay[]): Promise<ChildType[][]> {
    const seated = await this.presences.seatedChildren(this.uow.read, days);
    const childIds = [...new Set(seated.map((s) => s.childId))];
    const children = childIds.length ? await this.children.byIds(childIds) : [];
    const byId = new Map(children.filter((c): c is ChildType => c !== null).map((c) => [c.id, c]));
    const key = (d: HeadcountDay) => `${d.activityId} ${d.date}`;
    const perDay = new Map<string, ChildType[]>();
    for (const s of seated) {
      const child = byId.get(s.childId);
      if (child) perDay.set(key(s), [...(perDay.get(key(s)) ?? []), child]);
    }
    const byName = (a: ChildType, b: ChildType) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr');
    return days.map((d) => (perDay.get(key(d)) ?? []).sort(byName));
  }

  /**
   * Batch for the headcounts' `diets`: on each day, how many of the children counted in `booked`
   * have each diet, the four diets in the enum's order (0 included). The presences are read here,
   * the diets through the children module. Days reach here only from headcounts already
   * authorised (an activity of the request's commune).
   */
  async dietsOf(days: readonly HeadcountDay[]): Promise<Array<Array<{ diet: Diet; count: number }>>> {
    const seated = await this.presences.seatedChildren(this.uow.read, days);
    const childIds = [...new Set(seated.map((s) => s.childId))];
    const diets = await this.children.dietsByIds(childIds);
    const dietOf = new Map(childIds.map((id, i) => [id, diets[i]]));
    const key = (d: HeadcountDay) => `${d.activityId} ${d.date}`;
    const counts = new Map<string, Map<Diet, number>>();
    for (const s of seated) {
      const diet = dietOf.get(s.childId);
      if (!diet) continue;
      const day = counts.get(key(s)) ?? new Map<Diet, number>();
      day.set(diet, (day.get(diet) ?? 0) + 1);
      counts.set(key(s), day);
    }
    return days.map((d) => Object.values(Diet).map((diet) => ({ diet, count: counts.get(key(d))?.get(diet) ?? 0 })));
  }
}
