import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { CommuneEntity } from '../communes/commune.entity';

export const BILLING_RUN_STATES = ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const;
export type BillingRunState = (typeof BILLING_RUN_STATES)[number];

/** A family the run could not bill, and why (its days stay unbilled: the next run tries again). */
export interface BillingFailure {
  familyId: string;
  familyName: string;
  message: string;
}

/**
 * A billing run of one month in one commune: a queued job with progress. Counters move in the
 * same transaction as each family's invoice, so they never tell more than what committed.
 */
@Entity('billing_run')
@Index(['communeId', 'createdAt'])
@Index(['communeId', 'month'], { unique: true, where: `"trigger" = 'SCHEDULED'` })
@Check('billing_run_state_check', `"state" IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')`)
@Index('billing_run_catch_up_queued_idx', ['communeId', 'month'], { unique: true, where: `"trigger" = 'CATCH_UP' AND "state" = 'QUEUED'` })
@Check('billing_run_trigger_check', `"trigger" IN ('STAFF', 'SCHEDULED', 'CATCH_UP')`)
export class BillingRunEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  /** `2026-10` */
  @Column({ type: 'varchar', length: 7 }) month: string;
  @Column({ type: 'varchar', length: 10 }) state: BillingRunState;
  /** CATCH_UP: started by the app for days booked after the month was billed (a late staff decision). */
  @Column({ type: 'varchar', length: 10 }) trigger: 'STAFF' | 'SCHEDULED' | 'CATCH_UP';
  @Column({ type: 'integer', default: 0 }) familiesTotal: number;
  @Column({ type: 'integer', default: 0 }) familiesProcessed: number;
  @Column({ type: 'integer', default: 0 }) invoicesCreated: number;
  @Column({ type: 'jsonb', default: () => `'[]'` }) failures: BillingFailure[];
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
