import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG } from '../../../config/config.module';
import { AppConfig } from '../../../config/app-config';
import { AccessClaims, ActiveSession, SessionsService } from '../sessions.service';

export const JWT_ALGORITHM = 'HS256' as const;

/** Verifies the bearer token (HS256 only, an expiry required and enforced) and that its session is still open. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims & { exp?: unknown }): Promise<ActiveSession | false> {
    if (typeof claims?.sub !== 'string' || typeof claims?.sid !== 'string' || typeof claims?.cid !== 'string') return false;
    // jsonwebtoken checks `exp` only when present: a token without one would never expire.
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return false;
    return (await this.sessions.active(claims)) ?? false;
  }
}
