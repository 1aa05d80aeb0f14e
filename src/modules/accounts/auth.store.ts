import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/role';
import { Db, Tx } from '../../database/unit-of-work';
import { AccountTokenEntity, TokenPurpose } from './account-token.entity';
import { SessionEntity } from './session.entity';

export type SessionRow = Pick<SessionEntity, 'accountId' | 'refreshTokenHash' | 'expiresAt' | 'ip'>;

export type TokenRow = Pick<AccountTokenEntity, 'accountId' | 'purpose' | 'tokenHash' | 'newEmail' | 'expiresAt'>;

export type UsedToken = Pick<AccountTokenEntity, 'id' | 'accountId' | 'newEmail'>;

export interface LiveSession {
  id: string;
  role: Role;
  family_id: string | null;
  commune_id: string;
  email_verified: boolean;
}

/**
 * What logging in leans on: the `session`, `account_token` and `rate_limit_event` tables. Tokens
 * and refresh secrets arrive hashed; every "use once" is a guarded update, so two concurrent uses
 * cannot both win.
 */
@Injectable()
export class AuthStore {
  // ---- sessions ------------------------------------------------------------------------------

  async insertSession(tx: Tx, row: SessionRow): Promise<string> {
    const session = await tx.manager.save(tx.manager.create(SessionEntity, row));
    return session.id;
  }

  /** Rotates the refresh secret of a live session; null when `secretHash` is not its current one. */
  async rotateRefresh(tx: Tx, sessionId: string, secretHash: string, nextHash: string): Promise<{ account_id: string; commune_id: string } | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE session s SET refresh_token_hash = $3, refreshed_at = now(), expires_at = now() + interval '30 days'
         FROM account a
        WHERE s.id = $1 AND s.refresh_token_hash = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.id = s.account_id AND a.active
        RETURNING s.account_id, a.commune_id`,
      [sessionId, secretHash, nextHash],
    )) as [Array<{ account_id: string; commune_id: string }>, number];
    return rows[0] ?? null;
  }

  /** Whether a still-live session was closed. */
  async revokeLiveSession(tx: Tx, sessionId: string): Promise<boolean> {
    const [rows] = (await tx.manager.query(`UPDATE session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`, [sessionId])) as [unknown[], number];
    return rows.length > 0;
  }

  async revokeSessionsOf(tx: Tx, accountId: string): Promise<void> {
    await tx.manager.query(`UPDATE session SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [accountId]);
  }

  /** The session's account, if the session is open and both belong to the commune. */
  async liveSession(db: Db, sessionId: string, accountId: string, communeId: string): Promise<LiveSession | null> {
    const rows = (await db.manager.query(
      `SELECT a.id, a.role, a.family_id, a.commune_id, a.email_verified FROM session s JOIN account a ON a.id = s.account_id
        WHERE s.id = $1 AND s.account_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.commune_id = $3 AND a.active`,
      [sessionId, accountId, communeId],
    )) as LiveSession[];
    return rows[0] ?? null;
  }

  // ---- link tokens ---------------------------------------------------------------------------

  async insertToken(tx: Tx, row: TokenRow): Promise<void> {
    await tx.manager.insert(AccountTokenEntity, row);
  }

  /** Unused tokens of these purposes stop working. */
  async revokeTokens(tx: Tx, accountId: string, purposes: TokenPurpose[]): Promise<void> {
    await tx.manager.query(`UPDATE account_token SET used_at = now() WHERE account_id = $1 AND purpose = ANY($2) AND used_at IS NULL`, [accountId, purposes]);
  }

  /** Marks an unused, unexpired token used; null when there is none (a second use, even concurrent, finds none). */
  async useToken(tx: Tx, purpose: TokenPurpose, tokenHash: string): Promise<UsedToken | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE account_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING id, account_id AS "accountId", new_email AS "newEmail"`,
      [tokenHash, purpose],
    )) as [UsedToken[], number];
    return rows[0] ?? null;
  }

  /** Whether the token exists unused (so it expired), to tell an expired link from a wrong or used one. */
  async tokenUnused(db: Db, purpose: TokenPurpose, tokenHash: string): Promise<boolean> {
    const rows = (await db.manager.query(`SELECT used_at FROM account_token WHERE token_hash = $1 AND purpose = $2`, [tokenHash, purpose])) as Array<{
      used_at: Date | null;
    }>;
    return !!rows[0] && !rows[0].used_at;
  }

  /** A token's state without using it: usable, past its time (unused), or used, replaced or unknown. */
  async tokenState(db: Db, purpose: TokenPurpose, tokenHash: string): Promise<'VALID' | 'EXPIRED' | 'INVALID'> {
    const rows = (await db.manager.query(
      `SELECT CASE WHEN used_at IS NOT NULL THEN 'INVALID' WHEN expires_at > now() THEN 'VALID' ELSE 'EXPIRED' END AS state
         FROM account_token WHERE token_hash = $1 AND purpose = $2`,
      [tokenHash, purpose],
    )) as Array<{ state: 'VALID' | 'EXPIRED' | 'INVALID' }>;
    return rows[0]?.state ?? 'INVALID';
  }

  // ---- rate limits ---------------------------------------------------------------------------

  /**
   * Records one attempt on every limit, all or nothing: none when any limit is reached (returns []).
   * The keys' advisory locks, taken in one global order (no deadlock), make a count and its insert
   * atomic, so attempts arriving together cannot all pass a check-then-count; the count runs in a
   * statement after the locks so that it sees the events committed while it waited. Needs a real
   * transaction: the locks last until its end.
   */
  async recordAttempts(tx: Tx, limits: ReadonlyArray<{ key: string; max: number; windowSeconds: number }>): Promise<string[]> {
    if (!tx.transactional) throw new Error('recordAttempts needs a transaction (uow.run): its locks last until commit');
    await tx.manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('rate-limit'), h)
         FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k) AS keys
        ORDER BY h`,
      [limits.map((l) => l.key)],
    );
    const rows = (await tx.manager.query(
      `WITH wanted AS (SELECT * FROM unnest($1::varchar[], $2::int[], $3::int[]) AS w(key, max, seconds)),
            reached AS (
              SELECT 1 FROM wanted w
               WHERE (SELECT count(*) FROM rate_limit_event e
                       WHERE e.key = w.key AND e.at > statement_timestamp() - make_interval(secs => w.seconds)) >= w.max)
       INSERT INTO rate_limit_event (key, at)
       SELECT key, statement_timestamp() FROM wanted WHERE NOT EXISTS (SELECT 1 FROM reached)
       RETURNING id`,
      [limits.map((l) => l.key), limits.map((l) => l.max), limits.map((l) => l.windowSeconds)],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async deleteAttempts(tx: Tx, ids: string[]): Promise<void> {
    await tx.manager.query(`DELETE FROM rate_limit_event WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async deleteAttemptsOlderThan(tx: Tx, seconds: number): Promise<void> {
    await tx.manager.query(`DELETE FROM rate_limit_event WHERE at < now() - make_interval(secs => $1)`, [seconds]);
  }
}
