import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { LocalDate, monthBounds } from '../../common/dates/local-date';
import { badInput, conflict, DomainError, notFound } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { JOB_QUEUE_DRIVER, JobQueueDriver } from '../../queue/job-queue.port';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityEntity } from '../activities/activity.entity';
import { ActivityCalendar } from '../activities/service-calendar';
import { ChildEntity } from '../children/child.entity';
import { ChildrenService } from '../children/children.service';
import { RegistrationsService } from '../registrations/registrations.service';
import { PresenceEntity } from './presence.entity';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { checkDays, DayCheck, INVALID_DAY_MESSAGES, KnownPresence, ReservationState } from './reservation-rules';
import { ReservationStateKeeper } from './reservation-state-keeper.service';
import type { DecisionJob } from './reservation-processor.service';

export const DECIDE_RESERVATION_JOB = 'decide';

export interface ReservationRequest {
  childId: string;
  activityId: string;
  month: string;
  book?: LocalDate[] | null;
  cancel?: LocalDate[] | null;
  idempotencyKey?: string | null;
}

export const PROCESS_RESERVATION_JOB = 'process';
export const MAX_DAYS_PER_REQUEST = 62;

interface Prepared {
  child: ChildEntity;
  activity: ActivityEntity;
  calendar: ActivityCalendar;
  checks: DayCheck[];
}

