import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { GraphqlContext } from '../../common/graphql/graphql-context';
import { Ctx, Public } from '../../common/auth/decorators';
import { RequestContext } from '../../common/context/request-context';
import { AuthResult, AuthService } from './auth.service';
import { asksToBeRemembered, clearSessionCookie, setSessionCookie, wantsSessionCookie } from './auth/session-cookie';
import { REFRESH_TOKEN_TTL_MS } from './sessions.service';
import { AuthPayloadType } from './dto/account.type';
import { LinkTokenStateEnum, LinkTokenStatusInput } from './dto/link-token-status';
import { ActivateAccountInput, ChangePasswordInput, LoginInput, RefreshSessionInput, RequestPasswordResetInput, ResetPasswordInput } from './dto/account.inputs';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A web client asking for the cookie session (`X-Portail-Session: cookie`) gets the refresh token
   * as an HttpOnly cookie only, never in the body; other clients get it in the body.
   */
  private deliver({ req }: GraphqlContext, result: AuthResult): AuthResult {
    if (!wantsSessionCookie(req) || !req.res) return result;
    setSessionCookie(req, req.res, result.refreshToken, this.config.publicUrl, asksToBeRemembered(req) ? REFRESH_TOKEN_TTL_MS : null);
    return { ...result, refreshToken: '' };
  }

  private forget({ req }: GraphqlContext): void {
    if (wantsSessionCookie(req) && req.res) clearSessionCookie(req, req.res, this.config.publicUrl);
  }

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Connexion par identifiant ou adresse e-mail.' })
  async login(@Ctx() ctx: RequestContext, @Context() gql: GraphqlContext, @Args('input') input: LoginInput) {
    return this.deliver(gql, await this.auth.login(ctx, input.identifier, input.password));
  }

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Renouvelle la session ; le jeton de renouvellement change à chaque appel.' })
  refreshSession(@Args('input') input: RefreshSessionInput) {
    return this.auth.refresh(input.refreshToken);
  }

  @Public()
  @Query(() => LinkTokenStateEnum, { description: 'L’état d’un lien reçu par mail (activation, mot de passe, adresse e-mail), sans l’utiliser.' })
  linkTokenStatus(@Args('input') input: LinkTokenStatusInput) {
    return this.auth.linkTokenState(input.purpose, input.token);
  }

  @Public()
  @Mutation(() => AuthPayloadType, { description: 'Activer mon compte : choisit le mot de passe et confirme l’adresse e-mail.' })
  async activateAccount(@Ctx() ctx: RequestContext, @Context() gql: GraphqlContext, @Args('input') input: ActivateAccountInput) {
    return this.deliver(gql, await this.auth.activate(ctx, input.token, input.password));
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
  async logout(@Ctx() ctx: RequestContext, @Context() gql: GraphqlContext) {
    this.forget(gql);
    return this.auth.logout(ctx);
  }

  @Mutation(() => Boolean, { description: 'Modifier mon mot de passe : ferme toutes les sessions du compte.' })
  async changePassword(@Ctx() ctx: RequestContext, @Context() gql: GraphqlContext, @Args('input') input: ChangePasswordInput) {
    const changed = await this.auth.changePassword(ctx, input.currentPassword, input.newPassword, input.newPasswordConfirmation);
    this.forget(gql); // every session is closed: the cookie's too
    return changed;
  }
}
