import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/unit-of-work';
import { MailMessageEntity } from './mail-message.entity';
import { MAIL_CLAIMABLE, MAIL_MACHINE } from './mail-transitions';

/** How long a worker owns a mail it is sending; past it, another worker may take it over. */
const LEASE = "interval '2 minutes'";

export interface ClaimedMail {
  id: string;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  attempts: number;
}

/** The outbox's SQL (`mail_message`), and nothing else's. */
@Injectable()
export class NotificationsStore {
  /** Writes a mail unless one with the same dedupe key exists; returns its id when written. */
  async insert(tx: Tx, mail: Pick<MailMessageEntity, 'communeId' | 'toAddress' | 'template' | 'subject' | 'html' | 'text' | 'dedupeKey'>): Promise<string | null> {
    const inserted = await tx.manager.createQueryBuilder().insert().into(MailMessageEntity).values(mail).orIgnore().returning(['id']).execute();
    return (inserted.raw as Array<{ id: string }>)[0]?.id ?? null;
  }

  async existsWithKey(db: Db, dedupeKey: string): Promise<boolean> {
    return db.manager.existsBy(MailMessageEntity, { dedupeKey });
  }

  /**
   * Claims a mail for sending with one guarded update: a retried or duplicated job finds it SENT
   * (or leased by another worker) and gets nothing.
   */
  async claim(tx: Tx, mailId: string): Promise<ClaimedMail | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE mail_message SET status = 'SENDING', attempts = attempts + 1, lease_until = now() + ${LEASE}
        WHERE id = $1 AND (status = ANY($2::varchar[]) OR (status = 'SENDING' AND lease_until < now()))
        RETURNING id, to_address, subject, html, text, attempts`,
      [mailId, MAIL_CLAIMABLE],
    )) as [ClaimedMail[], number];
    return rows?.[0] ?? null;
  }

  /** Sent: the body is not kept (it may hold a single-use link). */
  async markSent(tx: Tx, mailId: string): Promise<void> {
    await tx.manager.query(
      `UPDATE mail_message SET status = 'SENT', sent_at = now(), lease_until = NULL, html = NULL, text = NULL, last_error = NULL
        WHERE id = $1 AND status = ANY($2::varchar[])`,
      [mailId, MAIL_MACHINE.fromStates('SENT')],
    );
  }

  /** A failed attempt: retried later, or DEAD once out of attempts. */
  async markFailed(tx: Tx, mailId: string, maxAttempts: number, error: string): Promise<void> {
    await tx.manager.query(
      `UPDATE mail_message SET status = CASE WHEN attempts >= $2 THEN 'DEAD' ELSE 'FAILED' END, lease_until = NULL, last_error = $3
        WHERE id = $1 AND status = ANY($4::varchar[])`,
      [mailId, maxAttempts, error.slice(0, 2000), MAIL_MACHINE.fromStates('DEAD')],
    );
  }

  /** Mails whose job was lost: waiting for over a minute, or leased by a worker that died. */
  async lost(db: Db, limit: number): Promise<Array<{ id: string; attempts: number }>> {
    return (await db.manager.query(
      `SELECT id, attempts FROM mail_message
        WHERE (status = ANY($2::varchar[]) AND created_at < now() - interval '1 minute')
           OR (status = 'SENDING' AND lease_until < now())
        ORDER BY created_at LIMIT $1`,
      [limit, MAIL_CLAIMABLE],
    )) as Array<{ id: string; attempts: number }>;
  }
}
