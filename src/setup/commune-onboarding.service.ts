import { Injectable } from '@nestjs/common';
import { Role } from '../common/auth/role';
import { UnitOfWork } from '../database/unit-of-work';
import { AccountsService } from '../modules/accounts/accounts.service';
import { CommunesService, NewCommune } from '../modules/communes/communes.service';
import { portalLink } from '../modules/communes/portal-link';

export interface OnboardingResult {
  communeId: string;
  code: string;
  adminLogin: string;
  activationLink: string;
  /** The commune's portal and back-office, naming it (`?domaine=CODE`). */
  portalUrl: string;
  backOfficeUrl: string;
}

/** A new town: its commune and its first ADMIN, who receives an activation mail. */
@Injectable()
export class CommuneOnboarding {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly communes: CommunesService,
    private readonly accounts: AccountsService,
  ) {}

  async createCommune(input: NewCommune, admin: { email: string; firstName?: string; lastName?: string }): Promise<OnboardingResult> {
    return this.uow.run(async (tx) => {
      const commune = await this.communes.create(tx, input);
      const account = await this.accounts.createAccount(
        tx,
        commune.id,
        {
          email: admin.email,
          firstName: admin.firstName ?? 'Administrateur',
          lastName: admin.lastName ?? commune.name,
          role: Role.ADMIN,
          familyId: null,
          login: `admin.${commune.code.toLowerCase()}`,
        },
        { sendActivation: false },
      );
      const activationLink = await this.accounts.sendActivation(tx, account);
      return { communeId: commune.id, code: commune.code, adminLogin: account.login, activationLink, portalUrl: portalLink(commune, ''), backOfficeUrl: portalLink(commune, 'agents') };
    });
  }
}
