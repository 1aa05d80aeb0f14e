import { Injectable } from '@nestjs/common';
import { badInput } from '../../common/errors/domain-error';
import { Db, Tx } from '../../database/unit-of-work';
import type { LinkTokenState } from './dto/link-token-status';
import { TokenPurpose } from './account-token.entity';
import { AuthStore, UsedToken } from './auth.store';
import { hashToken, newLinkToken, TOKEN_VALIDITY } from './link-token';

/** Single-use, expiring link tokens (activation, reset, e-mail change). */
@Injectable()
export class AccountTokensService {
  constructor(private readonly store: AuthStore) {}

  /** Issues a token; earlier unused tokens of the same purpose stop working. Returns the raw token for the link. */
  async issue(tx: Tx, accountId: string, purpose: TokenPurpose, newEmail: string | null = null): Promise<string> {
    await this.store.revokeTokens(tx, accountId, [purpose]);
    const { token, hash } = newLinkToken();
    await this.store.insertToken(tx, {
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
    await this.store.revokeTokens(tx, accountId, purposes);
  }

  /**
   * What a link's page says before asking anything (a used or expired link is told at once): the
   * token's state, read without using it. 256 random bits cannot be guessed, so, like `consume`,
   * it needs no rate limit; it tells nothing of the account.
   */
  async state(db: Db, purpose: TokenPurpose, token: string): Promise<LinkTokenState> {
    return this.store.tokenState(db, purpose, hashToken(token.trim()));
  }

  /** Uses a token once. The guarded update makes a second use (even concurrent) fail. */
  async consume(tx: Tx, purpose: TokenPurpose, token: string): Promise<UsedToken> {
    const hash = hashToken(token.trim());
    const used = await this.store.useToken(tx, purpose, hash);
    if (used) return used;
    if (await this.store.tokenUnused(tx, purpose, hash)) {
      throw badInput('TOKEN_EXPIRED', 'Ce lien a expiré. Demandez-en un nouveau.');
    }
    throw badInput('INVALID_TOKEN', 'Ce lien n’est pas valable ou a déjà été utilisé.');
  }
}
