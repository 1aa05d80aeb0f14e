import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PaymentEntity } from './payment.entity';

/**
 * Every bank notification received with a valid signature, and what it did: the trail staff read
 * when a family says "I paid". No card data: only the transaction's identifiers, amount and status.
 */
@Entity('payment_notification')
@Index(['paymentId', 'receivedAt'])
export class PaymentNotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid', nullable: true }) paymentId: string | null;
  @ManyToOne(() => PaymentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'payment_id' })
  payment?: PaymentEntity;
  @Column({ type: 'varchar', length: 32 }) provider: string;
  @Column({ type: 'varchar', length: 32 }) siteId: string;
  @Column({ type: 'varchar', length: 14 }) transDate: string;
  @Column({ type: 'varchar', length: 6 }) transId: string;
  @Column({ type: 'varchar', length: 32 }) orderId: string;
  /** Null when the bank's amount was not plain digits within bounds (recorded as a MISMATCH). */
  @Column({ type: 'integer', nullable: true }) amountCents: number | null;
  @Column({ type: 'varchar', length: 3 }) currency: string;
  /** The bank's status (`AUTHORISED`, `REFUSED`, `ABANDONED`…). */
  @Column({ type: 'varchar', length: 32 }) status: string;
  /** Why the bank sent it (`PAY`, `RETRY`, `BO`…). */
  @Column({ type: 'varchar', length: 16, nullable: true }) source: string | null;
  /** APPLIED, UNCHANGED (already final), LATE_SUCCESS, UNKNOWN_PAYMENT, MISMATCH, UNKNOWN_STATUS. */
  @Column({ type: 'varchar', length: 20 }) outcome: string;
  @CreateDateColumn({ type: 'timestamptz' }) receivedAt: Date;
}
