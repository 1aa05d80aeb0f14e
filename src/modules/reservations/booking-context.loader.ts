import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { LocalDate } from '../../common/dates/local-date';
import { badInput } from '../../common/errors/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityEntity } from '../activities/activity.entity';
import { ActivityCalendar, calendarOf } from '../activities/service-calendar';
import { fromJsonRow } from '../../database/from-json-row';
import { ChildrenService } from '../children/children.service';
import { KnownPresence, PresenceStatus } from './reservation-rules';

export interface BookingContext {
  child: { id: string; familyId: string };
  activity: ActivityEntity;
  calendar: ActivityCalendar;
}

export interface DayRow {
  capacity: number;
  booked: number;
  held: number;
  presence: KnownPresence | null;
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
    private readonly children: ChildrenService,
    private readonly activities: ActivitiesService,
  ) {}

  async load(ctx: RequestContext, childId: string, activityId: string): Promise<BookingContext> {
    const familyId = ctx.isStaff ? null : ctx.familyId;
    const rows = (await this.uow.manager.query(
      `SELECT c.family_id, r.state AS registration_state, row_to_json(a) AS activity,
              COALESCE((SELECT json_agg(json_build_object('from', cl.from_date, 'to', cl.to_date, 'label', cl.label) ORDER BY cl.from_date)
                          FROM activity_closure cl WHERE cl.activity_id = a.id), '[]'::json) AS closures
         FROM child c
         JOIN activity a ON a.id = $2 AND a.commune_id = $3
         LEFT JOIN registration r ON r.child_id = c.id AND r.activity_id = a.id
        WHERE c.id = $1 AND c.commune_id = $3 AND ($4::uuid IS NULL OR c.family_id = $4)`,
      [childId, activityId, ctx.communeId, familyId],
    )) as Array<{ family_id: string; registration_state: string | null; activity: Record<string, unknown>; closures: ActivityCalendar['closures'] }>;
    const row = rows[0];
    if (!row) {
      // Slow path, only to say which one is missing (each answers NOT_FOUND like a stranger's).
      await this.children.find(ctx, childId);
      await this.activities.get(ctx, activityId);
      throw new Error('booking context: child and activity found separately but not together');
    }
    if (row.registration_state !== 'ACCEPTED') {
      throw badInput('NOT_REGISTERED', "L'enfant n'est pas inscrit à cette activité : faites d'abord une demande d'inscription.");
    }
    const activity = fromJsonRow(this.uow.manager, ActivityEntity, row.activity);
    return { child: { id: childId, familyId: row.family_id }, activity, calendar: calendarOf(activity, row.closures) };
  }

  /** Each day of the activity from..to: its seat counters and the child's presence, if any. */
  async days(childId: string, activityId: string, from: LocalDate, to: LocalDate): Promise<Map<LocalDate, DayRow>> {
    const rows = (await this.uow.manager.query(
      `SELECT d.date, d.capacity, d.booked, d.held, p.status, p.invoice_id IS NOT NULL AS billed
         FROM activity_day d
         LEFT JOIN presence p ON p.child_id = $1 AND p.activity_id = d.activity_id AND p.date = d.date
        WHERE d.activity_id = $2 AND d.date BETWEEN $3 AND $4`,
      [childId, activityId, from, to],
    )) as Array<{ date: string; capacity: number; booked: number; held: number; status: PresenceStatus | null; billed: boolean }>;
    return new Map(
      rows.map((r) => [
        r.date,
        { capacity: r.capacity, booked: r.booked, held: r.held, presence: r.status ? { status: r.status, billed: r.billed } : null },
      ]),
    );
  }
}
