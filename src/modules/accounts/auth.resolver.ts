import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, Public } from '../../common/auth/decorators';
import { RequestContext } from '../../common/context/request-context';
import { AuthService } from './auth.service';
import { AuthPayloadType } from './dto/account.type';
import {
  ActivateAccountInput,
  ChangePasswordInput,
  LoginInput,
  RefreshSessionInput,
  RequestPasswordResetInput,
  ResetPasswordInput,
} from './dto/account.inputs';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Connexion par identifiant ou adresse e-mail.' })
  login(@Ctx() ctx: RequestContext, @Args('input') input: LoginInput) {
    return this.auth.login(ctx, input.identifier, input.password);
  }

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Renouvelle la session ; le jeton de renouvellement change à chaque appel.' })
  refreshSession(@Args('input') input: RefreshSessionInput) {
    return this.auth.refresh(input.refreshToken);
  }

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Activer mon compte : choisit le mot de passe et confirme l’adresse e-mail.' })
  activateAccount(@Ctx() ctx: RequestContext, @Args('input') input: ActivateAccountInput) {
    return this.auth.activate(ctx, input.token, input.password);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Identifiant ou mot de passe oublié : même réponse que l’adresse soit connue ou non.' })
  requestPasswordReset(@Ctx() ctx: RequestContext, @Args('input') input: RequestPasswordResetInput) {
    return this.auth.requestPasswordReset(ctx, input.email);
  }

  @Public()
  @Mutation(() => Boolean)
  resetPassword(@Args('input') input: ResetPasswordInput) {
    return this.auth.resetPassword(input.token, input.newPassword);
  }

  @Mutation(() => Boolean, { description: 'Déconnexion : ferme toutes les sessions du compte.' })
  logout(@Ctx() ctx: RequestContext) {
    return this.auth.logout(ctx);
  }

  @Mutation(() => Boolean, { description: 'Modifier mon mot de passe : ferme toutes les sessions du compte.' })
  changePassword(@Ctx() ctx: RequestContext, @Args('input') input: ChangePasswordInput) {
    return this.auth.changePassword(ctx, input.currentPassword, input.newPassword, input.newPasswordConfirmation);
  }
}
