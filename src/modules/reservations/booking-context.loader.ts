import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { LocalDate } from '../../common/dates/local-date';
import { badInput } from '../../common/errors/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityEntity } from '../activities/activity.entity';
import { ActivityCalendar, calendarOf } from '../activities/service-calendar';
import { ChildrenService } from '../children/children.service';
import { DayRow, ReservationsStore } from './reservations.store';

export interface BookingContext {
  child: { id: string; familyId: string };
  activity: ActivityEntity;
  calendar: ActivityCalendar;
}

/**
 * What the planning and a request need, in as few round trips as the hot path allows: the child
 * (the family's own; any of the commune for staff), the activity with its closures and the
 * registration in one query; then the month's days (seat counters and the child's presences) in
 * another.
 */
@Injectable()
export class BookingContextLoader {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: ReservationsStore,
    private readonly children: ChildrenService,
    private readonly activities: ActivitiesService,
  ) {}

  async load(ctx: RequestContext, childId: string, activityId: string): Promise<BookingContext> {
    const familyId = ctx.isStaff ? null : ctx.familyId;
    const row = await this.store.bookingContext(this.uow.read, { childId, activityId, communeId: ctx.communeId, familyId });
    if (!row) {
      // Slow path, only to say which one is missing (each answers NOT_FOUND like a stranger's).
      await this.children.find(ctx, childId);
      await this.activities.get(ctx, activityId);
      throw new Error('booking context: child and activity found separately but not together');
    }
    if (row.registrationState !== 'ACCEPTED') {
      throw badInput('NOT_REGISTERED', 'L’enfant n’est pas inscrit à cette activité : faites d’abord une demande d’inscription.');
    }
    return { child: { id: childId, familyId: row.familyId }, activity: row.activity, calendar: calendarOf(row.activity, row.closures) };
  }

  /** Each day of the activity from..to: its seat counters and the child's presence, if any. */
  days(childId: string, activityId: string, from: LocalDate, to: LocalDate): Promise<Map<LocalDate, DayRow>> {
    return this.store.days(this.uow.read, childId, activityId, from, to);
  }
}
