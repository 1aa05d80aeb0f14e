import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus';
import { frenchLongDate, frenchMonthLabel } from '../../common/dates/local-date';
import { UnitOfWork } from '../../database/unit-of-work';
import { AccountsService } from '../accounts/accounts.service';
import { ActivitiesService } from '../activities/activities.service';
import { ChildrenService } from '../children/children.service';
import { MailService } from '../notifications/mail.service';
import { DaysCancelledByClosure } from './events/days-cancelled-by-closure.event';
import { ReservationProcessed } from './events/reservation-processed.event';
import { formatReservationNumber, lineOutcomeLabel } from './reservation-rules';
import { ReservationsStore } from './reservations.store';

/**
 * The families' mails about their reservations, sent once the change has committed. Each mail has
 * a dedupe key made of what it is about (reservation or closure, and account): the same event
 * published again (a retried job) writes no second mail.
 */
@Injectable()
export class ReservationMails implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: ReservationsStore,
    private readonly bus: EventBus,
    private readonly mail: MailService,
    private readonly accounts: AccountsService,
    private readonly children: ChildrenService,
    private readonly activities: ActivitiesService,
  ) {}

  onModuleInit() {
    this.bus.subscribe(ReservationProcessed, (e) => this.settled(e.reservationId));
    this.bus.subscribe(DaysCancelledByClosure, (e) => this.closure(e));
  }

  /** "Votre réservation n° … a été traitée", with each day's outcome; nothing while a line is open. */
  async settled(reservationId: string): Promise<void> {
    const r = await this.store.outcome(this.uow.read, reservationId);
    if (!r || r.state === 'PENDING' || r.state === 'CANCELLED' || !r.accounts.length) return;
    // Each mail is one guarded insert (its dedupe key): no transaction needed around them.
    await this.uow.autocommit(async (tx) => {
      for (const account of r.accounts) {
        await this.mail.enqueue(tx, {
          communeId: r.commune_id,
          to: account.email,
          template: 'reservation-processed',
          dedupeKey: `reservation-processed:${r.id}:${account.id}`,
          data: {
            firstName: account.firstName,
            lastName: account.lastName,
            number: formatReservationNumber(r.number),
            child: r.child,
            activity: r.activity,
            period: frenchMonthLabel(r.month),
            lines: r.lines
              .filter((l) => l.state !== 'WITHDRAWN')
              .map((l) => ({ date: frenchLongDate(l.date), outcome: lineOutcomeLabel(l.kind, l.state), reason: l.reason })),
          },
        });
      }
    });
  }

  /** "Fermeture : …" — the days of each family that the closure cancelled. */
  async closure(e: DaysCancelledByClosure): Promise<void> {
    const childIds = [...new Set(e.days.map((d) => d.childId))];
    const familyIds = [...new Set(e.days.map((d) => d.familyId))];
    const [children, [activity], accounts] = await Promise.all([
      this.children.byIds(childIds),
      this.activities.activitiesByIds([e.activityId]),
      Promise.all(familyIds.map((id) => this.accounts.verifiedOfFamily(this.uow.read, id))),
    ]);
    if (!activity) return;
    await this.uow.run(async (tx) => {
      for (const [i, familyId] of familyIds.entries()) {
        const days = e.days
          .filter((d) => d.familyId === familyId)
          .map((d) => {
            const child = children.find((c) => c?.id === d.childId);
            return { child: child ? `${child.lastName} ${child.firstName}` : '', date: frenchLongDate(d.date) };
          });
        for (const account of accounts[i]) {
          await this.mail.enqueue(tx, {
            communeId: e.communeId,
            to: account.email,
            template: 'closure-cancellation',
            dedupeKey: `closure:${e.closure.id}:${account.id}`,
            data: { firstName: account.firstName, lastName: account.lastName, activity: activity.name, label: e.closure.label, days },
          });
        }
      }
    });
  }
}
