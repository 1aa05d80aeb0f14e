import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { frenchDate, LocalDate, monthBounds } from '../../common/dates/local-date';
import { badInput, conflict, DomainError, notFound } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { JOB_QUEUE_DRIVER, JobQueueDriver } from '../../queue/job-queue.port';
import { ActivityEntity } from '../activities/activity.entity';
import { ActivityCalendar } from '../activities/service-calendar';
import { RegistrationsService } from '../registrations/registrations.service';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { checkDays, DayCheck, INVALID_DAY_MESSAGES, ReservationState } from './reservation-rules';
import { ReservationStateKeeper } from './reservation-state-keeper.service';
import { BookingContextLoader } from './booking-context.loader';
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
  child: { id: string; familyId: string };
  activity: ActivityEntity;
  calendar: ActivityCalendar;
  checks: DayCheck[];
}

/** "Les réservations": the family's requests, validated synchronously, processed by the queue. */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly context: BookingContextLoader,
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
    const { child, activity, calendar } = await this.context.load(ctx, request.childId, request.activityId);
    const days = await this.context.days(child.id, activity.id, bounds.first, bounds.last);
    const presences = new Map([...days].filter(([, d]) => d.presence).map(([date, d]) => [date, d.presence!]));
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
    // No look-up of the key first: a replay finds its days taken (or its key's unique index) and is
    // answered with the reservation it made, below.
    const { child, activity, checks } = await this.prepare(ctx, request);
    const invalid = checks.filter((c) => c.reason);
    if (invalid.length) {
      // A retry of a confirmation that committed meanwhile finds its own days taken: it is that confirmation.
      const existing = key ? await this.byIdempotencyKey(familyId, key) : null;
      if (existing) return this.sameRequestOr409(existing, request);
      throw invalidDays(invalid);
    }

    const reservation = this.uow.manager.create(ReservationEntity, {
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
    try {
      await this.insertClaimed(reservation, checks);
    } catch (err) {
      if (key && (isUniqueViolation(err) || isLostClaim(err))) {
        const existing = await this.byIdempotencyKey(familyId, key);
        if (existing) return this.sameRequestOr409(existing, request);
      }
      if (isLostClaim(err)) {
        // Another request took some of these days between the checks and the write: say which.
        const recheck = (await this.prepare(ctx, request)).checks.filter((c) => c.reason);
        throw recheck.length ? invalidDays(recheck) : conflict('CONCURRENT_CHANGE', 'Le planning vient de changer : vérifiez-le et validez à nouveau.');
      }
      throw err;
    }
    await this.queue.add('reservations', PROCESS_RESERVATION_JOB, { reservationId: reservation.id }, { jobId: reservation.id });
    return reservation;
  }

  /**
   * Writes a confirmed request in ONE statement, run on its own (autocommit): the lines, the claims
   * on the child's days (BOOK: a free day becomes REQUESTED; CANCEL: a booked, unbilled day becomes
   * CANCEL_REQUESTED), the commune's next number and the reservation. If any claim was lost to a
   * concurrent request the statement fails as a whole (nothing written, no number used). Being one
   * statement, the counter row's lock lasts no longer than the statement: no round trip to the
   * application while it is held, so concurrent confirmations barely wait for each other.
   */
  private async insertClaimed(r: ReservationEntity, checks: DayCheck[]): Promise<void> {
    const lineIds = checks.map(() => randomUUID());
    const rows = (await this.uow.manager.query(
      `WITH req AS (
         SELECT * FROM unnest($12::uuid[], $13::date[], $14::varchar[]) AS t(line_id, date, kind)
       ), lines AS (
         INSERT INTO reservation_line (id, reservation_id, child_id, activity_id, date, kind, state)
         SELECT line_id, $1, $4, $5, date, kind, 'REQUESTED' FROM req
         RETURNING id
       ), booked AS (
         INSERT INTO presence (child_id, activity_id, date, family_id, status, line_id)
         SELECT $4, $5, date, $3, 'REQUESTED', line_id FROM req WHERE kind = 'BOOK'
         ON CONFLICT (child_id, activity_id, date) DO UPDATE SET status = 'REQUESTED', line_id = EXCLUDED.line_id, invoice_id = NULL
          WHERE presence.status IN ('CANCELLED', 'NO_PLACE', 'REFUSED')
         RETURNING date
       ), cancelled AS (
         UPDATE presence p SET status = 'CANCEL_REQUESTED', line_id = req.line_id FROM req
          WHERE req.kind = 'CANCEL' AND p.child_id = $4 AND p.activity_id = $5 AND p.date = req.date
            AND p.status = 'BOOKED' AND p.invoice_id IS NULL
         RETURNING p.date
       ), counter AS (
         INSERT INTO commune_counter (commune_id, name, value) VALUES ($2, 'reservation', 1)
         ON CONFLICT (commune_id, name) DO UPDATE SET value = commune_counter.value + 1
         RETURNING value
       ), reservation AS (
         INSERT INTO reservation (id, commune_id, family_id, child_id, activity_id, number, month, first_date, last_date, state, idempotency_key, created_by)
         SELECT $1, $2, $3, $4, $5, counter.value, $6, $7, $8, $9, $10, $11 FROM counter
         RETURNING number, created_at
       )
       SELECT reservation.number, reservation.created_at, (SELECT count(*) FROM lines) AS lines,
              -- Aborts the whole statement (division by zero, 22012) when a claim was lost.
              1 / (CASE WHEN (SELECT count(*) FROM booked) + (SELECT count(*) FROM cancelled) = cardinality($12::uuid[]) THEN 1 ELSE 0 END) AS all_claimed
         FROM reservation`,
      [
        r.id, r.communeId, r.familyId, r.childId, r.activityId, r.month, r.firstDate, r.lastDate, r.state, r.idempotencyKey, r.createdBy,
        lineIds, checks.map((c) => c.date), checks.map((c) => c.kind),
      ],
    )) as Array<{ number: number; created_at: Date }>;
    r.number = rows[0].number;
    r.createdAt = rows[0].created_at;
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
      throw badInput('INVALID_DAYS', `Décision impossible : ${bad.map((b) => frenchDate(b.date)).join(', ')} (jour non en attente de décision, ou accepté et refusé à la fois).`, {
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

/** The write of a request found a day already taken: see insertClaimed. */
function isLostClaim(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return (e?.code ?? e?.driverError?.code) === '22012';
}

/** BAD_USER_INPUT / INVALID_DAYS with `extensions.invalidDays`, and a French message listing every bad day. */
export function invalidDays(days: DayCheck[]): DomainError {
  const list = days.map((d) => `${frenchDate(d.date)} ${INVALID_DAY_MESSAGES[d.reason!]}`).join(' ; ');
  return badInput('INVALID_DAYS', `Demande refusée, aucun jour n'a été enregistré : ${list}.`, {
    invalidDays: days.map((d) => ({ date: d.date, kind: d.kind, reason: d.reason })),
  });
}
