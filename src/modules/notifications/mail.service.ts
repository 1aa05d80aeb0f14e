import { Inject, Injectable } from '@nestjs/common';
import { Tx } from '../../database/unit-of-work';
import { JOB_QUEUE_DRIVER, JobQueueDriver } from '../../queue/job-queue.port';
import { CommuneEntity } from '../communes/commune.entity';
import { MailMessageEntity } from './mail-message.entity';
import { MailTemplateName, renderMail } from './mail-templates';

export interface MailRequest {
  communeId: string;
  to: string;
  template: MailTemplateName;
  data: Record<string, unknown>;
  /** A mail with the same key is never created twice (retried jobs, replayed events). */
  dedupeKey?: string;
}

export const SEND_MAIL_JOB = 'send';

/**
 * Queues mails through the outbox: the message row is written in the caller's transaction, the
 * `mail` job is enqueued after commit. A rollback leaves no mail behind.
 */
@Injectable()
export class MailService {
  constructor(@Inject(JOB_QUEUE_DRIVER) private readonly queue: JobQueueDriver) {}

  async enqueue(tx: Tx, request: MailRequest): Promise<void> {
    const commune = await this.layoutOf(tx, request.communeId);
    const rendered = renderMail(request.template, { ...request.data, commune });
    const inserted = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(MailMessageEntity)
      .values({
        communeId: request.communeId,
        toAddress: request.to,
        template: request.template,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        dedupeKey: request.dedupeKey ?? null,
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (id) tx.afterCommit(() => this.queue.add('mail', SEND_MAIL_JOB, { mailId: id }, { jobId: id }));
  }

  /** The commune's card for the mail layout; it changes rarely, so it is kept a minute per process. */
  private async layoutOf(tx: Tx, communeId: string): Promise<CommuneEntity> {
    const cached = this.layouts.get(communeId);
    if (cached && Date.now() - cached.at < 60_000) return cached.commune;
    const commune = await tx.manager.findOneByOrFail(CommuneEntity, { id: communeId });
    this.layouts.set(communeId, { at: Date.now(), commune });
    return commune;
  }
  private readonly layouts = new Map<string, { at: number; commune: CommuneEntity }>();
}
