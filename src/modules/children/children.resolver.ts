import { OnModuleInit } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../common/auth/decorators';
import { Role } from '../../common/auth/role';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { ageLabel, ageOn } from '../../common/dates/age';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { ParseUuidPipe } from '../../common/http/parse-uuid.pipe';
import { ChildrenService } from './children.service';
import { AddChildInput, UpdateChildInput } from './dto/child.inputs';
import { AgeType, ChildType } from './dto/child.type';

@Resolver(() => ChildType)
export class ChildrenResolver implements OnModuleInit {
  // Child.registrations is resolved in the registrations module, which depends on this one.
  constructor(
    private readonly children: ChildrenService,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The children module's batch reads, for the field resolvers of every module (reservations, registrations, families). */
  onModuleInit() {
    this.loaders.register('children', (ids) => this.children.byIds(ids));
    this.loaders.register('childrenByFamily', (ids) => this.children.byFamilies(ids));
  }

  @Roles(Role.FAMILY)
  @Query(() => [ChildType], { description: 'Mes Enfants.' })
  myChildren(@Ctx() ctx: RequestContext) {
    return this.children.mine(ctx);
  }

  @Query(() => ChildType, { description: 'Un enfant de ma famille (agents : de la commune).' })
  child(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, ParseUuidPipe) id: string) {
    return this.children.get(ctx, id);
  }

  @Roles(Role.FAMILY)
  @Mutation(() => ChildType, { description: 'Ajouter un enfant.' })
  addChild(@Ctx() ctx: RequestContext, @Args('input') input: AddChildInput) {
    return this.children.add(ctx, input);
  }

  @Mutation(() => ChildType, { description: 'Modifier les informations d’un enfant.' })
  updateChild(@Ctx() ctx: RequestContext, @Args('input') input: UpdateChildInput) {
    return this.children.update(ctx, input.id, input);
  }

  @ResolveField(() => AgeType)
  age(@Parent() child: ChildType, @Ctx() ctx: RequestContext): AgeType {
    return ageOn(child.birthDate, communeToday(ctx));
  }

  @ResolveField(() => String, { description: '« 7 ans et 5 mois ».' })
  ageLabel(@Parent() child: ChildType, @Ctx() ctx: RequestContext): string {
    return ageLabel(ageOn(child.birthDate, communeToday(ctx)));
  }
}
