import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The bank's transaction ids of one site and UTC day: 000000–899999 (900000+ are the bank's own). */
@Entity('payment_transaction_counter')
@Check('payment_transaction_counter_range_check', `"value" >= 0 AND "value" < 900000`)
export class TransactionCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) siteId: string;
  @PrimaryColumn({ type: 'date' }) day: string;
  @Column({ type: 'integer' }) value: number;
}
