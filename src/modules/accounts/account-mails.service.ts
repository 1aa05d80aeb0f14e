import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/unit-of-work';
import { CommuneEntity } from '../communes/commune.entity';
import { MailService } from '../notifications/mail.service';
import { AccountEntity } from './account.entity';
import { TOKEN_VALIDITY } from './link-token';

const LINKS = {
  activation: { path: 'activation', validity: TOKEN_VALIDITY.ACTIVATION.label },
  'password-reset': { path: 'reinitialisation', validity: TOKEN_VALIDITY.PASSWORD_RESET.label },
  'email-change': { path: 'confirmation-email', validity: TOKEN_VALIDITY.EMAIL_CHANGE.label },
} as const;

/** The three account mails, each carrying a link to the commune's front-end and the login identifier. */
@Injectable()
export class AccountMails {
  constructor(private readonly mail: MailService) {}

  async send(tx: Tx, kind: keyof typeof LINKS, account: AccountEntity, token: string, to = account.email, dedupeKey?: string): Promise<string> {
    const commune = await tx.manager.findOneByOrFail(CommuneEntity, { id: account.communeId });
    const { path, validity } = LINKS[kind];
    const link = `${commune.publicUrl.replace(/\/+$/, '')}/${path}?token=${encodeURIComponent(token)}`;
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
}
