import { OnModuleInit } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Public, Roles } from '../../common/auth/decorators';
import { Role, STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { Context } from '@nestjs/graphql';
import { AccountsService } from './accounts.service';
import { AccountType, FamilyType } from './dto/account.type';
import {
  ConfirmEmailChangeInput,
  CreateFamilyAccountInput,
  CreateStaffAccountInput,
  RequestEmailChangeInput,
  ResendActivationInput,
  UpdateProfileInput,
  UpdateStaffAccountInput,
} from './dto/account.inputs';
import { StaffAccountsService } from './staff-accounts.service';

@Resolver(() => AccountType)
export class AccountsResolver implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly staff: StaffAccountsService,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The accounts module's batch read, for the field resolvers of every module. */
  onModuleInit() {
    this.loaders.register('familyById', (ids) => this.accounts.familiesByIds(ids));
  }

  @Query(() => AccountType, { description: 'Le compte connecté.' })
  me(@Ctx() ctx: RequestContext) {
    return this.accounts.me(ctx);
  }

  @Mutation(() => AccountType, { description: 'Modifier mes informations personnelles.' })
  updateProfile(@Ctx() ctx: RequestContext, @Args('input') input: UpdateProfileInput) {
    return this.accounts.updateProfile(ctx, input);
  }

  @Mutation(() => Boolean, {
    description:
      'Modifier mon login (adresse e-mail) : la nouvelle adresse reçoit un lien de confirmation ou, si un compte l’utilise déjà, un avis à son titulaire. Même réponse (`true`) dans les deux cas.',
  })
  requestEmailChange(@Ctx() ctx: RequestContext, @Args('input') input: RequestEmailChangeInput) {
    return this.accounts.requestEmailChange(ctx, input.newEmail, input.currentPassword);
  }

  @Public()
  @Mutation(() => AccountType, { description: 'Confirme la nouvelle adresse e-mail (lien reçu).' })
  confirmEmailChange(@Args('input') input: ConfirmEmailChangeInput) {
    return this.accounts.confirmEmailChange(input.token);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => AccountType, { description: 'Ouvre le compte d’une famille ; elle reçoit son identifiant et un lien d’activation.' })
  createFamilyAccount(@Ctx() ctx: RequestContext, @Args('input') input: CreateFamilyAccountInput) {
    return this.accounts.createFamilyAccount(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => Boolean, { description: 'Renvoie le mail d’activation d’un compte pas encore activé.' })
  resendActivation(@Ctx() ctx: RequestContext, @Args('input') input: ResendActivationInput) {
    return this.accounts.resendActivation(ctx, input.accountId);
  }

  @Roles(Role.ADMIN)
  @Query(() => [AccountType], { description: 'Les comptes agents (STAFF) et administrateurs (ADMIN) de la commune, par nom puis prénom.' })
  staffAccounts(@Ctx() ctx: RequestContext) {
    return this.accounts.staffAccounts(ctx);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => AccountType, { description: 'Crée un compte agent (STAFF) ou administrateur (ADMIN) de la commune.' })
  createStaffAccount(@Ctx() ctx: RequestContext, @Args('input') input: CreateStaffAccountInput) {
    return this.accounts.createStaffAccount(ctx, input);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => AccountType, {
    description:
      'Modifie un compte agent de la commune (nom, rôle), le désactive (plus de connexion, sessions fermées) ou le réactive. Un administrateur ne peut ni se désactiver ni se retirer ses droits ; la commune garde toujours un administrateur actif.',
  })
  updateStaffAccount(@Ctx() ctx: RequestContext, @Args('input') input: UpdateStaffAccountInput) {
    return this.staff.update(ctx, input);
  }

  @ResolveField(() => FamilyType, { nullable: true })
  family(@Parent() account: AccountType, @Context() gql: GraphqlContext) {
    return account.familyId ? gql.loaders.get('familyById').load(account.familyId) : null;
  }
}
