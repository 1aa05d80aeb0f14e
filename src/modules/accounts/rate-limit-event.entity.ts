import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One counted attempt on one limit key (a failed login, a reset or e-mail-change request), shared by
 * every API process. A limit counts the events of its last window, so windows slide.
 */
@Entity('rate_limit_event')
@Index(['key', 'at'])
export class RateLimitEventEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'varchar', length: 300 }) key: string;
  @Column({ type: 'timestamptz' }) at: Date;
}
