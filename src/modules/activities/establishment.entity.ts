import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A school or restaurant where an activity takes place. */
@Entity('establishment')
@Index(['communeId', 'name'], { unique: true })
export class EstablishmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 300, nullable: true }) address: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
