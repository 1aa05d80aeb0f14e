import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ActivityEntity } from './activity.entity';

/**
 * The seat counters of one day of an activity (a row for every day of its period, created with
 * it). Seats are taken and freed only by guarded updates on this row (`… WHERE booked + held <
 * capacity`), and a CHECK constraint backs them: the database, not JavaScript, keeps the count within
 * capacity whatever the number of processes.
 */
@Entity('activity_day')
@Check('activity_day_counts_check', `"booked" >= 0 AND "held" >= 0`)
@Check('activity_day_capacity_check', `"capacity_override" IS NULL OR "capacity_override" >= 0`)
@Check('activity_day_within_capacity_check', `"booked" + "held" <= "capacity"`)
export class ActivityDayEntity {
  @PrimaryColumn({ type: 'uuid' }) activityId: string;
  @ManyToOne(() => ActivityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;
  @PrimaryColumn({ type: 'date' }) date: string;
  /** Staff's capacity for this day; null: the activity's daily capacity. */
  @Column({ type: 'integer', nullable: true }) capacityOverride: number | null;
  /**
   * The day's effective capacity (override, else the activity's), kept on the row so that the guarded
   * seat update reads nothing else; a CHECK makes going over it impossible.
   */
  @Column({ type: 'integer' }) capacity: number;
  /** Seats of accepted bookings. */
  @Column({ type: 'integer', default: 0 }) booked: number;
  /** Seats held by bookings awaiting a staff decision. */
  @Column({ type: 'integer', default: 0 }) held: number;
}
