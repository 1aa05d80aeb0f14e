import { Injectable, OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '../../../database/unit-of-work';
import { JobData, Jobs } from '../../../queue/jobs';
import { AccountMails } from '../account-mails.service';
import { AccountTokensService } from '../account-tokens.service';
import { AccountsStore } from '../accounts.store';
import { MailService } from '../../notifications/mail.service';

/** Looks the address up and, only if an account has it, mails the identifier and a reset link. */
@Injectable()
export class PasswordResetRequestJob implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsStore,
    private readonly tokens: AccountTokensService,
    private readonly mails: AccountMails,
    private readonly mail: MailService,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit() {
    this.jobs.handle('accounts.password-reset', (data) => this.handle(data));
  }

  /**
   * One request, at most one mail: the dedupe key is the request's own id, drawn when the family
   * asked — never the queue's job id, which starts again at 1 when Redis loses its data or the
   * queue prefix changes (a new request would then be taken for an old one and silently dropped).
   */
  async handle(request: JobData<'accounts.password-reset'>): Promise<void> {
    const dedupeKey = `password-reset:${request.requestId}`;
    await this.uow.run(async (tx) => {
      const account = await this.accounts.byEmail(tx, request.communeId, request.email);
      // A deactivated account gets no link: it could not log in with the new password anyway.
      if (!account || !account.active) return;
      if (await this.mail.written(tx, dedupeKey)) return;
      const token = await this.tokens.issue(tx, account.id, 'PASSWORD_RESET');
      await this.mails.send(tx, 'password-reset', account, token, account.email, dedupeKey);
    });
  }
}
