import { ReservationEntity } from './reservation.entity';
import { JoinColumn, ManyToOne, Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { LineKind, LineState } from './reservation-rules';

/** One day of a reservation: a booking or a cancellation request, and what became of it. */
@Entity('reservation_line')
@Index(['reservationId', 'date'], { unique: true })
@Index(['activityId', 'date', 'state'])
@Index('reservation_line_requested_idx', ['reservationId'], { where: `"state" = 'REQUESTED'` })
@Check('reservation_line_kind_check', `"kind" IN ('BOOK', 'CANCEL')`)
@Check('reservation_line_state_check', `"state" IN ('REQUESTED', 'PENDING', 'ACCEPTED', 'REFUSED', 'NO_PLACE', 'WITHDRAWN')`)
export class ReservationLineEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) reservationId: string;
  @ManyToOne(() => ReservationEntity, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'reservation_id' })
  reservation?: ReservationEntity;
  @Column({ type: 'uuid' }) childId: string;
  @Column({ type: 'uuid' }) activityId: string;
  @Column({ type: 'date' }) date: string;
  @Column({ type: 'varchar', length: 6 }) kind: LineKind;
  @Column({ type: 'varchar', length: 10 }) state: LineState;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
}
