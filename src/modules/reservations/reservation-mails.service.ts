import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus';
import { frenchLongDate, frenchMonthLabel } from '../../common/dates/local-date';
import { Tx } from '../../database/unit-of-work';
import { MailService } from '../notifications/mail.service';
import { DaysCancelledByClosure } from './events/days-cancelled-by-closure.event';
import { ReservationProcessed } from './events/reservation-processed.event';
import { formatReservationNumber, lineOutcomeLabel } from './reservation-rules';
import { ReservationsStore } from './reservations.store';

/**
 * The families' mails about their reservations. A mail is part of the change it tells about: its
 * outbox row is written in the same transaction (an in-transaction handler of the event), so it
 * commits with the change or not at all, and a failure fails the job, which is retried; the send
 * itself is queued after commit (the outbox and its sweeper). Each mail's dedupe key names what it
 * is about (reservation or closure, and account): the same event published again (a retried job)
 * writes no second mail.
 */
@Injectable()
export class ReservationMails implements OnModuleInit {
  constructor(
    private readonly store: ReservationsStore,
    private readonly bus: EventBus,
    private readonly mail: MailService,
  ) {}

  onModuleInit() {
    this.bus.onInTransaction(ReservationProcessed, (tx, e) => this.settled(tx, e.reservationIds));
    this.bus.onInTransaction(DaysCancelledByClosure, (tx, e) => this.closure(tx, e));
  }

  /** "Votre réservation n° … a été traitée", with each day's outcome; nothing while a line is open. */
  async settled(tx: Tx, reservationIds: readonly string[]): Promise<void> {
    for (const r of await this.store.outcomes(tx, reservationIds)) {
      if (r.state === 'PENDING' || r.state === 'CANCELLED') continue;
      for (const account of r.accounts) {
        await this.mail.enqueue(tx, {
          communeId: r.commune_id,
          to: account.email,
          template: 'reservation-processed',
          dedupeKey: `reservation-processed:${r.id}:${account.id}`,
          links: { link: `/reservations/${r.id}` },
          data: {
            firstName: account.firstName,
            lastName: account.lastName,
            number: formatReservationNumber(r.number),
            child: r.child,
            activity: r.activity,
            period: frenchMonthLabel(r.month),
            lines: r.lines.filter((l) => l.state !== 'WITHDRAWN').map((l) => ({ date: frenchLongDate(l.date), outcome: lineOutcomeLabel(l.kind, l.state), reason: l.reason })),
          },
        });
      }
    }
  }

  /** "Fermeture : …" — the days of each family that the closure cancelled: not billed, or billed and credited. */
  async closure(tx: Tx, e: DaysCancelledByClosure): Promise<void> {
    const childIds = [...new Set(e.days.map((d) => d.childId))];
    const familyIds = [...new Set(e.days.map((d) => d.familyId))];
    const { children, families } = await this.store.recipients(tx, childIds, familyIds);
    for (const family of families) {
      const theirs = e.days.filter((d) => d.familyId === family.id);
      const told = (billed: boolean) => theirs.filter((d) => d.billed === billed).map((d) => ({ child: children.get(d.childId) ?? '', date: frenchLongDate(d.date) }));
      // Said apart: the days that will not be billed, and those already billed that an avoir credits.
      const [unbilled, billed] = [told(false), told(true)];
      for (const account of family.accounts) {
        await this.mail.enqueue(tx, {
          communeId: e.communeId,
          to: account.email,
          template: 'closure-cancellation',
          dedupeKey: `closure:${e.closure.id}:${account.id}`,
          links: { link: '/reservations' },
          data: { firstName: account.firstName, lastName: account.lastName, activity: e.activityName, label: e.closure.label, unbilled, billed },
        });
      }
    }
  }
}
