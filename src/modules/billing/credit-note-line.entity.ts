import { Check, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CreditNoteEntity } from './credit-note.entity';
import { DocumentLineColumns } from './document-line.columns';

/** One line of a credit note: the days credited, like an invoice line. */
@Entity('credit_note_line')
@Check('credit_note_line_money_check', `"quantity" > 0 AND "unit_price_cents" >= 0 AND "amount_cents" = "quantity" * "unit_price_cents"`)
export class CreditNoteLineEntity extends DocumentLineColumns {
  @PrimaryColumn({ type: 'uuid' }) creditNoteId: string;
  @ManyToOne(() => CreditNoteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'credit_note_id' })
  creditNote?: CreditNoteEntity;
}
