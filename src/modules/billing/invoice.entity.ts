import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FamilyEntity } from '../accounts/family.entity';
import { CommuneEntity } from '../communes/commune.entity';
import { BillingRunEntity } from './billing-run.entity';
import { InvoiceState } from './billing-rules';

/**
 * A family's invoice ("Facture n° 2026-00001"). Its remaining due is derived on read from the
 * columns written in the same statements as their sources (payments' allocations, credit notes,
 * the credit balance consumed at its creation): `amount − paid − credited − fromBalance`, never
 * negative (CHECK).
 */
@Entity('invoice')
@Index(['communeId', 'number'], { unique: true })
@Index(['familyId', 'issuedOn'])
@Index(['communeId', 'state'])
@Check('invoice_state_check', `"state" IN ('UNPAID', 'PAYMENT_PENDING', 'PAID', 'TREASURY')`)
@Check(
  'invoice_money_check',
  `"amount_cents" >= 0 AND "paid_cents" >= 0 AND "credited_cents" >= 0 AND "from_balance_cents" >= 0 AND "paid_cents" + "credited_cents" + "from_balance_cents" <= "amount_cents"`,
)
@Check('invoice_period_check', `"period_end" >= "period_start"`)
export class InvoiceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  /** "2026-00001"; invoices imported from a former system keep theirs ("00001", "2006-00096"). */
  @Column({ type: 'varchar', length: 20 }) number: string;
  @Column({ type: 'date' }) issuedOn: string;
  @Column({ type: 'date' }) periodStart: string;
  @Column({ type: 'date' }) periodEnd: string;
  @Column({ type: 'integer' }) amountCents: number;
  /** Allocated from payments. */
  @Column({ type: 'integer', default: 0 }) paidCents: number;
  /** Lowered by credit notes against it. */
  @Column({ type: 'integer', default: 0 }) creditedCents: number;
  /** Settled at its creation from the family's credit balance. */
  @Column({ type: 'integer', default: 0 }) fromBalanceCents: number;
  @Column({ type: 'varchar', length: 16 }) state: InvoiceState;
  /** Moved with every change of state or money, which drops the stored PDF: the version to render. */
  @Column({ type: 'integer', default: 1 }) documentVersion: number;
  /** "TEST VALENTINA / TEST ROMEO" (the guide's "Référent"). */
  @Column({ type: 'varchar', length: 400 }) childrenLabel: string;
  /** "Ecole Louis Gauthier / RESTAURANT DE LA MARIANNE". */
  @Column({ type: 'varchar', length: 400 }) establishmentsLabel: string;
  /** "RESTAURATION SCOLAIRE" (the guide's "Accueil"). */
  @Column({ type: 'varchar', length: 400 }) accueilLabel: string;
  @Column({ type: 'uuid', nullable: true }) billingRunId: string | null;
  @ManyToOne(() => BillingRunEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'billing_run_id' })
  billingRun?: BillingRunEntity;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** What the family still owes on it. */
export const remainingOf = (i: Pick<InvoiceEntity, 'amountCents' | 'paidCents' | 'creditedCents' | 'fromBalanceCents'>) => i.amountCents - i.paidCents - i.creditedCents - i.fromBalanceCents;
