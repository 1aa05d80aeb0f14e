import { INVALID_MONTH } from '../../common/graphql/month';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { frenchDate, LocalDate, monthBounds } from '../../common/dates/local-date';
import { badInput, conflict, DomainError, notFound } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { Jobs } from '../../queue/jobs';
import { ActivityEntity } from '../activities/activity.entity';
import { ActivityCalendar } from '../activities/service-calendar';
import { RegistrationsService } from '../registrations/registrations.service';
import { ReservationLineEntity } from './reservation-line.entity';
import { ReservationEntity } from './reservation.entity';
import { checkDays, DayCheck, INVALID_DAY_MESSAGES, OPEN_LINE_STATES, ReservationState } from './reservation-rules';
import { BookingContextLoader } from './booking-context.loader';
import { ActivitiesStore } from '../activities/activities.store';
import { isLostClaim, ReservationsStore } from './reservations.store';
import { ReservationLinksStore } from './reservation-links.store';

export interface ReservationRequest {
  childId: string;
  activityId: string;
  month: string;
  book?: LocalDate[] | null;
  cancel?: LocalDate[] | null;
  idempotencyKey?: string | null;
}

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
    private readonly store: ReservationsStore,
    /** The activity's day seat counters. */
    private readonly seats: ActivitiesStore,
    private readonly context: BookingContextLoader,
    private readonly registrations: RegistrationsService,
    private readonly jobs: Jobs,
    private readonly links: ReservationLinksStore,
  ) {}

  /** The child (own family), the activity (commune), an ACCEPTED registration, and every day checked. */
  async prepare(ctx: RequestContext, request: ReservationRequest): Promise<Prepared> {
    const bounds = monthBounds(request.month);
    if (!bounds) throw badInput('INVALID_MONTH', INVALID_MONTH, { field: 'month' });
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
   * Confirms a request: all or nothing, in one statement (see `ReservationsStore.insertClaimed`):
   * a concurrent request for the same child and day loses cleanly instead of double-booking, and
   * the gapless number is drawn in that statement.
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

    const reservation = Object.assign(new ReservationEntity(), {
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
      await this.uow.autocommit((tx) => this.store.insertClaimed(tx, reservation, checks));
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
    // Confirmed whatever the queue's health: with Redis down, the sweeper enqueues it on its return.
    await this.jobs.enqueueOrLeaveToSweeper('reservations.process', { reservationId: reservation.id }, { jobId: reservation.id });
    return reservation;
  }

  /**
   * Withdraws a request still entirely waiting (REQUESTED / PENDING): held seats are freed, booked
   * days asked for cancellation stay booked.
   */
  async withdraw(ctx: RequestContext, reservationId: string): Promise<ReservationEntity> {
    const familyId = ctx.familyId;
    return this.uow.run(async (tx) => {
      const found = await this.store.byId(tx, reservationId, { communeId: ctx.communeId, familyId });
      if (!found) throw notFound('Reservation', 'Réservation introuvable.');
      await this.store.lockReservations(tx, [found.id]);
      const lines = await this.store.linesOf(tx, [found.id]);
      if (!lines.every((l) => OPEN_LINE_STATES.includes(l.state))) {
        throw conflict('NOT_WITHDRAWABLE', 'Cette réservation a déjà été traitée (en tout ou partie) : elle ne peut plus être retirée. Faites une demande d’annulation.');
      }
      const heldDays = lines.filter((l) => l.kind === 'BOOK' && l.state === 'PENDING').map((l) => l.date);
      await this.seats.releaseSeats(tx, found.activityId, heldDays, 'held');
      await this.store.setLines(
        tx,
        lines.map((l) => ({ line: l, state: 'WITHDRAWN' as const, presence: l.kind === 'BOOK' ? 'CANCELLED' : 'BOOKED' })),
      );
      return (await this.store.byId(tx, found.id, { communeId: ctx.communeId }))!;
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
    const pending = new Map((await this.store.linesIn(this.uow.read, reservation.id, ['PENDING'])).map((l) => [l.date, l]));
    const bad = [
      ...accept.filter((d) => refuse.includes(d)).map((date) => ({ date, reason: 'ACCEPTED_AND_REFUSED' })),
      ...[...accept, ...refuse].filter((d) => !pending.has(d) && !(accept.includes(d) && refuse.includes(d))).map((date) => ({ date, reason: 'NOT_PENDING' })),
    ];
    if (bad.length) {
      throw badInput('INVALID_DAYS', `Décision impossible : ${bad.map((b) => frenchDate(b.date)).join(', ')} (jour non en attente de décision, ou accepté et refusé à la fois).`, {
        invalidDays: bad,
      });
    }
    // A refusal is explained to the family: its reason is shown on the reservation and in the mail.
    const reason = input.reason?.trim() || null;
    if (refuse.length && !reason) throw badInput('REASON_REQUIRED', 'Indiquez le motif du refus : il est montré à la famille.', { field: 'reason' });
    // Recorded nowhere else: with Redis down, it is applied here and now rather than lost.
    await this.jobs.enqueueOrRunNow('reservations.decide', { reservationId: reservation.id, accept, refuse, reason });
    return reservation;
  }

  async get(ctx: RequestContext, id: string): Promise<ReservationEntity> {
    const found = await this.store.byId(this.uow.read, id, { communeId: ctx.communeId, familyId: ctx.isStaff ? null : ctx.familyId });
    if (!found) throw notFound('Reservation', 'Réservation introuvable.');
    return found;
  }

  async mine(ctx: RequestContext, args: PageArgs): Promise<Page<ReservationEntity>> {
    return this.page({ communeId: ctx.communeId, familyId: ctx.familyId }, args);
  }

  /** Staff's list of the commune's reservations (an activity's, a family's, a state), filtered on the server. */
  async list(ctx: RequestContext, args: PageArgs & { activityId?: string; familyId?: string; state?: ReservationState }): Promise<Page<ReservationEntity>> {
    return this.page(
      {
        communeId: ctx.communeId,
        ...(args.activityId ? { activityId: args.activityId } : {}),
        ...(args.familyId ? { familyId: args.familyId } : {}),
        ...(args.state ? { state: args.state } : {}),
      },
      args,
    );
  }

  async linesOf(reservationIds: readonly string[]): Promise<ReservationLineEntity[][]> {
    const rows = await this.store.linesOf(this.uow.read, reservationIds);
    return reservationIds.map((id) => rows.filter((r) => r.reservationId === id));
  }

  /**
   * Batch for `ReservationLine.cancelledBy`: the later request that cancelled each accepted booking,
   * or null. Lines reach here only through reservations already authorised; the cancelling request
   * is of the same child, so of the same family and commune.
   */
  async cancelledBy(lineIds: readonly string[]): Promise<Array<ReservationEntity | null>> {
    const found = new Map((await this.links.cancellingReservations(this.uow.read, lineIds)).map((f) => [f.lineId, f.reservation]));
    return lineIds.map((id) => found.get(id) ?? null);
  }

  /** Batch for `ReservationLine.townHallNote`: « Jour fermé : Grève », « Absence excusée », or null. */
  async townHallNotes(lineIds: readonly string[]): Promise<Array<string | null>> {
    const found = new Map((await this.links.townHallOutcomes(this.uow.read, lineIds)).map((o) => [o.lineId, o]));
    return lineIds.map((id) => {
      const o = found.get(id);
      if (!o) return null;
      return o.excused ? 'Absence excusée par la mairie' : `Jour fermé par la mairie : ${o.closureLabel}`;
    });
  }

  private async page(where: Parameters<ReservationsStore['page']>[1], args: PageArgs): Promise<Page<ReservationEntity>> {
    const req = pageRequest(args);
    const [rows, total] = await this.store.page(this.uow.read, where, req);
    return toPage(req, rows, total);
  }

  private byIdempotencyKey(familyId: string, key: string) {
    return this.store.byIdempotencyKey(this.uow.read, familyId, key);
  }

  /** A replay must be the same request: same child, activity, month and days; else the key was reused. */
  private async sameRequestOr409(existing: ReservationEntity, request: ReservationRequest): Promise<ReservationEntity> {
    const lines = await this.store.linesOf(this.uow.read, [existing.id]);
    const asked = [...(request.book ?? []).map((d) => `BOOK ${d}`), ...(request.cancel ?? []).map((d) => `CANCEL ${d}`)].sort();
    const saved = lines.map((l) => `${l.kind} ${l.date}`).sort();
    if (existing.childId !== request.childId || existing.activityId !== request.activityId || existing.month !== request.month || asked.join() !== saved.join()) {
      throw conflict('IDEMPOTENCY_KEY_REUSED', 'Cette clé d’idempotence a déjà servi pour une autre demande.');
    }
    return existing;
  }
}

/** BAD_USER_INPUT / INVALID_DAYS with `extensions.invalidDays`, and a French message listing every bad day. */
export function invalidDays(days: DayCheck[]): DomainError {
  const list = days.map((d) => `${frenchDate(d.date)} ${INVALID_DAY_MESSAGES[d.reason!]}`).join(' ; ');
  return badInput('INVALID_DAYS', `Demande refusée, aucun jour n’a été enregistré : ${list}.`, {
    invalidDays: days.map((d) => ({ date: d.date, kind: d.kind, reason: d.reason, message: INVALID_DAY_MESSAGES[d.reason!] })),
  });
}
