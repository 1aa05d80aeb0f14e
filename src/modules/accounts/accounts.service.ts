import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { isUniqueViolation } from '../../common/errors/pg-errors';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { AccountMails } from './account-mails.service';
import { AccountTokensService } from './account-tokens.service';
import { AccountEntity } from './account.entity';
import { AccountsStore, ProfilePatch } from './accounts.store';
import { FamilyEntity } from './family.entity';
import { LOGIN_PATTERN, loginBase, normalizeEmail, normalizeLogin } from './login-identifier';
import { PasswordHasher } from './password-hasher.service';
import { RateLimiter } from './rate-limiter.service';

export interface NewAccount {
  email: string;
  firstName: string;
  lastName: string;
  phone?: string | null;
  address?: string | null;
  login?: string | null;
}

export interface ProfileChanges {
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  address?: string | null;
}

/** Creating accounts (staff side) and a person's own profile. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: AccountsStore,
    private readonly tokens: AccountTokensService,
    private readonly mails: AccountMails,
    private readonly hasher: PasswordHasher,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async me(ctx: RequestContext): Promise<AccountEntity> {
    return this.byId(ctx, ctx.account.accountId);
  }

  /** Batch for DataLoaders: families by id, in the order asked (null where none). */
  async familiesByIds(ids: readonly string[]): Promise<Array<FamilyEntity | null>> {
    const rows = await this.store.familiesByIds(this.uow.read, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** The commune's staff (STAFF and ADMIN accounts), by last name then first name: the ADMIN's « Agents ». */
  staffAccounts(ctx: RequestContext): Promise<AccountEntity[]> {
    return this.store.staffOf(this.uow.read, ctx.communeId);
  }

  /** An account of the request's commune; a family sees only its own family's accounts. */
  async byId(ctx: RequestContext, id: string): Promise<AccountEntity> {
    const account = await this.store.find(this.uow.read, ctx.communeId, id, ctx.isStaff ? null : ctx.familyId);
    if (!account) throw notFound('Account', 'Compte introuvable.');
    return account;
  }

  /** Staff open a family's account from its e-mail; the family gets its identifier and an activation link. */
  async createFamilyAccount(ctx: RequestContext, input: NewAccount): Promise<AccountEntity> {
    return this.uow.run(async (tx) => {
      const family = await this.store.insertFamily(tx, {
        communeId: ctx.communeId,
        name: `${input.lastName.trim().toUpperCase()} ${input.firstName.trim()}`,
      });
      return this.createAccount(tx, ctx.communeId, { ...input, role: Role.FAMILY, familyId: family.id });
    });
  }

  async createStaffAccount(ctx: RequestContext, input: NewAccount & { role: Role }): Promise<AccountEntity> {
    if (input.role === Role.FAMILY) {
      throw badInput('INVALID_ROLE', 'Un compte agent a le rôle Agent ou Administrateur ; les comptes famille se créent avec « Créer un compte famille ».', { field: 'role' });
    }
    return this.uow.run((tx) => this.createAccount(tx, ctx.communeId, { ...input, familyId: null }));
  }

  /** Shared by the API, the CLI (first ADMIN of a commune) and the demo data. */
  async createAccount(tx: Tx, communeId: string, input: NewAccount & { role: Role; familyId: string | null }, options: { sendActivation: boolean } = { sendActivation: true }): Promise<AccountEntity> {
    const email = normalizeEmail(input.email);
    if (await this.store.identifierTaken(tx, communeId, email)) {
      throw conflict('EMAIL_TAKEN', 'Un compte utilise déjà cette adresse e-mail.', { field: 'email' });
    }
    const login = input.login ? normalizeLogin(input.login) : await this.freeLogin(tx, communeId, loginBase(input.firstName, input.lastName));
    if (!LOGIN_PATTERN.test(login)) {
      throw badInput('VALIDATION_FAILED', 'L’identifiant doit faire 3 à 100 caractères : lettres minuscules, chiffres, « . _ - @ ».', { field: 'login' });
    }
    if (await this.store.identifierTaken(tx, communeId, login)) {
      throw conflict('LOGIN_TAKEN', 'Cet identifiant est déjà utilisé.', { field: 'login' });
    }
    let account: AccountEntity;
    try {
      account = await this.store.insert(tx, {
        communeId,
        familyId: input.familyId,
        login,
        email,
        role: input.role,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        phone: input.phone?.trim() || null,
        address: input.address?.trim() || null,
        emailVerified: false,
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ACCOUNT_EXISTS', 'Un compte utilise déjà cette adresse e-mail ou cet identifiant.');
      throw err;
    }
    if (options.sendActivation) await this.sendActivation(tx, account);
    return account;
  }

  /** Issues an activation token and queues its mail; returns the link (the CLI prints it). */
  async sendActivation(tx: Tx, account: AccountEntity): Promise<string> {
    const token = await this.tokens.issue(tx, account.id, 'ACTIVATION');
    return this.mails.send(tx, 'activation', account, token);
  }

  /** `marie.dupont`, else `marie.dupont2`, `marie.dupont3`… */
  private async freeLogin(tx: Tx, communeId: string, base: string): Promise<string> {
    const taken = await this.store.loginsStartingWith(tx, communeId, base);
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
  }

  async resendActivation(ctx: RequestContext, accountId: string): Promise<boolean> {
    return this.uow.run(async (tx) => {
      const account = await this.store.find(tx, ctx.communeId, accountId, null);
      if (!account) throw notFound('Account', 'Compte introuvable.');
      if (account.activatedAt) throw conflict('ALREADY_ACTIVATED', 'Ce compte est déjà activé.');
      if (!account.active) throw conflict('ACCOUNT_DISABLED', 'Ce compte est désactivé : réactivez-le d’abord (écran « Agents »).');
      await this.sendActivation(tx, account);
      return true;
    });
  }

  async updateProfile(ctx: RequestContext, changes: ProfileChanges): Promise<AccountEntity> {
    const patch: ProfilePatch = {};
    if (changes.firstName != null) patch.firstName = changes.firstName.trim();
    if (changes.lastName != null) patch.lastName = changes.lastName.trim();
    if (changes.phone !== undefined) patch.phone = changes.phone?.trim() || null;
    if (changes.address !== undefined) patch.address = changes.address?.trim() || null;
    if (Object.keys(patch).length) await this.uow.autocommit((tx) => this.store.updateProfile(tx, ctx.account.accountId, patch));
    return this.me(ctx);
  }

  /**
   * The new address is confirmed through a link sent to it; the current password is asked first.
   * The answer never tells whether the address is taken: a taken one is mailed a notice instead of
   * a link (one mail to the address asked for either way), and requests are limited per client
   * address, per account and per address mailed.
   */
  async requestEmailChange(ctx: RequestContext, newEmail: string, currentPassword: string): Promise<boolean> {
    const email = normalizeEmail(newEmail);
    const attempt = await this.rateLimiter.reserve(this.rateLimiter.passwordCheckLimits(ctx.account.accountId));
    const account = await this.store.withPasswordHash(this.uow.read, ctx.account.accountId);
    if (!account || !(await this.hasher.verify(currentPassword, account.passwordHash))) {
      throw badInput('WRONG_PASSWORD', 'Mot de passe actuel incorrect.', { field: 'currentPassword' });
    }
    await this.rateLimiter.release(attempt);
    if (email === account.email) throw badInput('SAME_EMAIL', 'Cette adresse est déjà celle de votre compte.', { field: 'newEmail' });
    // Counted whatever follows: every request that gets this far mails someone.
    await this.rateLimiter.reserve(this.rateLimiter.emailChangeLimits(ctx.ip, account.id, email));
    return this.uow.run(async (tx) => {
      if (await this.store.identifierTaken(tx, ctx.communeId, email, account.id)) {
        await this.mails.addressTaken(tx, account.communeId, email);
        return true;
      }
      const token = await this.tokens.issue(tx, account.id, 'EMAIL_CHANGE', email);
      await this.mails.send(tx, 'email-change', account, token, email);
      return true;
    });
  }

  async confirmEmailChange(token: string): Promise<AccountEntity> {
    return this.uow.run(async (tx) => {
      const used = await this.tokens.consume(tx, 'EMAIL_CHANGE', token);
      const account = await this.store.get(tx, used.accountId);
      if (await this.store.identifierTaken(tx, account.communeId, used.newEmail!, account.id)) {
        throw conflict('EMAIL_TAKEN', 'Un compte utilise déjà cette adresse e-mail.');
      }
      const previousEmail = account.email;
      account.email = used.newEmail!;
      account.emailVerified = true;
      // Links mailed to the old address stop working.
      await this.tokens.revoke(tx, account.id, ['PASSWORD_RESET', 'ACTIVATION', 'EMAIL_CHANGE']);
      let saved: AccountEntity;
      try {
        saved = await this.store.save(tx, account);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('EMAIL_TAKEN', 'Un compte utilise déjà cette adresse e-mail.');
        throw err;
      }
      await this.mails.securityNotice(tx, 'email-changed', saved, previousEmail);
      return saved;
    });
  }
}
