import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ActivityEntity } from './activity.entity';

/**
 * The seat counters of one service day. Seats are taken and freed only by guarded updates on this
 * row (`… WHERE booked + held < capacity`), so the database — not JavaScript — keeps the count
 * within capacity whatever the number of processes.
 */
@Entity('activity_day')
@Check('activity_day_counts_check', `"booked" >= 0 AND "held" >= 0`)
@Check('activity_day_capacity_check', `"capacity_override" IS NULL OR "capacity_override" >= 0`)
export class ActivityDayEntity {
  @PrimaryColumn({ type: 'uuid' }) activityId: string;
  @ManyToOne(() => ActivityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;
  @PrimaryColumn({ type: 'date' }) date: string;
  /** Staff's capacity for this day; null: the activity's daily capacity. */
  @Column({ type: 'integer', nullable: true }) capacityOverride: number | null;
  /** Seats of accepted bookings. */
  @Column({ type: 'integer', default: 0 }) booked: number;
  /** Seats held by bookings awaiting a staff decision. */
  @Column({ type: 'integer', default: 0 }) held: number;
}
