import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FamilyEntity } from '../accounts/family.entity';
import { CommuneEntity } from '../communes/commune.entity';

export const MANDATE_STATES = ['ACTIVE', 'REVOKED'] as const;
export type MandateState = (typeof MANDATE_STATES)[number];

/**
 * A family's signed SEPA direct-debit mandate. Its reference (RUM) is unique in the commune and never
 * changes (a trigger refuses it); the IBAN is stored encrypted (`iban_encrypted`, the health notes'
 * cipher) and shown masked. A family has one ACTIVE mandate at most (partial unique index).
 */
@Entity('mandate')
@Index('mandate_reference_idx', ['communeId', 'reference'], { unique: true })
@Index('mandate_active_idx', ['familyId'], { unique: true, where: `"state" = 'ACTIVE'` })
@Check('mandate_state_check', `"state" IN ('ACTIVE', 'REVOKED') AND ("state" = 'REVOKED') = ("revoked_at" IS NOT NULL)`)
export class MandateEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  /** The RUM (« Référence Unique du Mandat »), 35 SEPA characters at most. */
  @Column({ type: 'varchar', length: 35 }) reference: string;
  @Column({ type: 'varchar', length: 70 }) debtorName: string;
  /** The IBAN, encrypted (AES-256-GCM, `HealthDataCipher`). */
  @Column({ type: 'text' }) ibanEncrypted: string;
  /** `FR76 •••• •••• •••• •••• •••• 189`: what screens show, without decrypting. */
  @Column({ type: 'varchar', length: 50 }) ibanMasked: string;
  @Column({ type: 'varchar', length: 11, nullable: true }) bic: string | null;
  @Column({ type: 'date' }) signedOn: string;
  @Column({ type: 'varchar', length: 16 }) state: MandateState;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
