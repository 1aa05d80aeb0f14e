import { InvoiceEntity } from '../billing/invoice.entity';
import { ReservationLineEntity } from './reservation-line.entity';
import { ActivityEntity } from '../activities/activity.entity';
import { ChildEntity } from '../children/child.entity';
import { JoinColumn, ManyToOne, Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { PresenceStatus } from './reservation-rules';

/**
 * One child on one day of an activity ("la présence"): the current state the planning shows. Its
 * primary key makes two requests for the same child and day impossible, whatever the concurrency.
 */
@Entity('presence')
@Index(['activityId', 'date', 'status'])
@Index(['lineId'])
/** The days a billing run still has to bill, per family. */
@Index('presence_unbilled_idx', ['familyId', 'date'], { where: `"status" = 'BOOKED' AND "invoice_id" IS NULL` })
@Check('presence_status_check', `"status" IN ('REQUESTED', 'PENDING', 'BOOKED', 'CANCEL_REQUESTED', 'CANCEL_PENDING', 'CANCELLED', 'NO_PLACE', 'REFUSED', 'EXCUSED')`)
export class PresenceEntity {
  @PrimaryColumn({ type: 'uuid' }) childId: string;
  @ManyToOne(() => ChildEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'child_id' })
  child?: ChildEntity;
  @PrimaryColumn({ type: 'uuid' }) activityId: string;
  @ManyToOne(() => ActivityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;
  @PrimaryColumn({ type: 'date' }) date: string;
  @Column({ type: 'uuid' }) familyId: string;
  @Column({ type: 'varchar', length: 16 }) status: PresenceStatus;
  /** The line that last changed this day. */
  @Column({ type: 'uuid' }) lineId: string;
  @ManyToOne(() => ReservationLineEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'line_id' })
  line?: ReservationLineEntity;
  /** Set by billing: a billed day can no longer be cancelled on the portal. */
  @Column({ type: 'uuid', nullable: true }) invoiceId: string | null;
  @ManyToOne(() => InvoiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invoice_id' })
  invoice?: InvoiceEntity;
}
