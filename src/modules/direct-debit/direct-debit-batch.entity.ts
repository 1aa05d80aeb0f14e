import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommuneEntity } from '../communes/commune.entity';

/** A direct-debit batch: the commune's numbered (gapless) pain.008 file for one collection date, kept for download. */
@Entity('direct_debit_batch')
@Index('direct_debit_batch_number_idx', ['communeId', 'number'], { unique: true })
@Check('direct_debit_batch_amount_check', `"payment_count" > 0 AND "amount_cents" > 0`)
export class DirectDebitBatchEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'integer' }) number: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'date' }) collectionDate: string;
  @Column({ type: 'integer' }) paymentCount: number;
  @Column({ type: 'integer' }) amountCents: number;
  @Column({ type: 'varchar', length: 100 }) fileName: string;
  @Column({ type: 'bytea', select: false }) file: Buffer;
}
