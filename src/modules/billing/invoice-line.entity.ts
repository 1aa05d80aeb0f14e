import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { InvoiceEntity } from './invoice.entity';

/** One child × activity × unit price of an invoice: quantity of days × unit price. Names are kept as billed. */
@Entity('invoice_line')
@Check('invoice_line_money_check', `"quantity" > 0 AND "unit_price_cents" >= 0 AND "amount_cents" = "quantity" * "unit_price_cents"`)
export class InvoiceLineEntity {
  @PrimaryColumn({ type: 'uuid' }) invoiceId: string;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
  @PrimaryColumn({ type: 'smallint' }) position: number;
  @Column({ type: 'varchar', length: 200 }) childName: string;
  @Column({ type: 'varchar', length: 250 }) activityName: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'integer' }) unitPriceCents: number;
  @Column({ type: 'integer' }) amountCents: number;
}
