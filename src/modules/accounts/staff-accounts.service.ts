import { Injectable } from '@nestjs/common';
import { Role } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { badInput, notFound } from '../../common/errors/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { AccountEntity } from './account.entity';
import { AccountTokensService } from './account-tokens.service';
import { AccountsStore, StaffPatch } from './accounts.store';
import { SessionsService } from './sessions.service';

export interface StaffChanges {
  accountId: string;
  firstName?: string | null;
  lastName?: string | null;
  role?: Role | null;
  active?: boolean | null;
}

const isStaffRole = (role: Role) => role === Role.STAFF || role === Role.ADMIN;

/** The ADMIN's « Agents » screen: editing, deactivating and reactivating the commune's staff accounts. */
@Injectable()
export class StaffAccountsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: AccountsStore,
    private readonly tokens: AccountTokensService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Name, role and active flag of a staff account of the commune (a family's account or another
   * commune's is not found). An ADMIN never removes their own rights, and the commune always keeps
   * an active ADMIN: the commune's admins are locked first, so two admins demoting each other at
   * once are decided one after the other. Deactivating ends the account's sessions and links at once.
   */
  async update(ctx: RequestContext, changes: StaffChanges): Promise<AccountEntity> {
    if (changes.role === Role.FAMILY) {
      throw badInput('INVALID_ROLE', 'Un compte agent a le rôle Agent ou Administrateur.', { field: 'role' });
    }
    const patch: StaffPatch = {};
    if (changes.firstName != null) patch.firstName = changes.firstName.trim();
    if (changes.lastName != null) patch.lastName = changes.lastName.trim();
    if (changes.role != null) patch.role = changes.role;
    if (changes.active != null) patch.active = changes.active;
    return this.uow.run(async (tx) => {
      const admins = await this.store.lockActiveAdmins(tx, ctx.communeId);
      const account = await this.store.find(tx, ctx.communeId, changes.accountId, null);
      if (!account || !isStaffRole(account.role)) throw notFound('Account', 'Compte agent introuvable.');
      const losesAdmin = account.role === Role.ADMIN && account.active && (patch.role === Role.STAFF || patch.active === false);
      if (losesAdmin && account.id === ctx.account.accountId) {
        throw badInput(
          patch.active === false ? 'CANNOT_DEACTIVATE_SELF' : 'CANNOT_DEMOTE_SELF',
          patch.active === false
            ? 'Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre administrateur.'
            : 'Vous ne pouvez pas retirer vos propres droits d’administrateur : demandez-le à un autre administrateur.',
          { field: patch.active === false ? 'active' : 'role' },
        );
      }
      if (losesAdmin && !admins.some((id) => id !== account.id)) {
        throw badInput('LAST_ADMIN', 'La commune doit garder au moins un administrateur actif.', { field: patch.active === false ? 'active' : 'role' });
      }
      if (Object.keys(patch).length) await this.store.updateStaff(tx, account.id, patch);
      if (patch.active === false && account.active) {
        await this.sessions.revokeAll(tx, account.id);
        await this.tokens.revoke(tx, account.id, ['ACTIVATION', 'PASSWORD_RESET', 'EMAIL_CHANGE']);
      }
      return this.store.get(tx, account.id);
    });
  }
}
