import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreditNoteEntity } from './credit-note.entity';

/** One child × activity × unit price credited: like an invoice line. */
@Entity('credit_note_line')
@Check('credit_note_line_money_check', `"quantity" > 0 AND "unit_price_cents" >= 0 AND "amount_cents" = "quantity" * "unit_price_cents"`)
export class CreditNoteLineEntity {
  @PrimaryColumn({ type: 'uuid' }) creditNoteId: string;
  @ManyToOne(() => CreditNoteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credit_note_id' })
  creditNote?: CreditNoteEntity;
  @PrimaryColumn({ type: 'smallint' }) position: number;
  @Column({ type: 'varchar', length: 200 }) childName: string;
  @Column({ type: 'varchar', length: 250 }) activityName: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'integer' }) unitPriceCents: number;
  @Column({ type: 'integer' }) amountCents: number;
}
