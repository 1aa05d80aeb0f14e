import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommuneEntity } from '../communes/commune.entity';

/** A household: the billing unit that children, registrations, reservations and invoices hang from. */
@Entity('family')
@Index(['communeId', 'name'])
export class FamilyEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
