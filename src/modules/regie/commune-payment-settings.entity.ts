import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { CommuneEntity } from '../communes/commune.entity';

/**
 * A commune's régie (SPEC §2 "Each commune is its own régie"): its online payment provider and
 * credentials, its SEPA creditor identity, its Hélios identifiers. The Systempay key and the IBAN
 * are stored encrypted (`HealthDataCipher`, key HEALTH_DATA_KEY). No row: the deployment's
 * SYSTEMPAY_* serve the commune.
 */
@Entity('commune_payment_settings')
@Check('commune_payment_settings_provider_check', `"online_provider" IN ('NONE', 'SYSTEMPAY', 'PAYFIP')`)
@Check('commune_payment_settings_mode_check', `"mode" IN ('TEST', 'PRODUCTION')`)
export class CommunePaymentSettingsEntity {
  @PrimaryColumn({ type: 'uuid' }) communeId: string;
  @OneToOne(() => CommuneEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'varchar', length: 16 }) onlineProvider: string;
  @Column({ type: 'varchar', length: 16 }) mode: string;
  @Column({ type: 'varchar', length: 8, nullable: true }) systempaySiteId: string | null;
  /** Encrypted. */
  @Column({ type: 'text', nullable: true }) systempayKey: string | null;
  @Column({ type: 'varchar', length: 6, nullable: true }) payfipClientNumber: string | null;
  @Column({ type: 'varchar', length: 35, nullable: true }) sepaCreditorId: string | null;
  @Column({ type: 'varchar', length: 70, nullable: true }) sepaCreditorName: string | null;
  /** Encrypted. */
  @Column({ type: 'text', nullable: true }) sepaIban: string | null;
  @Column({ type: 'varchar', length: 11, nullable: true }) sepaBic: string | null;
  @Column({ type: 'varchar', length: 7, nullable: true }) heliosIdPost: string | null;
  @Column({ type: 'varchar', length: 14, nullable: true }) heliosIdColl: string | null;
  @Column({ type: 'varchar', length: 3, nullable: true }) heliosCodCol: string | null;
  @Column({ type: 'varchar', length: 2, nullable: true }) heliosCodBud: string | null;
  @Column({ type: 'varchar', length: 4, nullable: true }) heliosCodProdLoc: string | null;
  @Column({ type: 'varchar', length: 12, nullable: true }) heliosNature: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
