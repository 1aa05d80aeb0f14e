import { OnModuleInit } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../common/auth/decorators';
import { Role, STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { PageArgs } from '../../common/graphql/pagination';
import { ActivityType } from '../activities/dto/activity.type';
import { ChildType } from '../children/dto/child.type';
import { DecideRegistrationInput, RegisterChildInput, RegistrationsArgs } from './dto/registration.inputs';
import { RegistrationPageType, RegistrationType } from './dto/registration.type';
import { RegistrationsService } from './registrations.service';

@Resolver(() => RegistrationType)
export class RegistrationsResolver implements OnModuleInit {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The registrations module's batch read, for `Child.registrations`. */
  onModuleInit() {
    this.loaders.register('registrationsByChild', (ids) => this.registrations.byChildren(ids));
  }

  @Roles(Role.FAMILY)
  @Mutation(() => RegistrationType, { description: 'Nouvelle inscription.' })
  registerChild(@Ctx() ctx: RequestContext, @Args('input') input: RegisterChildInput) {
    return this.registrations.register(ctx, input.childId, input.activityId);
  }

  @Roles(Role.FAMILY)
  @Query(() => RegistrationPageType, { description: 'Les inscriptions de mes enfants, les plus récentes d’abord.' })
  myRegistrations(@Ctx() ctx: RequestContext, @Args() args: PageArgs) {
    return this.registrations.mine(ctx, args);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => RegistrationPageType, { name: 'registrations', description: 'Inscriptions de la commune, filtrées par activité, famille et état.' })
  listRegistrations(@Ctx() ctx: RequestContext, @Args() args: RegistrationsArgs) {
    return this.registrations.list(ctx, args);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => RegistrationType, { description: 'Accepter ou refuser une inscription en attente.' })
  decideRegistration(@Ctx() ctx: RequestContext, @Args('input') input: DecideRegistrationInput) {
    return this.registrations.decide(ctx, input.registrationId, input.accept, input.reason);
  }

  @ResolveField(() => ChildType)
  child(@Parent() reg: RegistrationType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('children').load(reg.childId);
  }

  @ResolveField(() => ActivityType)
  activity(@Parent() reg: RegistrationType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('activities').load(reg.activityId);
  }
}
