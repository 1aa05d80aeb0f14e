import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Fixed-window counters shared by every API process (failed logins, reset requests). */
@Entity('rate_limit_counter')
export class RateLimitCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 }) key: string;
  @PrimaryColumn({ type: 'timestamptz' }) windowStart: Date;
  @Column({ type: 'integer', default: 0 }) count: number;
}
