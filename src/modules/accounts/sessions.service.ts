import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { Actor } from '../../common/context/request-context';
import { unauthenticated } from '../../common/errors/domain-error';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { AuthStore } from './auth.store';
import { hashToken } from './link-token';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600_000;

export interface AccessClaims {
  sub: string;
  sid: string;
  cid: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export interface ActiveSession extends Actor {
  communeId: string;
}

const newSecret = () => randomBytes(32).toString('base64url');

/** Sessions: short access tokens naming a session row, rotated refresh tokens stored hashed. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly jwt: JwtService,
    private readonly uow: UnitOfWork,
    private readonly store: AuthStore,
  ) {}

  async open(tx: Tx, account: { id: string; communeId: string }, ip: string): Promise<IssuedTokens> {
    const secret = newSecret();
    const sessionId = await this.store.insertSession(tx, {
      accountId: account.id,
      refreshTokenHash: hashToken(secret),
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
      ip: ip.slice(0, 64),
    });
    return this.tokens(sessionId, account, secret);
  }

  /**
   * Rotates the refresh token. The guarded update lets exactly one of two concurrent refreshes win;
   * a token that was already rotated is a replay (stolen or leaked): the whole session is revoked.
   * Autocommit, not a transaction: the revocation must survive the error it answers with.
   */
  async refresh(refreshToken: string): Promise<{ accountId: string; tokens: IssuedTokens }> {
    const [sid, secret] = refreshToken.split('.', 2);
    if (!sid || !secret || !/^[0-9a-f-]{36}$/.test(sid)) throw unauthenticated('INVALID_REFRESH_TOKEN', 'Session invalide. Veuillez vous reconnecter.');
    const next = newSecret();
    const row = await this.uow.autocommit(async (tx) => {
      const rotated = await this.store.rotateRefresh(tx, sid, hashToken(secret), hashToken(next));
      if (rotated) return rotated;
      const revoked = await this.store.revokeLiveSession(tx, sid);
      throw revoked
        ? unauthenticated('REFRESH_TOKEN_REUSED', 'Ce jeton de session a déjà servi : la session a été fermée par sécurité. Veuillez vous reconnecter.')
        : unauthenticated('SESSION_EXPIRED', 'Votre session a expiré. Veuillez vous reconnecter.');
    });
    return { accountId: row.account_id, tokens: this.tokens(sid, { id: row.account_id, communeId: row.commune_id }, next) };
  }

  /** Logout, password change and password reset end every session of the account. */
  async revokeAll(tx: Tx, accountId: string): Promise<void> {
    await this.store.revokeSessionsOf(tx, accountId);
  }

  /** For each authenticated request: the session must still be open. */
  async active(claims: AccessClaims): Promise<ActiveSession | null> {
    const row = await this.store.liveSession(this.uow.read, claims.sid, claims.sub, claims.cid);
    if (!row) return null;
    return {
      accountId: row.id,
      role: row.role,
      familyId: row.family_id,
      sessionId: claims.sid,
      communeId: row.commune_id,
      emailVerified: row.email_verified,
    };
  }

  private tokens(sessionId: string, account: { id: string; communeId: string }, secret: string): IssuedTokens {
    const claims: AccessClaims = { sub: account.id, sid: sessionId, cid: account.communeId };
    const accessToken = this.jwt.sign(claims, { expiresIn: ACCESS_TOKEN_TTL_SECONDS });
    return {
      accessToken,
      refreshToken: `${sessionId}.${secret}`,
      expiresAt: new Date(Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000),
    };
  }
}
