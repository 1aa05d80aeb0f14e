import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommuneEntity } from '../communes/commune.entity';

/**
 * One hand-over of titles to the Trésor Public: a PES V2 file (« PES_Aller ») numbered without gaps
 * in its commune, kept with its figures. What went out in it is in `treasury_export_item`.
 */
@Entity('treasury_export')
@Index(['communeId', 'number'], { unique: true })
@Check('treasury_export_counts_check', `"invoice_count" >= 0 AND "credit_note_count" >= 0 AND "invoice_count" + "credit_note_count" > 0`)
export class TreasuryExportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'integer' }) number: number;
  /** Invoices issued up to this day (and credit notes on titles sent before) went out. */
  @Column({ type: 'date' }) upTo: string;
  @Column({ type: 'integer' }) invoiceCount: number;
  @Column({ type: 'integer' }) creditNoteCount: number;
  /** The titles' amount less the reductions' (negative when only reductions went out). */
  @Column({ type: 'integer' }) amountCents: number;
  @Column({ type: 'varchar', length: 100 }) fileName: string;
  /** The file's bytes (ISO-8859-1 XML), never selected unless asked for. */
  @Column({ type: 'bytea', select: false }) file: Buffer;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
