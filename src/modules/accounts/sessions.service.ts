import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../../common/context/request-context';
import { Role } from '../../common/auth/role';
import { unauthenticated } from '../../common/errors/domain-error';
import { Tx } from '../../database/unit-of-work';
import { hashToken } from './link-token';
import { SessionEntity } from './session.entity';

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
    private readonly dataSource: DataSource,
  ) {}

  async open(tx: Tx, account: { id: string; communeId: string }, ip: string): Promise<IssuedTokens> {
    const secret = newSecret();
    const session = await tx.manager.save(
      tx.manager.create(SessionEntity, {
        accountId: account.id,
        refreshTokenHash: hashToken(secret),
        expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_MS),
        ip: ip.slice(0, 64),
      }),
    );
    return this.tokens(session.id, account, secret);
  }

  /**
   * Rotates the refresh token. The guarded update lets exactly one of two concurrent refreshes win;
   * a token that was already rotated is a replay (stolen or leaked): the whole session is revoked.
   * Runs outside any transaction: the revocation must survive the error it answers with.
   */
  async refresh(refreshToken: string): Promise<{ accountId: string; tokens: IssuedTokens }> {
    const [sid, secret] = refreshToken.split('.', 2);
    if (!sid || !secret || !/^[0-9a-f-]{36}$/.test(sid)) throw unauthenticated('INVALID_REFRESH_TOKEN', 'Session invalide. Veuillez vous reconnecter.');
    const next = newSecret();
    const [rows] = (await this.dataSource.query(
      `UPDATE session s SET refresh_token_hash = $3, refreshed_at = now(), expires_at = now() + interval '30 days'
         FROM account a
        WHERE s.id = $1 AND s.refresh_token_hash = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.id = s.account_id
        RETURNING s.account_id, a.commune_id`,
      [sid, hashToken(secret), hashToken(next)],
    )) as [Array<{ account_id: string; commune_id: string }>, number];
    const row = rows[0];
    if (!row) {
      const [revoked] = (await this.dataSource.query(
        `UPDATE session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
        [sid],
      )) as [unknown[], number];
      throw revoked.length
        ? unauthenticated('REFRESH_TOKEN_REUSED', 'Ce jeton de session a déjà servi : la session a été fermée par sécurité. Veuillez vous reconnecter.')
        : unauthenticated('SESSION_EXPIRED', 'Votre session a expiré. Veuillez vous reconnecter.');
    }
    return { accountId: row.account_id, tokens: this.tokens(sid, { id: row.account_id, communeId: row.commune_id }, next) };
  }

  async revoke(tx: Tx, sessionId: string): Promise<void> {
    await tx.manager.query(`UPDATE session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [sessionId]);
  }

  /** Logout, password change and password reset end every session of the account. */
  async revokeAll(tx: Tx, accountId: string): Promise<void> {
    await tx.manager.query(`UPDATE session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [accountId]);
  }

  /** For each authenticated request: the session must still be open. */
  async active(claims: AccessClaims): Promise<ActiveSession | null> {
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.role, a.family_id, a.commune_id, a.email_verified FROM session s JOIN account a ON a.id = s.account_id
        WHERE s.id = $1 AND s.account_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.commune_id = $3`,
      [claims.sid, claims.sub, claims.cid],
    )) as Array<{ id: string; role: Role; family_id: string | null; commune_id: string; email_verified: boolean }>;
    const row = rows[0];
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
