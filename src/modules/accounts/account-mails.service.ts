import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/unit-of-work';
import { CommunesStore } from '../communes/communes.store';
import { MailService } from '../notifications/mail.service';
import { portalLink } from '../notifications/portal-link';
import { AccountEntity } from './account.entity';
import { TOKEN_VALIDITY } from './link-token';

const LINKS = {
  activation: { path: 'activation', validity: TOKEN_VALIDITY.ACTIVATION.label },
  'password-reset': { path: 'reinitialisation', validity: TOKEN_VALIDITY.PASSWORD_RESET.label },
  'email-change': { path: 'confirmation-email', validity: TOKEN_VALIDITY.EMAIL_CHANGE.label },
} as const;

/** The account mails: three carry a link to the commune's front-end and the login identifier; the notice of a taken address carries neither. */
@Injectable()
export class AccountMails {
  constructor(
    private readonly mail: MailService,
    private readonly communes: CommunesStore,
  ) {}

  async send(tx: Tx, kind: keyof typeof LINKS, account: AccountEntity, token: string, to = account.email, dedupeKey?: string): Promise<string> {
    const commune = await this.communes.byId(tx, account.communeId);
    if (!commune) throw new Error(`account ${account.id}: commune ${account.communeId} not found`);
    const { path, validity } = LINKS[kind];
    const link = portalLink(commune, path, { token });
    await this.mail.enqueue(tx, {
      communeId: account.communeId,
      to,
      template: kind,
      dedupeKey,
      data: {
        firstName: account.firstName,
        lastName: account.lastName,
        login: account.login,
        newEmail: to,
        validity,
        link,
      },
    });
    return link;
  }

  /**
   * An e-mail change asked for an address that already names an account: the address's owner is told,
   * with nothing to click and nothing about who asked, instead of the requester learning it is taken.
   */
  async addressTaken(tx: Tx, communeId: string, email: string): Promise<void> {
    await this.mail.enqueue(tx, { communeId, to: email, template: 'email-change-taken', data: { email } });
  }
}
