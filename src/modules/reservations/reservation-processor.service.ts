import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { EventBus } from '../../common/events/event-bus';
import { retryTransient } from '../../database/retry-transient';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { JobData, Jobs } from '../../queue/jobs';
import { PeriodicTasks } from '../../queue/periodic-tasks.service';
import { ClosureAdded } from '../activities/events/closure-added.event';
import { DaysCancelledByClosure } from './events/days-cancelled-by-closure.event';
import { DaysBookedByDecision } from './events/days-booked-by-decision.event';
import { ReservationProcessed } from './events/reservation-processed.event';
import { ActivitiesStore } from '../activities/activities.store';
import { SEATED_PRESENCE } from './reservation-rules';
import { LineChange, ReservationsStore } from './reservations.store';

/**
 * The work of the `reservations` queue (its handlers are in `jobs/`): takes seats for confirmed
 * requests and applies staff decisions; and the cancellations a closure causes. Each step only moves
 * lines still in the state it expects, so a retried or duplicated job takes no second seat; it
 * publishes `ReservationProcessed` again, and the mail it causes is deduplicated.
 */
@Injectable()
export class ReservationProcessor implements OnModuleInit {
  private readonly logger = new Logger(ReservationProcessor.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: ReservationsStore,
    /** The activity's day seat counters. */
    private readonly seats: ActivitiesStore,
    private readonly bus: EventBus,
    private readonly jobs: Jobs,
    private readonly periodic: PeriodicTasks,
  ) {}

  onModuleInit() {
    // In the closure's own transaction: the closure and the cancellations commit together.
    this.bus.onInTransaction(ClosureAdded, (tx, e) => this.cancelForClosure(tx, e));
    this.periodic.every('reservation-sweeper', 60_000, () => this.sweep(), { atStart: true });
  }

  /**
   * Confirmed requests whose job was lost (in-process queues after a restart, Redis down at enqueue,
   * a job out of retries) are enqueued again; processing is idempotent.
   */
  async sweep(): Promise<number> {
    const ids = await this.store.staleRequested(this.uow.read, 500);
    const stamp = Math.floor(Date.now() / 60_000);
    for (const reservationId of ids) await this.jobs.enqueue('reservations.process', { reservationId }, { jobId: `${reservationId}-sweep-${stamp}` });
    if (ids.length) this.logger.warn(`${ids.length} réservation(s) relancée(s) par le balayage`);
    return ids.length;
  }

  /**
   * BOOK: a seat if one is left (ACCEPTED, or PENDING with the seat held), else NO_PLACE. CANCEL:
   * ACCEPTED (seat freed) or PENDING. The seats are taken by one statement on its own, which settles
   * the lines, the presences and the reservation's state together.
   */
  async process(ctx: RequestContext, reservationId: string): Promise<void> {
    const todo = await this.store.requested(this.uow.read, reservationId);
    if (!todo) return this.gone(ctx, reservationId);
    const { activityId, autoAccept: auto } = todo;
    if (todo.cancel) {
      await this.retrying(() =>
        this.uow.run(async (tx) => {
          await this.store.lockReservations(tx, [reservationId]);
          const still = await this.store.linesIn(tx, reservationId, ['REQUESTED'], 'CANCEL');
          if (auto)
            await this.seats.releaseSeats(
              tx,
              activityId,
              still.map((c) => c.date),
              'booked',
            );
          await this.store.setLines(
            tx,
            still.map((line): LineChange => (auto ? { line, state: 'ACCEPTED', presence: 'CANCELLED' } : { line, state: 'PENDING', presence: 'CANCEL_PENDING' })),
          );
        }),
      );
    }
    await this.retrying(() =>
      this.uow.autocommit(async (tx) => {
        await this.store.seatBookings(tx, reservationId, activityId, todo.book, auto);
        await tx.publish(new ReservationProcessed([reservationId]));
      }),
    );
  }

