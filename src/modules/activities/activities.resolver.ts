import { OnModuleInit } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../common/auth/decorators';
import { STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { ActivitiesService } from './activities.service';
import { AddClosureInput, CreateActivityInput, RemoveClosureInput, CreateEstablishmentInput, SetDayCapacityInput, SetPriceBracketsInput, UpdateActivityInput } from './dto/activity.inputs';
import { ActivityType, ClosureType, DayHeadcountType, EstablishmentType, PriceBracketType } from './dto/activity.type';

@Resolver(() => ActivityType)
export class ActivitiesResolver implements OnModuleInit {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The activities module's batch reads, for the field resolvers of every module. */
  onModuleInit() {
    this.loaders.register('activities', (ids) => this.activities.activitiesByIds(ids));
    this.loaders.register('establishments', (ids) => this.activities.establishmentsByIds(ids));
    this.loaders.register('closures', (ids) => this.activities.closuresOf(ids));
    this.loaders.register('priceBrackets', (ids) => this.activities.priceBracketsOf(ids));
  }

  @Query(() => [ActivityType], { name: 'activities', description: 'Les activités de la commune.' })
  listActivities(@Ctx() ctx: RequestContext) {
    return this.activities.list(ctx);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => [EstablishmentType], { description: 'Les établissements de la commune, par nom.' })
  establishments(@Ctx() ctx: RequestContext) {
    return this.activities.establishments(ctx);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => EstablishmentType)
  createEstablishment(@Ctx() ctx: RequestContext, @Args('input') input: CreateEstablishmentInput) {
    return this.activities.createEstablishment(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => ActivityType)
  createActivity(@Ctx() ctx: RequestContext, @Args('input') input: CreateActivityInput) {
    return this.activities.create(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => ActivityType)
  updateActivity(@Ctx() ctx: RequestContext, @Args('input') input: UpdateActivityInput) {
    const { id, ...changes } = input;
    return this.activities.update(ctx, id, changes);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => ActivityType, { description: 'Ferme des jours (vacances, grève…) ; les présences déjà acceptées ces jours-là sont annulées.' })
  addClosure(@Ctx() ctx: RequestContext, @Args('input') input: AddClosureInput) {
    return this.activities.addClosure(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => ActivityType, {
    description: 'Retire les fermetures comprises dans la période : les jours redeviennent réservables ; rien de ce qui a été annulé n’est réservé à nouveau.',
  })
  removeClosure(@Ctx() ctx: RequestContext, @Args('input') input: RemoveClosureInput) {
    return this.activities.removeClosure(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => DayHeadcountType, { description: 'Capacité d’un jour ; jamais sous les places déjà prises.' })
  setDayCapacity(@Ctx() ctx: RequestContext, @Args('input') input: SetDayCapacityInput) {
    return this.activities.setDayCapacity(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => ActivityType, { description: 'Remplace les tranches de prix au quotient familial ; une liste vide rétablit le prix unique.' })
  setPriceBrackets(@Ctx() ctx: RequestContext, @Args('input') input: SetPriceBracketsInput) {
    return this.activities.setPriceBrackets(ctx, input);
  }

  @ResolveField(() => EstablishmentType)
  establishment(@Parent() activity: ActivityType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('establishments').load(activity.establishmentId);
  }

  @ResolveField(() => [ClosureType], { description: 'Fermetures décidées par la commune et jours fériés de la période.' })
  closures(@Parent() activity: ActivityType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('closures').load(activity.id);
  }

  @ResolveField(() => [PriceBracketType], { description: 'Tranches de prix au quotient familial, dans l’ordre ; vide : le prix unique pour tous.' })
  priceBrackets(@Parent() activity: ActivityType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('priceBrackets').load(activity.id);
  }
}
