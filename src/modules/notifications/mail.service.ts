import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/unit-of-work';
import { Jobs } from '../../queue/jobs';
import { CommuneEntity } from '../communes/commune.entity';
import { CommunesStore } from '../communes/communes.store';
import { NotificationsStore } from './notifications.store';
import { portalLink } from '../communes/portal-link';
import { MailPayloads, MailTemplateName, renderMail } from './mail-templates';

export interface MailRequest<N extends MailTemplateName> {
  communeId: string;
  to: string;
  template: N;
  /** Checked against the template's name (`MailPayloads`). */
  data: MailPayloads[N];
  /**
   * Pages of the portal the mail points at, by template variable: `{ link: '/factures/<id>' }`
   * becomes `link`, the page's full address in the commune's portal (`portalLink`).
   */
  links?: Record<string, string>;
  /** A mail with the same key is never created twice (retried jobs, replayed events). */
  dedupeKey?: string;
}

/**
 * Queues mails through the outbox: the message row is written in the caller's transaction, the
 * `mail` job is enqueued after commit. A rollback leaves no mail behind.
 */
@Injectable()
export class MailService {
  constructor(
    private readonly store: NotificationsStore,
    private readonly communes: CommunesStore,
    private readonly jobs: Jobs,
  ) {}

  async enqueue<N extends MailTemplateName>(tx: Tx, request: MailRequest<N>): Promise<void> {
    // A replayed event (a retried job) finds its mail written: nothing to render again.
    if (request.dedupeKey && (await this.store.existsWithKey(tx, request.dedupeKey))) return;
    const commune = await this.layoutOf(tx, request.communeId);
    const links = Object.fromEntries(Object.entries(request.links ?? {}).map(([name, path]) => [name, portalLink(commune, path)]));
    const rendered = renderMail(request.template, { ...request.data, ...links, commune });
    const id = await this.store.insert(tx, {
      communeId: request.communeId,
      toAddress: request.to,
      template: request.template,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      dedupeKey: request.dedupeKey ?? null,
    });
    // With the queue down the mail stays QUEUED in the outbox, and the sweeper sends it later.
    if (id) tx.afterCommit(() => this.jobs.enqueueOrLeaveToSweeper('mail.send', { mailId: id }, { jobId: id }));
  }

  /** Whether a mail with this dedupe key was already written (a job about to do costly work first checks). */
  written(tx: Tx, dedupeKey: string): Promise<boolean> {
    return this.store.existsWithKey(tx, dedupeKey);
  }

  /** The commune's card for the mail layout; it changes rarely, so it is kept a minute per process. */
  private async layoutOf(tx: Tx, communeId: string): Promise<CommuneEntity> {
    const cached = this.layouts.get(communeId);
    if (cached && Date.now() - cached.at < 60_000) return cached.commune;
    const commune = await this.communes.byId(tx, communeId);
    if (!commune) throw new Error(`mail for unknown commune ${communeId}`);
    this.layouts.set(communeId, { at: Date.now(), commune });
    return commune;
  }
  private readonly layouts = new Map<string, { at: number; commune: CommuneEntity }>();
}
