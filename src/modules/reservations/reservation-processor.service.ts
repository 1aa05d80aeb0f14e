import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { frenchLongDate } from '../../common/dates/local-date';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { Job, JOB_QUEUE_DRIVER, JobQueueDriver } from '../../queue/job-queue.port';
import { PeriodicTasks } from '../../queue/periodic-tasks.service';
import { AccountEntity } from '../accounts/account.entity';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityClosureEntity } from '../activities/activity-closure.entity';
import { ActivityEntity } from '../activities/activity.entity';
import { ChildEntity } from '../children/child.entity';
import { MailService } from '../notifications/mail.service';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { LineChange, ReservationStateKeeper } from './reservation-state-keeper.service';
import { DECIDE_RESERVATION_JOB, PROCESS_RESERVATION_JOB } from './reservations.service';

export interface DecisionJob {
  reservationId: string;
  accept: string[];
  refuse: string[];
  reason: string | null;
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock, serialization failure

/**
 * The `reservations` queue: takes seats for confirmed requests and applies staff decisions. Each
 * job runs in one transaction and only moves lines still in the state it expects, so a retried or
 * duplicated job takes no second seat and sends no second mail.
 */
@Injectable()
export class ReservationProcessor implements OnModuleInit {
  private readonly logger = new Logger(ReservationProcessor.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly keeper: ReservationStateKeeper,
    private readonly activities: ActivitiesService,
    private readonly mail: MailService,
    private readonly periodic: PeriodicTasks,
    @Inject(JOB_QUEUE_DRIVER) private readonly queue: JobQueueDriver,
  ) {}

  onModuleInit() {
    this.queue.process(
      'reservations',
      async (job) => {
        if (job.name === PROCESS_RESERVATION_JOB) await this.process((job as Job<{ reservationId: string }>).data.reservationId);
        else if (job.name === DECIDE_RESERVATION_JOB) await this.decide((job as Job<DecisionJob>).data);
      },
      8,
    );
    this.activities.onClosureAdded((tx, activity, closure) => this.cancelForClosure(tx, activity, closure));
    this.periodic.every('reservation-sweeper', 60_000, () => this.sweep(), { atStart: true });
  }

  /**
   * Confirmed requests whose job was lost (in-process queues after a restart, Redis down at enqueue,
   * a job out of retries) are enqueued again; processing is idempotent.
   */
  async sweep(): Promise<number> {
    const rows = (await this.uow.manager.query(
      `SELECT DISTINCT l.reservation_id FROM reservation_line l JOIN reservation r ON r.id = l.reservation_id
        WHERE l.state = 'REQUESTED' AND r.created_at < now() - interval '1 minute' LIMIT 500`,
    )) as Array<{ reservation_id: string }>;
    const stamp = Math.floor(Date.now() / 60_000);
    for (const row of rows) {
      await this.queue.add('reservations', PROCESS_RESERVATION_JOB, { reservationId: row.reservation_id }, { jobId: `${row.reservation_id}-sweep-${stamp}` });
    }
    if (rows.length) this.logger.warn(`${rows.length} réservation(s) relancée(s) par le balayage`);
    return rows.length;
  }

