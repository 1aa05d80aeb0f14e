import { Injectable } from '@nestjs/common';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { badInput, conflict, forbidden, notFound } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { ActivitiesService } from '../activities/activities.service';
import { ChildrenService } from '../children/children.service';
import { RegistrationType } from './dto/registration.type';
import { RegistrationEntity, RegistrationState } from './registration.entity';
import { RegistrationFilter, RegistrationsStore } from './registrations.store';

/** "Les inscriptions": a child registered to an activity for its school year. */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: RegistrationsStore,
    private readonly children: ChildrenService,
    private readonly activities: ActivitiesService,
  ) {}

  /** A family registers its child; automatic activities accept at once, others wait for staff. */
  async register(ctx: RequestContext, childId: string, activityId: string): Promise<RegistrationType> {
    await this.assertEmailVerified(ctx);
    const child = await this.children.find(ctx, childId);
    const activity = await this.activities.get(ctx, activityId);
    if (activity.endDate < communeToday(ctx)) {
      throw badInput('ACTIVITY_ENDED', 'Cette activité est terminée : inscription impossible.', { field: 'activityId' });
    }
    try {
      const saved = await this.uow.autocommit((tx) =>
        this.store.insert(tx, {
          communeId: ctx.communeId,
          familyId: child.familyId,
          childId: child.id,
          activityId: activity.id,
          state: activity.autoAccept ? RegistrationState.ACCEPTED : RegistrationState.PENDING,
          decidedAt: activity.autoAccept ? new Date() : null,
        }),
      );
      return toRegistrationType(saved);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ALREADY_REGISTERED', 'L’enfant est déjà inscrit à cette activité.');
      throw err;
    }
  }

  async decide(ctx: RequestContext, registrationId: string, accept: boolean, reason?: string | null): Promise<RegistrationType> {
    const to = accept ? RegistrationState.ACCEPTED : RegistrationState.REFUSED;
    // A refusal is explained to the family (« Les inscriptions » shows its reason), as for reservations.
    if (!accept && !reason?.trim()) throw badInput('REASON_REQUIRED', 'Indiquez le motif du refus : il est montré à la famille.', { field: 'reason' });
    return this.uow.run(async (tx) => {
      const decided = await this.store.decide(tx, {
        communeId: ctx.communeId,
        id: registrationId,
        to,
        reason: reason?.trim() || null,
        decidedBy: ctx.account.accountId,
      });
      if (decided) return toRegistrationType(decided);
      const current = await this.store.find(tx, ctx.communeId, registrationId);
      if (!current) throw notFound('Registration', 'Inscription introuvable.');
      throw conflict('ALREADY_DECIDED', `Cette inscription a déjà été ${current.state === RegistrationState.ACCEPTED ? 'acceptée' : 'refusée'}.`);
    });
  }

  async mine(ctx: RequestContext, args: PageArgs): Promise<Page<RegistrationType>> {
    return this.page({ communeId: ctx.communeId, familyId: ctx.familyId }, args);
  }

  /** Staff's list of the commune's registrations (an activity's, a family's, a state), filtered on the server. */
  async list(ctx: RequestContext, args: PageArgs & { activityId?: string; familyId?: string; state?: RegistrationState }): Promise<Page<RegistrationType>> {
    return this.page({ communeId: ctx.communeId, activityId: args.activityId, familyId: args.familyId, state: args.state }, args);
  }

  async byChildren(childIds: readonly string[]): Promise<RegistrationType[][]> {
    const rows = await this.store.ofChildren(this.uow.read, childIds);
    return childIds.map((id) => rows.filter((r) => r.childId === id).map(toRegistrationType));
  }

  private async page(filter: RegistrationFilter, args: PageArgs): Promise<Page<RegistrationType>> {
    const req = pageRequest(args);
    const [rows, total] = await this.store.page(this.uow.read, filter, req.offset, req.pageSize);
    return toPage(req, rows.map(toRegistrationType), total);
  }

  /** SPEC: "tant que votre email ne sera pas validé, aucune demande d’inscription ne sera prise en compte". */
  async assertEmailVerified(ctx: RequestContext): Promise<void> {
    if (ctx.isStaff) return;
    if (!ctx.account.emailVerified) throw forbidden('EMAIL_NOT_VERIFIED', 'Votre adresse e-mail n’est pas encore validée : aucune demande ne peut être prise en compte.');
  }
}

export const toRegistrationType = (r: RegistrationEntity): RegistrationType => ({
  id: r.id,
  state: r.state,
  createdAt: r.createdAt,
  reason: r.reason,
  childId: r.childId,
  activityId: r.activityId,
});
