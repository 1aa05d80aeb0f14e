import { JoinColumn, ManyToOne, Column, Entity, PrimaryColumn } from 'typeorm';
import { CommuneEntity } from './commune.entity';

/**
 * Per-commune numbering (reservations, invoices, credit notes, payments): one row per series,
 * incremented inside the statement that uses the number. Written by `CommuneCountersStore` only.
 */
@Entity('commune_counter')
export class CommuneCounterEntity {
  @PrimaryColumn({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @PrimaryColumn({ type: 'varchar', length: 40 }) name: string;
  @Column({ type: 'integer', default: 0 }) value: number;
}