  /**
   * BOOK: a seat if one is left (ACCEPTED, or PENDING with the seat held), else NO_PLACE. CANCEL:
   * ACCEPTED (seat freed) or PENDING. Two transactions: a short one that touches the hot day rows,
   * then the derived state and the family's mail — which a retry of this job simply redoes.
   */
  async process(reservationId: string): Promise<void> {
    const manager = this.uow.manager;
    const rows = (await manager.query(
      `SELECT r.activity_id, a.auto_accept, l.kind, l.date FROM reservation r JOIN activity a ON a.id = r.activity_id
         LEFT JOIN reservation_line l ON l.reservation_id = r.id AND l.state = 'REQUESTED'
        WHERE r.id = $1 ORDER BY l.date`,
      [reservationId],
    )) as Array<{ activity_id: string; auto_accept: boolean; kind: string | null; date: string | null }>;
    if (!rows.length) return; // gone: nothing to do
    const { activity_id: activityId, auto_accept: auto } = rows[0];
    if (rows.some((r) => r.kind === 'CANCEL')) {
      await this.retrying(() =>
        this.uow.run(async (tx) => {
          await this.keeper.lockForChange(tx, reservationId);
          const still = await tx.manager.find(ReservationLineEntity, { where: { reservationId, state: 'REQUESTED', kind: 'CANCEL' }, order: { date: 'ASC' } });
          if (auto) await this.keeper.releaseSeats(tx, activityId, still.map((c) => c.date), 'booked');
          await this.keeper.setLines(
            tx,
            still.map((line): LineChange => (auto ? { line, state: 'ACCEPTED', presence: 'CANCELLED' } : { line, state: 'PENDING', presence: 'CANCEL_PENDING' })),
          );
        }),
      );
    }
    const books = rows.filter((r) => r.kind === 'BOOK').map((r) => r.date!);
    // The seats: one statement on its own, guarded by the lines' REQUESTED state (a replay takes nothing).
    await this.retrying(() => this.keeper.seatBookings(manager, reservationId, activityId, books, auto));
    // Idempotent (derived state, mail deduplicated): a retry of this job simply redoes it.
    await this.uow.autocommit((tx) => this.keeper.refresh(tx, reservationId));
  }

  /** Staff's decision on pending days: accepting a booking turns its held seat into a booked one, refusing frees it. */
  async decide(job: DecisionJob): Promise<void> {
    await this.retrying(() =>
      this.uow.run(async (tx) => {
        const reservation = await tx.manager.findOneBy(ReservationEntity, { id: job.reservationId });
        if (!reservation) return;
        await this.keeper.lockForChange(tx, reservation.id);
        const pending = await tx.manager.find(ReservationLineEntity, { where: { reservationId: reservation.id, state: 'PENDING' }, order: { date: 'ASC' } });
        const accept = new Set(job.accept);
        const refuse = new Set(job.refuse);
        const chosen = pending.filter((l) => accept.has(l.date) || refuse.has(l.date));
        if (!chosen.length) return; // already decided
        const isAccepted = (l: ReservationLineEntity) => accept.has(l.date);
        const bookAccepted = chosen.filter((l) => l.kind === 'BOOK' && isAccepted(l)).map((l) => l.date);
        const bookRefused = chosen.filter((l) => l.kind === 'BOOK' && !isAccepted(l)).map((l) => l.date);
        const cancelAccepted = chosen.filter((l) => l.kind === 'CANCEL' && isAccepted(l)).map((l) => l.date);
        await this.keeper.confirmHeldSeats(tx, reservation.activityId, bookAccepted);
        await this.keeper.releaseSeats(tx, reservation.activityId, bookRefused, 'held');
        await this.keeper.releaseSeats(tx, reservation.activityId, cancelAccepted, 'booked');
        await this.keeper.setLines(
          tx,
          chosen.map((line): LineChange => {
            const ok = isAccepted(line);
            if (line.kind === 'BOOK') return ok ? { line, state: 'ACCEPTED', presence: 'BOOKED' } : { line, state: 'REFUSED', presence: 'REFUSED', reason: job.reason };
            return ok ? { line, state: 'ACCEPTED', presence: 'CANCELLED' } : { line, state: 'REFUSED', presence: 'BOOKED', reason: job.reason };
          }),
        );
        await this.keeper.refresh(tx, reservation.id);
      }),
    );
  }

