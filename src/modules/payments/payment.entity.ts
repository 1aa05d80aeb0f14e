import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from '../accounts/account.entity';
import { FamilyEntity } from '../accounts/family.entity';
import { CommuneEntity } from '../communes/commune.entity';
import { PaymentProvider, PaymentState } from './payment-rules';

/** A payment ("Paiement n° 04083 (par PAYLINE)"), numbered in the commune's payment sequence. */
@Entity('payment')
@Index(['communeId', 'number'], { unique: true })
@Index(['familyId', 'createdAt'])
/** A bank notification finds its payment by site, UTC day and transaction id (SPEC §2). */
@Index('payment_transaction_idx', ['siteId', 'transDay', 'transId'], { unique: true, where: `"trans_id" IS NOT NULL` })
/** A PayFiP notification finds its payment by the `idOp` PayFiP gave it. */
@Index('payment_payfip_id_op_idx', ['payfipIdOp'], { unique: true, where: `"payfip_id_op" IS NOT NULL` })
@Index('payment_pending_idx', ['expiresAt'], { where: `"state" = 'PENDING'` })
@Check('payment_state_check', `"state" IN ('PENDING', 'VALIDATED', 'REFUSED', 'CANCELLED')`)
@Check('payment_provider_check', `"provider" IN ('CASH', 'CHECK', 'TRANSFER', 'CESU', 'SYSTEMPAY', 'PAYLINE', 'DIRECT_DEBIT', 'PAYFIP')`)
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
  /** Offline payments: the cheque's number (required for a cheque), a transfer's reference. */
  @Column({ type: 'varchar', length: 40, nullable: true }) reference: string | null;
  /** Offline payments: the bank or issuer of a cheque. */
  @Column({ type: 'varchar', length: 100, nullable: true }) issuer: string | null;

  // ---- online payments (the bank's transaction) ----
  /** The bank's shop (`vads_site_id`). */
  @Column({ type: 'varchar', length: 32, nullable: true }) siteId: string | null;
  /** The UTC day of `vads_trans_date`: a transaction id is unique per site and day. */
  @Column({ type: 'date', nullable: true }) transDay: string | null;
  /** `vads_trans_id`: six digits, 000000–899999. */
  @Column({ type: 'varchar', length: 6, nullable: true }) transId: string | null;
  /** `vads_trans_date`, `YYYYMMDDHHMMSS` UTC. */
  @Column({ type: 'varchar', length: 14, nullable: true }) transDate: string | null;
  /** A PENDING payment with no notification by then is expired (CANCELLED). */
  @Column({ type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  /** For staff: money taken after our expiry had cancelled the payment, kept as the family's credit or allocated late. */
  @Column({ type: 'varchar', length: 300, nullable: true }) flag: string | null;
  /** Why it did not go through (« Paiement refusé par la banque »…); null when validated or pending. */
  @Column({ type: 'varchar', length: 120, nullable: true }) reason: string | null;
  /** PayFiP's `idOp` (its `creerPaiementSecurise` answer); null for any other payment. */
  @Column({ type: 'varchar', length: 64, nullable: true }) payfipIdOp: string | null;
  /** When it reached its final state. */
  @Column({ type: 'timestamptz', nullable: true }) settledAt: Date | null;
}
