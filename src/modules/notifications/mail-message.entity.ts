import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const MAIL_STATUSES = ['QUEUED', 'SENDING', 'SENT', 'FAILED', 'DEAD'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * The outbox: a mail is written in the same transaction as the change it tells about, then sent by
 * the `mail` queue. Its status guards against sending twice; its body is erased once sent (it may
 * carry a single-use link).
 */
@Entity('mail_message')
@Index(['status', 'createdAt'])
@Check('mail_message_status_check', `"status" IN ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'DEAD')`)
export class MailMessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', nullable: true }) communeId: string | null;
  @Column({ type: 'varchar', length: 254 }) toAddress: string;
  @Column({ type: 'varchar', length: 60 }) template: string;
  @Column({ type: 'varchar', length: 300 }) subject: string;
  @Column({ type: 'text', nullable: true }) html: string | null;
  @Column({ type: 'text', nullable: true }) text: string | null;
  /** Same key, same mail: a retried job or a replayed event creates no second message. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey: string | null;
  @Column({ type: 'varchar', length: 10, default: 'QUEUED' }) status: MailStatus;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'timestamptz', nullable: true }) leaseUntil: Date | null;
  @Column({ type: 'text', nullable: true }) lastError: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) sentAt: Date | null;
}
