import { Check, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DocumentLineColumns } from './document-line.columns';
import { InvoiceEntity } from './invoice.entity';

/** One line of an invoice. */
@Entity('invoice_line')
@Check('invoice_line_money_check', `"quantity" > 0 AND "unit_price_cents" >= 0 AND "amount_cents" = "quantity" * "unit_price_cents"`)
export class InvoiceLineEntity extends DocumentLineColumns {
  @PrimaryColumn({ type: 'uuid' }) invoiceId: string;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
}