  /**
   * A closure added over days already booked or requested cancels them (they will not be billed),
   * frees their seats, and tells each family by mail. Runs in the closure's transaction.
   */
  async cancelForClosure(tx: Tx, activity: ActivityEntity, closure: ActivityClosureEntity): Promise<void> {
    type Affected = { child_id: string; family_id: string; date: string; status: string; line_id: string; reservation_id: string; line_state: string; kind: string };
    const read = async () =>
      (await tx.manager.query(
        `SELECT p.child_id, p.family_id, p.date, p.status, p.line_id, l.reservation_id, l.state AS line_state, l.kind
           FROM presence p JOIN reservation_line l ON l.id = p.line_id
          WHERE p.activity_id = $1 AND p.date BETWEEN $2 AND $3 AND p.invoice_id IS NULL
            AND p.status IN ('REQUESTED', 'PENDING', 'BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING')
          ORDER BY p.date FOR UPDATE OF p`,
        [activity.id, closure.fromDate, closure.toDate],
      )) as Affected[];
    // Same lock order as everyone else: the reservations first (in id order), then the rows they
    // own; then read again what they left. A withdrawal or a decision in flight finishes first.
    const locked = new Set<string>();
    let affected = await read();
    for (let round = 0; round < 3; round++) {
      const missing = [...new Set(affected.map((a) => a.reservation_id))].filter((id) => !locked.has(id)).sort();
      if (!missing.length) break;
      await tx.manager.query(`SELECT id FROM reservation WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [missing]);
      missing.forEach((id) => locked.add(id));
      affected = await read();
    }
    if (!affected.length) return;
    const reason = `Fermeture : ${closure.label}`;
    const booked = affected.filter((a) => ['BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING'].includes(a.status)).map((a) => a.date);
    const held = affected.filter((a) => a.status === 'PENDING').map((a) => a.date);
    await this.keeper.releaseSeats(tx, activity.id, booked, 'booked');
    await this.keeper.releaseSeats(tx, activity.id, held, 'held');
    await tx.manager.query(
      `UPDATE presence SET status = 'CANCELLED' WHERE activity_id = $1 AND line_id = ANY($2::uuid[])`,
      [activity.id, affected.map((a) => a.line_id)],
    );
    // Open lines end: bookings refused for the closure, cancellations granted.
    await tx.manager.query(
      `UPDATE reservation_line SET state = CASE WHEN kind = 'BOOK' THEN 'REFUSED' ELSE 'ACCEPTED' END, reason = $2, decided_at = now()
        WHERE id = ANY($1::uuid[]) AND state IN ('REQUESTED', 'PENDING')`,
      [affected.map((a) => a.line_id), reason],
    );
    for (const reservationId of new Set(affected.filter((a) => a.line_state !== 'ACCEPTED' || a.kind === 'CANCEL').map((a) => a.reservation_id))) {
      await this.keeper.refresh(tx, reservationId);
    }
    await this.mailFamilies(tx, activity, closure, affected);
  }

  private async mailFamilies(
    tx: Tx,
    activity: ActivityEntity,
    closure: ActivityClosureEntity,
    affected: Array<{ child_id: string; family_id: string; date: string }>,
  ) {
    const children = await tx.manager.findByIds(ChildEntity, [...new Set(affected.map((a) => a.child_id))]);
    for (const familyId of new Set(affected.map((a) => a.family_id))) {
      const days = affected
        .filter((a) => a.family_id === familyId)
        .map((a) => {
          const child = children.find((c) => c.id === a.child_id)!;
          return { child: `${child.lastName} ${child.firstName}`, date: frenchLongDate(a.date) };
        });
      for (const account of await tx.manager.findBy(AccountEntity, { familyId, emailVerified: true })) {
        await this.mail.enqueue(tx, {
          communeId: activity.communeId,
          to: account.email,
          template: 'closure-cancellation',
          dedupeKey: `closure:${closure.id}:${account.id}`,
          data: { firstName: account.firstName, lastName: account.lastName, activity: activity.name, label: closure.label, days },
        });
      }
    }
  }

  private async retrying(work: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        const code = (err as { code?: string; driverError?: { code?: string } }).code ?? (err as { driverError?: { code?: string } }).driverError?.code;
        if (!code || !RETRYABLE.has(code) || attempt >= 5) throw err;
        this.logger.warn(`conflit de verrous (${code}), nouvel essai ${attempt}`);
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
      }
    }
  }
}
