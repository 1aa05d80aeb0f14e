import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '../../../common/auth/decorators';
import { DomainError, unauthenticated } from '../../../common/errors/domain-error';
import { CommuneResolver } from '../../../common/tenancy/commune-resolver';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { AuthService } from '../auth.service';
import { REFRESH_TOKEN_TTL_MS } from '../sessions.service';
import { clearSessionCookie, isRemembered, sessionCookieOf, setSessionCookie, wantsSessionCookie } from './session-cookie';

/**
 * The web portal's refresh endpoint, the only reader of the session cookie (path `/auth`): it
 * rotates the refresh token as `refreshSession` does and answers a new access token. A reused or
 * unknown token clears the cookie (the portal shows its login page); no cookie at all answers 204.
 * A page that names another commune than the session's (`X-Commune`, `?domaine=`, a declared host)
 * gets no access token.
 */
@Controller('auth')
export class SessionController {
  constructor(
    private readonly auth: AuthService,
    private readonly communes: CommuneResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    // A cross-site form cannot add this header: no refresh on another site's behalf.
    if (!wantsSessionCookie(req)) throw unauthenticated('SESSION_HEADER_MISSING', 'En-tête X-Portail-Session manquant.');
    const token = sessionCookieOf(req);
    // No cookie is no session, not a failure: every logged-out page load asks (the cookie is
    // HttpOnly, scripts cannot tell), and a 401 there would be an error in every console.
    if (!token) {
      res.status(204);
      return undefined;
    }
    let result: Awaited<ReturnType<AuthService['refresh']>>;
    try {
      result = await this.auth.refresh(token);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'UNAUTHENTICATED') clearSessionCookie(req, res, this.config.publicUrl);
      throw err;
    }
    setSessionCookie(req, res, result.refreshToken, this.config.publicUrl, isRemembered(req) ? REFRESH_TOKEN_TTL_MS : null);
    const { account } = result;
    // The browser's one cookie may hold another commune's session (another tab, another commune):
    // it stays good there (rotated above), but this page, which names its commune, is not signed in.
    await this.communes.refuseOtherCommune(req, account.communeId);
    return {
      accessToken: result.accessToken,
      expiresAt: result.expiresAt,
      account: { id: account.id, role: account.role, firstName: account.firstName, lastName: account.lastName },
    };
  }

  /**
   * Logout from the browser, even with an expired access token: the cookie is cleared whatever
   * happens, and when its token is still good every session of the account is closed (as `logout`).
   */
  @Public()
  @Post('logout')
  @HttpCode(200)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    res.setHeader('Cache-Control', 'no-store');
    if (!wantsSessionCookie(req)) throw unauthenticated('SESSION_HEADER_MISSING', 'En-tête X-Portail-Session manquant.');
    clearSessionCookie(req, res, this.config.publicUrl);
    const token = sessionCookieOf(req);
    if (token) await this.auth.logoutWithRefreshToken(token).catch(() => undefined);
    return { loggedOut: true };
  }
}
