import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A rendered PDF of an invoice or credit note (its id), stored in the database so that every API
 * process serves it, whichever worker rendered it.
 */
@Entity('billing_document')
@Check('billing_document_kind_check', `"kind" IN ('INVOICE', 'CREDIT_NOTE')`)
export class BillingDocumentEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'varchar', length: 12 }) kind: 'INVOICE' | 'CREDIT_NOTE';
  @Column({ type: 'bytea' }) pdf: Buffer;
  @CreateDateColumn({ type: 'timestamptz' }) renderedAt: Date;
}
