import { CommuneEntity } from '../modules/communes/commune.entity';
import { JoinColumn, ManyToOne, Column, Entity, PrimaryColumn } from 'typeorm';

/** Per-commune numbering (reservations; later invoices and payments): one row per sequence, incremented inside the statement that uses the number. */
@Entity('commune_counter')
export class CommuneCounterEntity {
  @PrimaryColumn({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @PrimaryColumn({ type: 'varchar', length: 40 }) name: string;
  @Column({ type: 'integer', default: 0 }) value: number;
}
