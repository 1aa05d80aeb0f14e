import { OnModuleInit } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Ctx, Roles } from '../../common/auth/decorators';
import { STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { PageArgs, PageType } from '../../common/graphql/pagination';
import { ParseUuidPipe } from '../../common/http/parse-uuid.pipe';
import { AccountType, FamilyType } from '../accounts/dto/account.type';
import { ChildType } from '../children/dto/child.type';
import { SetFamilyQuotientInput } from './dto/family-quotient.inputs';
import { FamilyQuotientType } from './dto/family-quotient.type';
import { FamiliesService } from './families.service';

export const FamilyPageType = PageType(FamilyType, 'FamilyPage');

@ArgsType()
class FamiliesArgs extends PageArgs {
  @Field({ nullable: true, description: 'Nom de famille, d’un parent ou d’un enfant, e-mail.' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'Recherche : 100 caractères au plus.' })
  search?: string;
}

@Resolver(() => FamilyType)
export class FamiliesResolver implements OnModuleInit {
  constructor(
    private readonly families: FamiliesService,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The families module's batch reads, for the field resolvers of every module. */
  onModuleInit() {
    this.loaders.register('accountsByFamily', (ids) => this.families.accountsOf(ids));
    this.loaders.register('quotientsByFamily', (ids) => this.families.quotientsOf(ids));
  }

  @Roles(...STAFF_ROLES)
  @Query(() => FamilyPageType, { name: 'families', description: 'Recherche des familles de la commune.' })
  searchFamilies(@Ctx() ctx: RequestContext, @Args() args: FamiliesArgs) {
    return this.families.search(ctx, args.search, args);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => FamilyType)
  family(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, ParseUuidPipe) id: string) {
    return this.families.get(ctx, id);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => FamilyType, {
    description:
      'Enregistre le quotient familial d’une famille pour une période (attestation CAF) ; les périodes ne se chevauchent jamais, mais une attestation qui commence après le début de la période sans date de fin clôt celle-ci la veille.',
  })
  setFamilyQuotient(@Ctx() ctx: RequestContext, @Args('input') input: SetFamilyQuotientInput) {
    return this.families.setQuotient(ctx, input);
  }

  @ResolveField(() => [AccountType])
  accounts(@Parent() family: FamilyType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('accountsByFamily').load(family.id);
  }

  @ResolveField('children', () => [ChildType])
  familyChildren(@Parent() family: FamilyType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('childrenByFamily').load(family.id);
  }

  @ResolveField(() => [FamilyQuotientType], { description: 'Quotients familiaux et leurs périodes, par date de début.' })
  quotients(@Parent() family: FamilyType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('quotientsByFamily').load(family.id);
  }
}
