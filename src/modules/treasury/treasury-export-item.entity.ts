import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreditNoteEntity } from '../billing/credit-note.entity';
import { InvoiceEntity } from '../billing/invoice.entity';
import { TreasuryExportEntity } from './treasury-export.entity';

/**
 * What went out in an export: an invoice as a title, or a credit note as the reduction of its
 * invoice's title, with the pièce's exercice and number in the file (a reduction names its title's).
 * Each invoice and each credit note goes out once (unique keys).
 */
@Entity('treasury_export_item')
@Index(['exportId'])
@Index(['invoiceId'], { unique: true, where: '"invoice_id" IS NOT NULL' })
@Index(['creditNoteId'], { unique: true, where: '"credit_note_id" IS NOT NULL' })
@Check('treasury_export_item_one_check', `("invoice_id" IS NULL) <> ("credit_note_id" IS NULL)`)
export class TreasuryExportItemEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) exportId: string;
  @ManyToOne(() => TreasuryExportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'export_id' })
  export?: TreasuryExportEntity;
  @Column({ type: 'uuid', nullable: true }) invoiceId: string | null;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
  @Column({ type: 'uuid', nullable: true }) creditNoteId: string | null;
  @ManyToOne(() => CreditNoteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_note_id' })
  creditNote?: CreditNoteEntity;
  /** Exer of the pièce's bordereau. */
  @Column({ type: 'smallint' }) exercice: number;
  /** IdPce: the title's (or the reduction's) number in its exercice. */
  @Column({ type: 'integer' }) pieceNumber: number;
}
