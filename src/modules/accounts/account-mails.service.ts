import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/unit-of-work';
import { CommunesStore } from '../communes/communes.store';
import { portalLink } from '../communes/portal-link';
import { MailService } from '../notifications/mail.service';
import { AccountEntity } from './account.entity';
import { TOKEN_VALIDITY } from './link-token';
import { Role, roleLabel } from '../../common/auth/role';

const LINKS = {
  activation: { path: 'activation', validity: TOKEN_VALIDITY.ACTIVATION.label },
  'staff-activation': { path: 'agents/activation', validity: TOKEN_VALIDITY.ACTIVATION.label },
  'password-reset': { path: 'reinitialisation', validity: TOKEN_VALIDITY.PASSWORD_RESET.label },
  'email-change': { path: 'confirmation-email', validity: TOKEN_VALIDITY.EMAIL_CHANGE.label },
} as const;

/** The account mails: three carry a link to the commune's front-end (naming the commune) and the login identifier; the notice of a taken address carries neither. */
@Injectable()
export class AccountMails {
  constructor(
    private readonly mail: MailService,
    private readonly communes: CommunesStore,
  ) {}

  async send(tx: Tx, kind: keyof typeof LINKS, account: AccountEntity, token: string, to = account.email, dedupeKey?: string): Promise<string> {
    const commune = await this.communes.byId(tx, account.communeId);
    if (!commune) throw new Error(`account ${account.id}: commune ${account.communeId} not found`);
    // Staff accounts get the staff wording, never the families' text: their own activation mail and page.
    const staff = account.role !== Role.FAMILY;
    const template = staff && kind === 'activation' ? 'staff-activation' : kind;
    const { path, validity } = LINKS[template];
    const link = portalLink(commune, path, { token });
    await this.mail.enqueue(tx, {
      communeId: account.communeId,
      to,
      template,
      dedupeKey,
      data: {
        firstName: account.firstName,
        lastName: account.lastName,
        login: account.login,
        newEmail: to,
        validity,
        link,
        staff,
        roleLabel: roleLabel(account.role),
        backOffice: portalLink(commune, 'agents'),
      },
    });
    return link;
  }

  /**
   * What was just done to the account, told to its address (the previous one for an e-mail change),
   * with what to do if it was not its owner (SPEC §2 Accounts). Written in the same transaction as the
   * change: sent after its commit, never for a change rolled back.
   */
  async securityNotice(tx: Tx, kind: 'password-changed' | 'password-reset' | 'email-changed', account: AccountEntity, previousEmail = account.email): Promise<void> {
    const commune = await this.communes.byId(tx, account.communeId);
    if (!commune) throw new Error(`account ${account.id}: commune ${account.communeId} not found`);
    const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: commune.timezone }).format(new Date());
    await this.mail.enqueue(tx, {
      communeId: account.communeId,
      to: previousEmail,
      template: kind === 'email-changed' ? 'email-changed' : 'password-changed',
      data: {
        firstName: account.firstName,
        lastName: account.lastName,
        login: account.login,
        staff: account.role !== 'FAMILY',
        reset: kind === 'password-reset',
        newEmail: account.email,
        when,
      },
    });
  }

  /**
   * An e-mail change asked for an address that already names an account: the address's owner is told,
   * with nothing to click and nothing about who asked, instead of the requester learning it is taken.
   */
  async addressTaken(tx: Tx, communeId: string, email: string): Promise<void> {
    await this.mail.enqueue(tx, { communeId, to: email, template: 'email-change-taken', data: { email } });
  }
}
