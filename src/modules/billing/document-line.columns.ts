import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns an invoice line and a credit-note line share: one child × activity × unit price,
 * quantity × unit price (CHECK on each table). Names are kept as they were billed.
 */
export abstract class DocumentLineColumns {
  @PrimaryColumn({ type: 'smallint' }) position: number;
  @Column({ type: 'varchar', length: 200 }) childName: string;
  @Column({ type: 'varchar', length: 250 }) activityName: string;
  @Column({ type: 'integer' }) quantity: number;
  @Column({ type: 'integer' }) unitPriceCents: number;
  @Column({ type: 'integer' }) amountCents: number;
}
