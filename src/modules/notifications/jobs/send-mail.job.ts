import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../../../config/config.module';
import { AppConfig } from '../../../config/app-config';
import { UnitOfWork } from '../../../database/unit-of-work';
import { Jobs } from '../../../queue/jobs';
import { DEFAULT_ATTEMPTS } from '../../../queue/job-queue.port';
import { NotificationsStore } from '../notifications.store';
import { MAIL_TRANSPORT, MailTransport } from '../transports/mail-transport';

/**
 * Sends one outbox mail. The row is claimed with a guarded update, so a retried or duplicated job
 * finds it SENT (or leased by another worker) and does nothing: a mail goes out once.
 */
@Injectable()
export class SendMailJob implements OnModuleInit {
  private readonly logger = new Logger(SendMailJob.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: NotificationsStore,
    private readonly jobs: Jobs,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.jobs.handle('mail.send', (data) => this.handle(data.mailId));
  }

  async handle(mailId: string): Promise<void> {
    const mail = await this.uow.autocommit((tx) => this.store.claim(tx, mailId));
    if (!mail) return; // already sent, being sent, or gone: nothing to do.
    try {
      await this.transport.send({
        messageId: `<${mail.id}@portail-famille>`,
        from: this.config.mailFrom,
        to: mail.to_address,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
      });
    } catch (err) {
      await this.uow.autocommit((tx) => this.store.markFailed(tx, mail.id, DEFAULT_ATTEMPTS, String((err as Error).message)));
      throw err;
    }
    await this.uow.autocommit((tx) => this.store.markSent(tx, mail.id));
    this.logger.debug(`mail ${mail.id} envoyé`);
  }

  /** Re-enqueues mails whose job was lost (crash between commit and enqueue, Redis down, expired lease). */
  async sweep(): Promise<number> {
    const rows = await this.store.lost(this.uow.read, 500);
    for (const row of rows) await this.jobs.enqueue('mail.send', { mailId: row.id }, { jobId: `${row.id}-${row.attempts}` });
    return rows.length;
  }
}
