import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { FamilyEntity } from '../accounts/family.entity';
import { CommuneEntity } from '../communes/commune.entity';
import { InvoiceEntity } from './invoice.entity';

/**
 * An avoir ("Avoir n° AV-2026-00001") against the invoice that billed its days: `appliedCents`
 * lowered that invoice's remaining due, the rest went to the family's credit balance.
 */
@Entity('credit_note')
@Index(['communeId', 'number'], { unique: true })
@Index(['familyId', 'issuedOn'])
@Index(['invoiceId'])
@Check('credit_note_money_check', `"amount_cents" > 0 AND "applied_cents" >= 0 AND "applied_cents" <= "amount_cents"`)
export class CreditNoteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  @Column({ type: 'uuid' }) invoiceId: string;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
  @Column({ type: 'varchar', length: 20 }) number: string;
  @Column({ type: 'date' }) issuedOn: string;
  @Column({ type: 'integer' }) amountCents: number;
  @Column({ type: 'integer' }) appliedCents: number;
  @Column({ type: 'varchar', length: 300 }) reason: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
