import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../config/config.module';
import { AppConfig } from '../../../config/app-config';
import { DEFAULT_ATTEMPTS, Job, JOB_QUEUE_DRIVER, JobQueueDriver } from '../../../queue/job-queue.port';
import { MailMessageEntity } from '../mail-message.entity';
import { SEND_MAIL_JOB } from '../mail.service';
import { MAIL_TRANSPORT, MailTransport } from '../transports/mail-transport';

const LEASE = "interval '2 minutes'";

/**
 * Sends one outbox mail. The row is claimed with a guarded update, so a retried or duplicated job
 * finds it SENT (or leased by another worker) and does nothing: a mail goes out once.
 */
@Injectable()
export class SendMailJob implements OnModuleInit {
  private readonly logger = new Logger(SendMailJob.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(JOB_QUEUE_DRIVER) private readonly queue: JobQueueDriver,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.queue.process('mail', (job) => this.handle(job as Job<{ mailId: string }>), 4);
  }

  async handle(job: Job<{ mailId: string }>): Promise<void> {
    const [claimed] = (await this.dataSource.query(
      `UPDATE mail_message SET status = 'SENDING', attempts = attempts + 1, lease_until = now() + ${LEASE}
        WHERE id = $1 AND (status IN ('QUEUED', 'FAILED') OR (status = 'SENDING' AND lease_until < now()))
        RETURNING id, to_address, subject, html, text, attempts`,
      [job.data.mailId],
    )) as [Array<{ id: string; to_address: string; subject: string; html: string; text: string; attempts: number }>, number];
    const mail = claimed?.[0];
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
      await this.dataSource.query(
        `UPDATE mail_message SET status = CASE WHEN attempts >= $2 THEN 'DEAD' ELSE 'FAILED' END, lease_until = NULL, last_error = $3 WHERE id = $1`,
        [mail.id, DEFAULT_ATTEMPTS, String((err as Error).message).slice(0, 2000)],
      );
      throw err;
    }
    // The body may hold a single-use link: it is not kept once delivered.
    await this.dataSource
      .getRepository(MailMessageEntity)
      .update({ id: mail.id }, { status: 'SENT', sentAt: () => 'now()', leaseUntil: null, html: null, text: null, lastError: null });
    this.logger.debug(`mail ${mail.id} envoyé`);
  }

  /** Re-enqueues mails whose job was lost (crash between commit and enqueue, expired lease). */
  async sweep(): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT id, attempts FROM mail_message
        WHERE (status IN ('QUEUED', 'FAILED') AND created_at < now() - interval '1 minute')
           OR (status = 'SENDING' AND lease_until < now())
        ORDER BY created_at LIMIT 500`,
    )) as Array<{ id: string; attempts: number }>;
    for (const row of rows) await this.queue.add('mail', SEND_MAIL_JOB, { mailId: row.id }, { jobId: `${row.id}-${row.attempts}` });
    return rows.length;
  }
}
