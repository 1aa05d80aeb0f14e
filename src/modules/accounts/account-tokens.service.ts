import { Injectable } from '@nestjs/common';
import { badInput } from '../../common/errors/domain-error';
import { Tx } from '../../database/unit-of-work';
import { AccountTokenEntity, TokenPurpose } from './account-token.entity';
import { hashToken, newLinkToken, TOKEN_VALIDITY } from './link-token';

/** Single-use, expiring link tokens (activation, reset, e-mail change). */
@Injectable()
export class AccountTokensService {
  /** Issues a token; earlier unused tokens of the same purpose stop working. Returns the raw token for the link. */
  async issue(tx: Tx, accountId: string, purpose: TokenPurpose, newEmail: string | null = null): Promise<string> {
    await tx.manager.query(
      `UPDATE account_token SET used_at = now() WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [accountId, purpose],
    );
    const { token, hash } = newLinkToken();
    await tx.manager.insert(AccountTokenEntity, {
      accountId,
      purpose,
      tokenHash: hash,
      newEmail,
      expiresAt: new Date(Date.now() + TOKEN_VALIDITY[purpose].ms),
    });
    return token;
  }

  /** Unused tokens of these purposes stop working (the address changed, the account got its password). */
  async revoke(tx: Tx, accountId: string, purposes: TokenPurpose[]): Promise<void> {
    await tx.manager.query(`UPDATE account_token SET used_at = now() WHERE account_id = $1 AND purpose = ANY($2) AND used_at IS NULL`, [
      accountId,
      purposes,
    ]);
  }

  /** Uses a token once. The guarded update makes a second use (even concurrent) fail. */
  async consume(tx: Tx, purpose: TokenPurpose, token: string): Promise<AccountTokenEntity> {
    const [rows] = (await tx.manager.query(
      `UPDATE account_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING id, account_id AS "accountId", new_email AS "newEmail"`,
      [hashToken(token.trim()), purpose],
    )) as [AccountTokenEntity[], number];
    if (rows[0]) return rows[0];
    const known = (await tx.manager.query(`SELECT used_at, expires_at FROM account_token WHERE token_hash = $1 AND purpose = $2`, [
      hashToken(token.trim()),
      purpose,
    ])) as Array<{ used_at: Date | null; expires_at: Date }>;
    if (known[0] && !known[0].used_at) {
      throw badInput('TOKEN_EXPIRED', 'Ce lien a expiré. Demandez-en un nouveau.');
    }
    throw badInput('INVALID_TOKEN', "Ce lien n'est pas valable ou a déjà été utilisé.");
  }
}
