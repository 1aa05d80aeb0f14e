import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { FamilyEntity } from '../accounts/family.entity';

export enum Diet {
  STANDARD = 'STANDARD',
  NO_PORK = 'NO_PORK',
  VEGETARIAN = 'VEGETARIAN',
  NO_MEAT = 'NO_MEAT',
}

/** A child of a family. The allergies / PAI note is health data: stored encrypted (AES-256-GCM). */
@Entity('child')
@Index(['familyId'])
@Index(['communeId', 'lastName', 'firstName'])
@Index('child_seed_key_idx', ['familyId', 'seedKey'], { unique: true, where: '"seed_key" IS NOT NULL' })
@Check('child_diet_check', `"diet" IN ('STANDARD', 'NO_PORK', 'VEGETARIAN', 'NO_MEAT')`)
export class ChildEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  @Column({ type: 'varchar', length: 100 }) firstName: string;
  @Column({ type: 'varchar', length: 100 }) lastName: string;
  @Column({ type: 'date' }) birthDate: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) school: string | null;
  @Column({ type: 'varchar', length: 50, nullable: true }) grade: string | null;
  @Column({ type: 'varchar', length: 12, default: Diet.STANDARD }) diet: Diet;
  /** `v1:` + base64(iv | tag | ciphertext); never the clear text. */
  @Column({ type: 'text', nullable: true }) allergiesEncrypted: string | null;
  /** A stable name for a child loaded by the demo data (`demo:VALENTINA`): found again whatever the family renamed. Null for the others. */
  @Column({ type: 'varchar', length: 40, nullable: true }) seedKey: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
