import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A town: the tenant every other record belongs to. */
@Entity('commune')
export class CommuneEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 32, unique: true }) code: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 300 }) address: string;
  @Column({ type: 'varchar', length: 10 }) postalCode: string;
  @Column({ type: 'varchar', length: 120 }) city: string;
  @Column({ type: 'varchar', length: 40 }) phone: string;
  @Column({ type: 'varchar', length: 254, nullable: true }) email: string | null;
  @Column({ type: 'varchar', length: 64, default: 'Europe/Paris' }) timezone: string;
  @Column({ type: 'varchar', length: 500 }) publicUrl: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
