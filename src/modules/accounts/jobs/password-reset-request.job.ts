import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { UnitOfWork } from '../../../database/unit-of-work';
import { Job, JOB_QUEUE_DRIVER, JobQueueDriver } from '../../../queue/job-queue.port';
import { AccountMails } from '../account-mails.service';
import { AccountTokensService } from '../account-tokens.service';
import { AccountEntity } from '../account.entity';
import { PASSWORD_RESET_JOB, PasswordResetRequest } from '../auth.service';

/** Looks the address up and, only if an account has it, mails the identifier and a reset link. */
@Injectable()
export class PasswordResetRequestJob implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: AccountTokensService,
    private readonly mails: AccountMails,
    @Inject(JOB_QUEUE_DRIVER) private readonly queue: JobQueueDriver,
  ) {}

  onModuleInit() {
    this.queue.process(
      'accounts',
      async (job) => {
        if (job.name === PASSWORD_RESET_JOB) await this.handle(job as Job<PasswordResetRequest>);
      },
      2,
    );
  }

  async handle(job: Job<PasswordResetRequest>): Promise<void> {
    await this.uow.run(async (tx) => {
      const account = await tx.manager.findOneBy(AccountEntity, { communeId: job.data.communeId, email: job.data.email });
      if (!account) return;
      // A retried job must not mail twice: one reset request, one token.
      const already = await tx.manager.query(
        `SELECT 1 FROM mail_message WHERE dedupe_key = $1`,
        [`password-reset:${job.id}`],
      );
      if ((already as unknown[]).length) return;
      const token = await this.tokens.issue(tx, account.id, 'PASSWORD_RESET');
      await this.mails.send(tx, 'password-reset', account, token, account.email, `password-reset:${job.id}`);
    });
  }
}
