import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { InvoiceEntity } from '../billing/invoice.entity';
import { PaymentEntity } from './payment.entity';

/** The part of a payment meant for (PENDING) or allocated to (VALIDATED) one invoice. */
@Entity('payment_allocation')
@Index(['invoiceId'])
@Check('payment_allocation_amount_check', `"amount_cents" > 0`)
export class PaymentAllocationEntity {
  @PrimaryColumn({ type: 'uuid' }) paymentId: string;
  @ManyToOne(() => PaymentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'payment_id' })
  payment?: PaymentEntity;
  @PrimaryColumn({ type: 'uuid' }) invoiceId: string;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
  @Column({ type: 'integer' }) amountCents: number;
}
