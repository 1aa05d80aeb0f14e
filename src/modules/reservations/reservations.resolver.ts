import { INVALID_DAY_MESSAGES } from './reservation-rules';
import { OnModuleInit } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../common/auth/decorators';
import { Role, STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { PageArgs } from '../../common/graphql/pagination';
import { ParseUuidPipe } from '../../common/http/parse-uuid.pipe';
import { ActivityType, DayHeadcountType } from '../activities/dto/activity.type';
import { ChildType } from '../children/dto/child.type';
import { DecideReservationInput, HeadcountArgs, ReservationsArgs, SubmitReservationInput, WithdrawReservationInput } from './dto/reservation.inputs';
import { deriveReservationState, RESERVATION_STATE_LABELS, ReservationState } from './reservation-rules';
import { ReservationStateEnum, ReservationLineType, ReservationPageType, ReservationPreviewType, ReservationType, toReservationType } from './dto/reservation.type';
import { PlanningService } from './planning.service';
import { ReservationsService } from './reservations.service';

@Resolver(() => ReservationType)
export class ReservationsResolver implements OnModuleInit {
  constructor(
    private readonly service: ReservationsService,
    private readonly planning: PlanningService,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The reservations module's batch reads, for the field resolvers of every module. */
  onModuleInit() {
    this.loaders.register('reservationLines', (ids) => this.service.linesOf(ids));
    this.loaders.register('cancelledBy', (ids) => this.service.cancelledBy(ids));
    this.loaders.register('townHallNote', (ids) => this.service.townHallNotes(ids));
    this.loaders.register('childrenByDay', (days) => this.planning.childrenOf(days));
    this.loaders.register('dietsByDay', (days) => this.planning.dietsOf(days));
  }

  @Roles(Role.FAMILY)
  @Mutation(() => ReservationPreviewType, { description: '« Validation du planning » : quels jours passent, et pourquoi les autres non. Rien n’est enregistré.' })
  async previewReservation(@Ctx() ctx: RequestContext, @Args('input') input: SubmitReservationInput): Promise<ReservationPreviewType> {
    const checks = await this.service.preview(ctx, input);
    return {
      valid: checks.every((c) => !c.reason),
      lines: checks.map((c) => ({ date: c.date, kind: c.kind, ok: !c.reason, reason: c.reason, message: c.reason ? INVALID_DAY_MESSAGES[c.reason] : null })),
    };
  }

  @Roles(Role.FAMILY)
  @Mutation(() => ReservationType, { description: 'Confirme la demande : tout ou rien ; traitée ensuite par la file des réservations.' })
  async submitReservation(@Ctx() ctx: RequestContext, @Args('input') input: SubmitReservationInput) {
    return toReservationType(await this.service.submit(ctx, input));
  }

  @Roles(Role.FAMILY)
  @Mutation(() => ReservationType, { description: 'Retire une demande dont tous les jours sont encore en attente.' })
  async withdrawReservation(@Ctx() ctx: RequestContext, @Args('input') input: WithdrawReservationInput) {
    return toReservationType(await this.service.withdraw(ctx, input.reservationId));
  }

  @Roles(Role.FAMILY)
  @Query(() => ReservationPageType, { description: 'Les réservations de ma famille, les plus récentes d’abord.' })
  async myReservations(@Ctx() ctx: RequestContext, @Args() args: PageArgs) {
    const page = await this.service.mine(ctx, args);
    return { ...page, items: page.items.map(toReservationType) };
  }

  @Query(() => ReservationType)
  async reservation(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, ParseUuidPipe) id: string) {
    return toReservationType(await this.service.get(ctx, id));
  }

  @Roles(...STAFF_ROLES)
  @Query(() => ReservationPageType, { name: 'reservations', description: 'Réservations de la commune, filtrées par activité, famille et état.' })
  async listReservations(@Ctx() ctx: RequestContext, @Args() args: ReservationsArgs) {
    const page = await this.service.list(ctx, args);
    return { ...page, items: page.items.map(toReservationType) };
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => ReservationType, { description: 'Accepter et/ou refuser des jours en attente ; appliqué par la file des réservations.' })
  async decideReservation(@Ctx() ctx: RequestContext, @Args('input') input: DecideReservationInput) {
    return toReservationType(await this.service.requestDecision(ctx, input));
  }

  @Roles(...STAFF_ROLES)
  @Query(() => [DayHeadcountType], { description: 'Effectifs par jour de service : capacité, présences acceptées, en attente.' })
  dailyHeadcount(@Ctx() ctx: RequestContext, @Args() args: HeadcountArgs) {
    return this.planning.headcount(ctx, args.activityId, args.from, args.to);
  }

  @ResolveField(() => ChildType)
  child(@Parent() r: ReservationType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('children').load(r.childId);
  }

  @ResolveField(() => ActivityType)
  activity(@Parent() r: ReservationType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('activities').load(r.activityId);
  }

  @ResolveField(() => [ReservationLineType])
  lines(@Parent() r: ReservationType, @Context() gql: GraphqlContext) {
    return this.linesLoader(gql).load(r.id);
  }

  /**
   * Derived from the very lines this answer shows (one read per request, shared with `lines`): an
   * answer can never say PENDING beside lines that are all decided, whatever the worker does
   * between two reads — the mutation's own answer included.
   */
  @ResolveField(() => ReservationStateEnum)
  async state(@Parent() r: ReservationType, @Context() gql: GraphqlContext): Promise<ReservationState> {
    return deriveReservationState(await this.linesLoader(gql).load(r.id));
  }

  @ResolveField(() => String, { description: '« Réservation acceptée »… (légende « état de la réservation »), dérivé des mêmes lignes que `state`.' })
  async stateLabel(@Parent() r: ReservationType, @Context() gql: GraphqlContext): Promise<string> {
    return RESERVATION_STATE_LABELS[await this.state(r, gql)];
  }

  private linesLoader(gql: GraphqlContext) {
    return gql.loaders.get('reservationLines');
  }
}
