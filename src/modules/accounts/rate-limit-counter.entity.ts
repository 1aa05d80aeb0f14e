import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The fixed-window counters of the first releases, no longer written: limits slide now
 * (RateLimitEventEntity). Kept, like its table, until a migration drops both.
 */
@Entity('rate_limit_counter')
export class RateLimitCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 }) key: string;
  @PrimaryColumn({ type: 'timestamptz' }) windowStart: Date;
  @Column({ type: 'integer', default: 0 }) count: number;
}
