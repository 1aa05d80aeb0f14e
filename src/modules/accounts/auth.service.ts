import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { badInput, unauthenticated } from '../../common/errors/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { Jobs } from '../../queue/jobs';
import { AccountMails } from './account-mails.service';
import { AccountTokensService } from './account-tokens.service';
import type { TokenPurpose } from './account-token.entity';
import type { LinkTokenState } from './dto/link-token-status';
import { AccountEntity } from './account.entity';
import { AccountsStore } from './accounts.store';
import { normalizeEmail, normalizeLogin } from './login-identifier';
import { PasswordHasher } from './password-hasher.service';
import { RateLimiter } from './rate-limiter.service';
import { IssuedTokens, SessionsService } from './sessions.service';

export interface AuthResult extends IssuedTokens {
  account: AccountEntity;
}

const INVALID_CREDENTIALS = () => unauthenticated('INVALID_CREDENTIALS', 'Identifiant ou mot de passe incorrect.');

const ACCOUNT_DISABLED = () => unauthenticated('ACCOUNT_DISABLED', 'Ce compte a été désactivé. Adressez-vous à un administrateur de la mairie.');

/** Logging in and out, activation, passwords. */
@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsStore,
    private readonly sessions: SessionsService,
    private readonly tokens: AccountTokensService,
    private readonly hasher: PasswordHasher,
    private readonly rateLimiter: RateLimiter,
    private readonly jobs: Jobs,
    private readonly mails: AccountMails,
  ) {}

  /**
   * Identifier or e-mail, plus password, in the request's commune. Failures are limited per account
   * and address together, per address and per account (RateLimiter.loginLimits); an unknown identifier
   * costs the same bcrypt time as a known one.
   */
  async login(ctx: RequestContext, identifier: string, password: string): Promise<AuthResult> {
    const communeId = ctx.communeId;
    const wanted = normalizeLogin(identifier);
    const account = await this.accounts.forLogin(this.uow.read, communeId, wanted, normalizeEmail(identifier));
    const limits = this.rateLimiter.loginLimits(ctx.ip, account ? { accountId: account.id } : { communeId, unknownIdentifier: wanted });
    const attempt = await this.rateLimiter.reserve(limits);
    if (!(await this.hasher.verify(password, account?.passwordHash)) || !account?.passwordHash) {
      throw INVALID_CREDENTIALS(); // the reserved attempt stays counted
    }
    await this.rateLimiter.release(attempt);
    // Said only to whoever knows the password: the person whose account it is.
    if (!account.active) throw ACCOUNT_DISABLED();
    await this.rehashIfCostChanged(account.id, account.passwordHash, password);
    const tokens = await this.uow.run((tx) => this.sessions.open(tx, account, ctx.ip));
    return { ...tokens, account };
  }

  /**
   * A hash made before BCRYPT_COST changed would make this account answer in another time than an
   * unknown identifier (which pays the configured cost): the password, known right now, is hashed
   * again. Guarded on the old hash, so that a password changed meanwhile is not overwritten.
   */
  private async rehashIfCostChanged(accountId: string, storedHash: string, password: string): Promise<void> {
    if (!this.hasher.needsRehash(storedHash)) return;
    const hash = await this.hasher.hash(password);
    await this.uow.autocommit((tx) => this.accounts.replacePasswordHash(tx, accountId, storedHash, hash));
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const { accountId, tokens } = await this.sessions.refresh(refreshToken);
    const account = await this.accounts.get(this.uow.read, accountId);
    return { ...tokens, account };
  }

  /** A mail link's state, read without using it (its page says a dead link before asking anything). */
  linkTokenState(purpose: TokenPurpose, token: string): Promise<LinkTokenState> {
    return this.tokens.state(this.uow.read, purpose, token);
  }

  /** Sets the first password, confirms the e-mail, and opens a session. */
  async activate(ctx: RequestContext, token: string, password: string): Promise<AuthResult> {
    const hash = await this.hasher.hashNew(password);
    return this.uow.run(async (tx) => {
      const used = await this.tokens.consume(tx, 'ACTIVATION', token);
      await this.accounts.setPasswordFromLink(tx, used.accountId, hash);
      const account = await this.accounts.get(tx, used.accountId);
      if (!account.active) throw ACCOUNT_DISABLED();
      const tokens = await this.sessions.open(tx, account, ctx.ip);
      return { ...tokens, account };
    });
  }

  /** The web portal's logout, from its session cookie: proves the token (rotating it), then closes every session. */
  async logoutWithRefreshToken(refreshToken: string): Promise<void> {
    const { accountId } = await this.sessions.refresh(refreshToken);
    await this.uow.run((tx) => this.sessions.revokeAll(tx, accountId));
  }

  async logout(ctx: RequestContext): Promise<boolean> {
    await this.uow.run((tx) => this.sessions.revokeAll(tx, ctx.account.accountId));
    return true;
  }

  async changePassword(ctx: RequestContext, current: string, next: string, confirmation: string): Promise<boolean> {
    if (next !== confirmation) {
      throw badInput('PASSWORD_MISMATCH', 'Les deux saisies du nouveau mot de passe ne sont pas identiques.', { field: 'newPasswordConfirmation' });
    }
    const attempt = await this.rateLimiter.reserve(this.rateLimiter.passwordCheckLimits(ctx.account.accountId));
    const account = await this.accounts.withPasswordHash(this.uow.read, ctx.account.accountId);
    if (!(await this.hasher.verify(current, account?.passwordHash))) {
      throw badInput('WRONG_PASSWORD', 'Mot de passe actuel incorrect.', { field: 'currentPassword' });
    }
    await this.rateLimiter.release(attempt);
    if (current === next) throw badInput('SAME_PASSWORD', 'Le nouveau mot de passe doit être différent de l’ancien.', { field: 'newPassword' });
    const hash = await this.hasher.hashNew(next, 'newPassword');
    await this.uow.run(async (tx) => {
      await this.accounts.setPasswordHash(tx, ctx.account.accountId, hash);
      // A reset link asked for earlier must not undo the new password.
      await this.tokens.revoke(tx, ctx.account.accountId, ['PASSWORD_RESET']);
      await this.sessions.revokeAll(tx, ctx.account.accountId);
      await this.mails.securityNotice(tx, 'password-changed', await this.accounts.get(tx, ctx.account.accountId));
    });
    return true;
  }

  /**
   * Always the same answer, in about the same time: the lookup and the mail happen in a job, so
   * neither the response nor its timing tells whether the address is known.
   */
  async requestPasswordReset(ctx: RequestContext, email: string): Promise<boolean> {
    const normalized = normalizeEmail(email);
    await this.rateLimiter.reserve(this.rateLimiter.resetRequestLimits(ctx.ip, ctx.communeId, normalized));
    // Looked up by the job, so that known and unknown addresses answer alike; the request's own id
    // is its mail's dedupe key. With the queue down it is handled here and now rather than lost.
    const requestId = randomUUID();
    await this.jobs.enqueueOrRunNow('accounts.password-reset', { requestId, communeId: ctx.communeId, email: normalized }, { jobId: requestId, detached: true });
    return true;
  }

  async resetPassword(token: string, newPassword: string): Promise<boolean> {
    const hash = await this.hasher.hashNew(newPassword, 'newPassword');
    await this.uow.run(async (tx) => {
      const used = await this.tokens.consume(tx, 'PASSWORD_RESET', token);
      // Opening the link proves the address: a reset also confirms it.
      await this.accounts.setPasswordFromLink(tx, used.accountId, hash);
      // The account has its password now: an activation link still lying in the mailbox is void.
      await this.tokens.revoke(tx, used.accountId, ['ACTIVATION', 'PASSWORD_RESET']);
      await this.sessions.revokeAll(tx, used.accountId);
      await this.mails.securityNotice(tx, 'password-reset', await this.accounts.get(tx, used.accountId));
    });
    return true;
  }
}