/** "Les réservations": the family's requests, validated synchronously, processed by the queue. */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly children: ChildrenService,
    private readonly activities: ActivitiesService,
    private readonly registrations: RegistrationsService,
    private readonly states: ReservationStateKeeper,
    @Inject(JOB_QUEUE_DRIVER) private readonly queue: JobQueueDriver,
  ) {}

  /** The child (own family), the activity (commune), an ACCEPTED registration, and every day checked. */
  async prepare(ctx: RequestContext, request: ReservationRequest): Promise<Prepared> {
    const bounds = monthBounds(request.month);
    if (!bounds) throw badInput('INVALID_MONTH', 'Mois invalide : format attendu AAAA-MM (ex. 2021-09).', { field: 'month' });
    const book = request.book ?? [];
    const cancel = request.cancel ?? [];
    if (!book.length && !cancel.length) throw badInput('EMPTY_REQUEST', 'Sélectionnez au moins un jour à réserver ou à annuler.');
    if (book.length + cancel.length > MAX_DAYS_PER_REQUEST) {
      throw badInput('TOO_MANY_DAYS', `Une demande porte sur ${MAX_DAYS_PER_REQUEST} jours au plus.`);
    }
    const child = await this.children.find(ctx, request.childId);
    const activity = await this.activities.get(ctx, request.activityId);
    if (!(await this.registrations.isAccepted(child.id, activity.id))) {
      throw badInput('NOT_REGISTERED', "L'enfant n'est pas inscrit à cette activité : faites d'abord une demande d'inscription.");
    }
    const calendar = await this.activities.calendar(activity);
    const presences = await this.presences(child.id, activity.id, bounds.first, bounds.last);
    const checks = checkDays({ month: request.month, book, cancel, calendar, today: communeToday(ctx), presences });
    return { child, activity, calendar, checks };
  }

  async preview(ctx: RequestContext, request: ReservationRequest): Promise<DayCheck[]> {
    return (await this.prepare(ctx, request)).checks;
  }

  /**
   * Confirms a request: all or nothing. The number is drawn before the transaction (a short lock,
   * gaps allowed); presence rows are written with guarded upserts so that a concurrent request for
   * the same child and day loses cleanly instead of double-booking.
   */
  async submit(ctx: RequestContext, request: ReservationRequest): Promise<ReservationEntity> {
    await this.registrations.assertEmailVerified(ctx);
    const familyId = ctx.familyId;
    const key = request.idempotencyKey?.trim() || null;
    if (key) {
      const existing = await this.byIdempotencyKey(familyId, key);
      if (existing) return this.sameRequestOr409(existing, request);
    }
    const { child, activity, checks } = await this.prepare(ctx, request);
    const invalid = checks.filter((c) => c.reason);
    if (invalid.length) {
      // A retry of a confirmation that committed meanwhile finds its own days taken: it is that confirmation.
      const existing = key ? await this.byIdempotencyKey(familyId, key) : null;
      if (existing) return this.sameRequestOr409(existing, request);
      throw invalidDays(invalid);
    }

    try {
      return await this.uow.run(async (tx) => {
        const reservation = tx.manager.create(ReservationEntity, {
          id: randomUUID(),
          communeId: ctx.communeId,
          familyId,
          childId: child.id,
          activityId: activity.id,
          month: request.month,
          firstDate: checks[0].date,
          lastDate: checks[checks.length - 1].date,
          state: 'PENDING' as ReservationState,
          idempotencyKey: key,
          createdBy: ctx.account.accountId,
        });
        const lines = checks.map((c) => ({
          id: randomUUID(),
          reservationId: reservation.id,
          childId: child.id,
          activityId: activity.id,
          date: c.date,
          kind: c.kind,
          state: 'REQUESTED' as const,
        }));
        await tx.manager.insert(ReservationLineEntity, lines);
        await this.claimPresences(tx, child, activity.id, lines);
        await this.insertNumbered(tx, reservation);
        tx.afterCommit(() => this.queue.add('reservations', PROCESS_RESERVATION_JOB, { reservationId: reservation.id }, { jobId: reservation.id }));
        return reservation;
      });
    } catch (err) {
      if (key && (isUniqueViolation(err) || (err instanceof DomainError && err.reason === 'INVALID_DAYS'))) {
        const existing = await this.byIdempotencyKey(familyId, key);
        if (existing) return this.sameRequestOr409(existing, request);
      }
      throw err;
    }
  }

  /**
   * Inserts the reservation with the commune's next number, as the transaction's last statement: the
   * counter row stays locked only until commit (concurrent requests barely wait) and a request that
   * fails leaves no gap. The lines' foreign key to the reservation is checked at commit (deferred).
   */
  private async insertNumbered(tx: Tx, r: ReservationEntity): Promise<void> {
    const [row] = (await tx.manager.query(
      `WITH n AS (
         INSERT INTO commune_counter (commune_id, name, value) VALUES ($2, 'reservation', 1)
         ON CONFLICT (commune_id, name) DO UPDATE SET value = commune_counter.value + 1 RETURNING value
       )
       INSERT INTO reservation (id, commune_id, family_id, child_id, activity_id, number, month, first_date, last_date, state, idempotency_key, created_by)
       SELECT $1, $2, $3, $4, $5, n.value, $6, $7, $8, $9, $10, $11 FROM n
       RETURNING number, created_at`,
      [r.id, r.communeId, r.familyId, r.childId, r.activityId, r.month, r.firstDate, r.lastDate, r.state, r.idempotencyKey, r.createdBy],
    )) as Array<{ number: number; created_at: Date }>;
    r.number = row.number;
    r.createdAt = row.created_at;
  }

  /** BOOK days become REQUESTED unless already held; CANCEL days must still be BOOKED and unbilled. */
  private async claimPresences(tx: Tx, child: ChildEntity, activityId: string, lines: Array<{ id: string; date: string; kind: string }>) {
    const books = lines.filter((l) => l.kind === 'BOOK');
    const cancels = lines.filter((l) => l.kind === 'CANCEL');
    const lost: DayCheck[] = [];
    if (books.length) {
      const claimed = (await tx.manager.query(
        `INSERT INTO presence (child_id, activity_id, date, family_id, status, line_id)
         SELECT $1, $2, t.d, $3, 'REQUESTED', t.l FROM unnest($4::date[], $5::uuid[]) AS t(d, l)
         ON CONFLICT (child_id, activity_id, date) DO UPDATE SET status = 'REQUESTED', line_id = EXCLUDED.line_id, invoice_id = NULL
          WHERE presence.status IN ('CANCELLED', 'NO_PLACE', 'REFUSED')
         RETURNING date`,
        [child.id, activityId, child.familyId, books.map((b) => b.date), books.map((b) => b.id)],
      )) as Array<{ date: string }>;
      const got = new Set(claimed.map((c) => c.date));
      books.filter((b) => !got.has(b.date)).forEach((b) => lost.push({ date: b.date, kind: 'BOOK', reason: 'ALREADY_BOOKED' }));
    }
    if (cancels.length) {
      const [claimed] = (await tx.manager.query(
        `UPDATE presence p SET status = 'CANCEL_REQUESTED', line_id = t.l FROM unnest($3::date[], $4::uuid[]) AS t(d, l)
          WHERE p.child_id = $1 AND p.activity_id = $2 AND p.date = t.d AND p.status = 'BOOKED' AND p.invoice_id IS NULL
         RETURNING p.date`,
        [child.id, activityId, cancels.map((c) => c.date), cancels.map((c) => c.id)],
      )) as [Array<{ date: string }>, number];
      const got = new Set(claimed.map((c) => c.date));
      cancels.filter((c) => !got.has(c.date)).forEach((c) => lost.push({ date: c.date, kind: 'CANCEL', reason: 'NOT_BOOKED' }));
    }
    if (lost.length) throw invalidDays(lost);
  }

  /**
   * Withdraws a request still entirely waiting (REQUESTED / PENDING): held seats are freed, booked
   * days asked for cancellation stay booked.
   */
  async withdraw(ctx: RequestContext, reservationId: string): Promise<ReservationEntity> {
    const familyId = ctx.familyId;
    return this.uow.run(async (tx) => {
      const found = await tx.manager.findOneBy(ReservationEntity, { id: reservationId, familyId, communeId: ctx.communeId });
      if (!found) throw notFound('Reservation', 'Réservation introuvable.');
      await this.states.lockForChange(tx, found.id);
      const lines = await tx.manager.find(ReservationLineEntity, { where: { reservationId }, order: { date: 'ASC' } });
      if (!lines.every((l) => l.state === 'REQUESTED' || l.state === 'PENDING')) {
        throw conflict('NOT_WITHDRAWABLE', 'Cette réservation a déjà été traitée (en tout ou partie) : elle ne peut plus être retirée. Faites une demande d’annulation.');
      }
      const heldDays = lines.filter((l) => l.kind === 'BOOK' && l.state === 'PENDING').map((l) => l.date);
      if (heldDays.length) await this.states.releaseSeats(tx, found.activityId, heldDays, 'held');
      await this.states.setLines(tx, lines.map((l) => ({ line: l, state: 'WITHDRAWN' as const, presence: l.kind === 'BOOK' ? 'CANCELLED' : 'BOOKED' })));
      await this.states.refresh(tx, found.id);
      return tx.manager.findOneByOrFail(ReservationEntity, { id: found.id });
    });
  }

  /**
   * Staff accept and/or refuse pending days. Checked here (each date a PENDING line of this
   * reservation, no date on both sides); applied by the queue worker, like the processing.
   */
  async requestDecision(ctx: RequestContext, input: { reservationId: string; accept?: LocalDate[] | null; refuse?: LocalDate[] | null; reason?: string | null }) {
    const reservation = await this.get(ctx, input.reservationId);
    const accept = [...new Set(input.accept ?? [])];
    const refuse = [...new Set(input.refuse ?? [])];
    if (!accept.length && !refuse.length) throw badInput('EMPTY_REQUEST', 'Choisissez au moins un jour à accepter ou à refuser.');
    const pending = new Map(
      (await this.uow.manager.find(ReservationLineEntity, { where: { reservationId: reservation.id, state: 'PENDING' } })).map((l) => [l.date, l]),
    );
    const bad = [
      ...accept.filter((d) => refuse.includes(d)).map((date) => ({ date, reason: 'ACCEPTED_AND_REFUSED' })),
      ...[...accept, ...refuse].filter((d) => !pending.has(d) && !(accept.includes(d) && refuse.includes(d))).map((date) => ({ date, reason: 'NOT_PENDING' })),
    ];
    if (bad.length) {
      throw badInput('INVALID_DAYS', `Décision impossible : ${bad.map((b) => b.date.split('-').reverse().join('/')).join(', ')} (jour non en attente de décision, ou accepté et refusé à la fois).`, {
        invalidDays: bad,
      });
    }
    const job: DecisionJob = { reservationId: reservation.id, accept, refuse, reason: input.reason?.trim() || null };
    await this.queue.add('reservations', DECIDE_RESERVATION_JOB, job);
    return reservation;
  }

  async get(ctx: RequestContext, id: string): Promise<ReservationEntity> {
    const found = await this.uow.manager.findOneBy(ReservationEntity, {
      id,
      communeId: ctx.communeId,
      ...(ctx.isStaff ? {} : { familyId: ctx.familyId }),
    });
    if (!found) throw notFound('Reservation', 'Réservation introuvable.');
    return found;
  }

  async mine(ctx: RequestContext, args: PageArgs): Promise<Page<ReservationEntity>> {
    return this.page({ communeId: ctx.communeId, familyId: ctx.familyId }, args);
  }

  async list(ctx: RequestContext, args: PageArgs & { activityId?: string; state?: ReservationState }): Promise<Page<ReservationEntity>> {
    return this.page(
      { communeId: ctx.communeId, ...(args.activityId ? { activityId: args.activityId } : {}), ...(args.state ? { state: args.state } : {}) },
      args,
    );
  }

  async linesOf(reservationIds: readonly string[]): Promise<ReservationLineEntity[][]> {
    const rows = await this.uow.manager.find(ReservationLineEntity, { where: { reservationId: In([...reservationIds]) }, order: { date: 'ASC' } });
    return reservationIds.map((id) => rows.filter((r) => r.reservationId === id));
  }

  /** The child's presences of the days from..to, by date. */
  async presences(childId: string, activityId: string, from: LocalDate, to: LocalDate): Promise<Map<LocalDate, KnownPresence>> {
    const rows = await this.uow.manager
      .createQueryBuilder(PresenceEntity, 'p')
      .where('p.childId = :childId AND p.activityId = :activityId AND p.date BETWEEN :from AND :to', { childId, activityId, from, to })
      .getMany();
    return new Map(rows.map((r) => [r.date, { status: r.status, billed: r.invoiceId !== null }]));
  }

  private async page(where: Record<string, string>, args: PageArgs): Promise<Page<ReservationEntity>> {
    const req = pageRequest(args);
    const [rows, total] = await this.uow.manager.findAndCount(ReservationEntity, {
      where,
      order: { createdAt: 'DESC', number: 'DESC' },
      skip: req.offset,
      take: req.pageSize,
    });
    return toPage(req, rows, total);
  }

  private byIdempotencyKey(familyId: string, key: string) {
    return this.uow.manager.findOneBy(ReservationEntity, { familyId, idempotencyKey: key });
  }

  /** A replay must be the same request: same child, activity, month and days; else the key was reused. */
  private async sameRequestOr409(existing: ReservationEntity, request: ReservationRequest): Promise<ReservationEntity> {
    const lines = await this.uow.manager.find(ReservationLineEntity, { where: { reservationId: existing.id }, select: { date: true, kind: true } });
    const asked = [...(request.book ?? []).map((d) => `BOOK ${d}`), ...(request.cancel ?? []).map((d) => `CANCEL ${d}`)].sort();
    const saved = lines.map((l) => `${l.kind} ${l.date}`).sort();
    if (
      existing.childId !== request.childId ||
      existing.activityId !== request.activityId ||
      existing.month !== request.month ||
      asked.join() !== saved.join()
    ) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'Cette clé d’idempotence a déjà servi pour une autre demande.');
    }
    return existing;
  }
}

/** BAD_USER_INPUT / INVALID_DAYS with `extensions.invalidDays`, and a French message listing every bad day. */
export function invalidDays(days: DayCheck[]): DomainError {
  const list = days.map((d) => `${d.date.split('-').reverse().join('/')} ${INVALID_DAY_MESSAGES[d.reason!]}`).join(' ; ');
  return badInput('INVALID_DAYS', `Demande refusée, aucun jour n'a été enregistré : ${list}.`, {
    invalidDays: days.map((d) => ({ date: d.date, kind: d.kind, reason: d.reason })),
  });
}
