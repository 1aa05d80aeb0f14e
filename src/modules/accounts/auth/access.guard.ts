import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, ROLES } from '../../../common/auth/decorators';
import { Role } from '../../../common/auth/role';
import { RequestContext } from '../../../common/context/request-context';
import { DomainError, forbidden, unauthenticated } from '../../../common/errors/domain-error';
import { PortailRequest, requestOf } from '../../../common/http/request-of';
import { CommuneResolver } from '../../../common/tenancy/commune-resolver';
import { ActiveSession } from '../sessions.service';

/**
 * Global guard: nothing is open but what is marked @Public(). Authenticates the bearer token,
 * checks @Roles(), resolves the commune (`CommuneResolver`: the token's, else X-Commune /
 * ?domaine=, else a host name a commune declares, else the only one), and leaves a RequestContext
 * on the request.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly communes: CommuneResolver,
  ) {
    super();
  }

  override getRequest(context: ExecutionContext): PortailRequest {
    return requestOf(context);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES, targets);
    const req = this.getRequest(context);

    let session: ActiveSession | null = null;
    if (req.headers.authorization) {
      try {
        await super.canActivate(context);
        session = (req.user as ActiveSession) ?? null;
      } catch (err) {
        if (!isPublic) throw err instanceof DomainError ? err : unauthenticated('INVALID_TOKEN', 'Session expirée ou invalide. Veuillez vous reconnecter.');
      }
    }
    if (!session && !isPublic) throw unauthenticated();
    if (roles?.length && (!session || !roles.includes(session.role))) throw forbidden();

    const commune = await this.communes.forRequest(req, session?.communeId ?? null);
    const actor = session ? { accountId: session.accountId, role: session.role, familyId: session.familyId, sessionId: session.sessionId, emailVerified: session.emailVerified } : null;
    req.ctx = new RequestContext(commune, actor, req.ip ?? 'unknown');
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw unauthenticated('INVALID_TOKEN', 'Session expirée ou invalide. Veuillez vous reconnecter.');
    return user;
  }
}
