import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { FamilyEntity } from '../accounts/family.entity';
import { CommuneEntity } from '../communes/commune.entity';
import { PaymentProvider, PaymentState } from './billing-rules';

/** A payment ("Paiement n° 04083 (par PAYLINE)"), numbered in the commune's payment sequence. */
@Entity('payment')
@Index(['communeId', 'number'], { unique: true })
@Index(['familyId', 'createdAt'])
@Check('payment_state_check', `"state" IN ('PENDING', 'VALIDATED', 'REFUSED', 'CANCELLED')`)
@Check('payment_provider_check', `"provider" IN ('CASH', 'CHECK', 'TRANSFER', 'CESU', 'SYSTEMPAY', 'PAYLINE')`)
@Check('payment_amount_check', `"amount_cents" > 0`)
export class PaymentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  @Column({ type: 'integer' }) number: number;
  @Column({ type: 'varchar', length: 16 }) provider: PaymentProvider;
  @Column({ type: 'integer' }) amountCents: number;
  @Column({ type: 'varchar', length: 16 }) state: PaymentState;
  /** The day the régie received it (offline), or the bank took it. */
  @Column({ type: 'date' }) receivedOn: string;
  /** The agent who recorded an offline payment. */
  @Column({ type: 'uuid', nullable: true }) recordedBy: string | null;
  @ManyToOne(() => AccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by' })
  recorder?: AccountEntity;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
