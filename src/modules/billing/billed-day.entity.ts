import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreditNoteEntity } from './credit-note.entity';
import { InvoiceEntity } from './invoice.entity';

/**
 * One child's day of an activity as billed: its invoice and unit price, and the credit note that
 * credited it, if any. The key makes a day billed at most once; `credit_note_id IS NULL` guards the
 * credit, so no day is ever credited twice.
 */
@Entity('billed_day')
@Index(['invoiceId'])
export class BilledDayEntity {
  @PrimaryColumn({ type: 'uuid' }) childId: string;
  @PrimaryColumn({ type: 'uuid' }) activityId: string;
  @PrimaryColumn({ type: 'date' }) date: string;
  @Column({ type: 'uuid' }) invoiceId: string;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
  @Column({ type: 'smallint' }) linePosition: number;
  @Column({ type: 'integer' }) unitPriceCents: number;
  @Column({ type: 'uuid', nullable: true }) creditNoteId: string | null;
  @ManyToOne(() => CreditNoteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_note_id' })
  creditNote?: CreditNoteEntity;
}
