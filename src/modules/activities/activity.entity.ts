import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CommuneEntity } from '../communes/commune.entity';
import { EstablishmentEntity } from './establishment.entity';

/** A bookable service for a school year, e.g. "RESTAURATION SCOLAIRE 2021-2022" at a school. */
@Entity('activity')
@Index(['communeId', 'startDate'])
@Check('activity_dates_check', `"end_date" >= "start_date"`)
@Check('activity_numbers_check', `"daily_capacity" >= 0 AND "meal_price_cents" >= 0 AND "modification_lead_days" >= 0`)
export class ActivityEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'uuid' }) establishmentId: string;
  @ManyToOne(() => EstablishmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'establishment_id' })
  establishment?: EstablishmentEntity;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @Column({ type: 'varchar', length: 20 }) schoolYear: string;
  @Column({ type: 'date' }) startDate: string;
  @Column({ type: 'date' }) endDate: string;
  /** ISO weekdays served (1 = Monday … 7 = Sunday). */
  @Column({ type: 'smallint', array: true }) weekdays: number[];
  @Column({ type: 'date', nullable: true }) bookingOpensOn: string | null;
  @Column({ type: 'date' }) bookingClosesOn: string;
  @Column({ type: 'integer' }) modificationLeadDays: number;
  @Column({ type: 'integer' }) dailyCapacity: number;
  @Column({ type: 'integer' }) mealPriceCents: number;
  @Column({ type: 'boolean' }) autoAccept: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