  /** Staff's decision on pending days: accepting a booking turns its held seat into a booked one, refusing frees it. */
  async decide(ctx: RequestContext, job: JobData<'reservations.decide'>): Promise<void> {
    await this.retrying(() =>
      this.uow.run(async (tx) => {
        const reservation = await this.store.systemById(tx, job.reservationId);
        if (!reservation) return this.gone(ctx, job.reservationId);
        await this.store.lockReservations(tx, [reservation.id]);
        const pending = await this.store.linesIn(tx, reservation.id, ['PENDING']);
        const accept = new Set(job.accept);
        const refuse = new Set(job.refuse);
        const chosen = pending.filter((l) => accept.has(l.date) || refuse.has(l.date));
        const isAccepted = (l: { date: string }) => accept.has(l.date);
        const bookAccepted = chosen.filter((l) => l.kind === 'BOOK' && isAccepted(l)).map((l) => l.date);
        const bookRefused = chosen.filter((l) => l.kind === 'BOOK' && !isAccepted(l)).map((l) => l.date);
        const cancelAccepted = chosen.filter((l) => l.kind === 'CANCEL' && isAccepted(l)).map((l) => l.date);
        await this.seats.confirmHeldSeats(tx, reservation.activityId, bookAccepted);
        await this.seats.releaseSeats(tx, reservation.activityId, bookRefused, 'held');
        await this.seats.releaseSeats(tx, reservation.activityId, cancelAccepted, 'booked');
        await this.store.setLines(
          tx,
          chosen.map((line): LineChange => {
            const ok = isAccepted(line);
            if (line.kind === 'BOOK') return ok ? { line, state: 'ACCEPTED', presence: 'BOOKED' } : { line, state: 'REFUSED', presence: 'REFUSED', reason: job.reason };
            return ok ? { line, state: 'ACCEPTED', presence: 'CANCELLED' } : { line, state: 'REFUSED', presence: 'BOOKED', reason: job.reason };
          }),
        );
        // Also when already decided: a retry after a crash publishes what the first try could not.
        await tx.publish(new ReservationProcessed([reservation.id]));
        if (bookAccepted.length) await tx.publish(new DaysBookedByDecision(reservation.communeId, bookAccepted));
      }),
    );
  }

  /**
   * A closure added over days already booked or requested cancels them (they will not be billed),
   * frees their seats, and each family is told by mail once the closure has committed.
   */
  async cancelForClosure(tx: Tx, { activity, closure }: ClosureAdded): Promise<void> {
    // The lock order everywhere: reservations first (in id order), then the rows they own. So read
    // without locks which reservations the closure touches, lock them, then read again with locks;
    // a withdrawal, a decision or a seat statement in flight finishes first. Rounds repeat while a
    // new reservation appears between the two reads.
    const locked = new Set<string>();
    let affected = await this.store.presencesClosed(tx, activity.id, closure.fromDate, closure.toDate, false);
    for (let round = 0; round < 5; round++) {
      const missing = [...new Set(affected.map((a) => a.reservation_id))].filter((id) => !locked.has(id));
      if (!missing.length && round > 0) break;
      if (missing.length) await this.store.lockReservations(tx, missing);
      missing.forEach((id) => locked.add(id));
      affected = await this.store.presencesClosed(tx, activity.id, closure.fromDate, closure.toDate, true);
    }
    if (!affected.length) return;
    const booked = affected.filter((a) => SEATED_PRESENCE.includes(a.status)).map((a) => a.date);
    const held = affected.filter((a) => a.status === 'PENDING').map((a) => a.date);
    await this.seats.releaseSeats(tx, activity.id, booked, 'booked');
    await this.seats.releaseSeats(tx, activity.id, held, 'held');
    await this.store.closeDays(
      tx,
      activity.id,
      affected.map((a) => a.line_id),
      `Fermeture : ${closure.label}`,
    );
    const ended = new Set(affected.filter((a) => a.line_state !== 'ACCEPTED' || a.kind === 'CANCEL').map((a) => a.reservation_id));
    if (ended.size) await tx.publish(new ReservationProcessed([...ended]));
    await tx.publish(
      new DaysCancelledByClosure(
        activity.communeId,
        activity.name,
        { id: closure.id, label: closure.label },
        affected.map((a) => ({ familyId: a.family_id, childId: a.child_id, date: a.date, billed: a.billed })),
      ),
    );
  }

  /** A job whose target is gone (deleted, or never committed) ends quietly. */
  private gone(ctx: RequestContext, reservationId: string): void {
    this.logger.debug(`${ctx.origin} : réservation ${reservationId} introuvable, rien à faire`);
  }

  private retrying(work: () => Promise<void>): Promise<void> {
    return retryTransient(work, (code, attempt) => this.logger.warn(`conflit de verrous (${code}), nouvel essai ${attempt}`));
  }
}
