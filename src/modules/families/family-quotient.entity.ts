import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FamilyEntity } from '../accounts/family.entity';

/**
 * A family's quotient familial for a period (the CAF certificate staff record), which sets the price
 * of its meals on the days it covers. Periods of one family never overlap: the service writes them
 * with the family row locked (see FamiliesService.setQuotient); the unique start date backs it.
 */
@Entity('family_quotient')
@Index(['familyId', 'validFrom'], { unique: true })
@Check('family_quotient_value_check', `"quotient" >= 0`)
@Check('family_quotient_period_check', `"valid_to" IS NULL OR "valid_to" >= "valid_from"`)
export class FamilyQuotientEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  @Column({ type: 'integer' }) quotient: number;
  @Column({ type: 'date' }) validFrom: string;
  /** Last day covered, included; null: until a later certificate (open-ended). */
  @Column({ type: 'date', nullable: true }) validTo: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
