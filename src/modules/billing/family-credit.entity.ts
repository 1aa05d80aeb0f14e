import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FamilyEntity } from '../accounts/family.entity';
import { CreditNoteEntity } from './credit-note.entity';
import { InvoiceEntity } from './invoice.entity';
import { PaymentEntity } from '../payments/payment.entity';

/**
 * The family's credit balance as a ledger: + what a credit note could not apply to its (already
 * paid) invoice or a payment could not allocate, − what a new invoice consumed at its creation. The balance is their sum, read and
 * written with the family row locked (never negative: the consumer takes at most the balance).
 */
@Entity('family_credit')
@Index(['familyId'])
export class FamilyCreditEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  @Column({ type: 'integer' }) amountCents: number;
  @Column({ type: 'uuid', nullable: true }) creditNoteId: string | null;
  @ManyToOne(() => CreditNoteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_note_id' })
  creditNote?: CreditNoteEntity;
  @Column({ type: 'uuid', nullable: true }) invoiceId: string | null;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
  /** A payment that took more than its invoices still owed (validated late, or after a credit). */
  @Column({ type: 'uuid', nullable: true }) paymentId: string | null;
  @ManyToOne(() => PaymentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: PaymentEntity;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
