import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { InvoiceEntity } from '../billing/invoice.entity';
import { PaymentEntity } from '../payments/payment.entity';
import { DirectDebitBatchEntity } from './direct-debit-batch.entity';
import { MandateEntity } from './mandate.entity';

/**
 * A payment presented for direct debit: its batch, the mandate it was drawn under and the invoice it
 * pays (one invoice per payment). The payment itself (state, amount, number) stays the payments
 * module's.
 */
@Entity('direct_debit_payment')
@Index('direct_debit_payment_batch_idx', ['batchId'])
@Index('direct_debit_payment_invoice_idx', ['invoiceId'])
export class DirectDebitPaymentEntity {
  @PrimaryColumn({ type: 'uuid' }) paymentId: string;
  @ManyToOne(() => PaymentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id' })
  payment?: PaymentEntity;
  @Column({ type: 'uuid' }) batchId: string;
  @ManyToOne(() => DirectDebitBatchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id' })
  batch?: DirectDebitBatchEntity;
  @Column({ type: 'uuid' }) mandateId: string;
  @ManyToOne(() => MandateEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'mandate_id' })
  mandate?: MandateEntity;
  @Column({ type: 'uuid' }) invoiceId: string;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
}
