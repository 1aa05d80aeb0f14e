import { CommuneEntity } from '../communes/commune.entity';
import { ActivityEntity } from '../activities/activity.entity';
import { ChildEntity } from '../children/child.entity';
import { FamilyEntity } from '../accounts/family.entity';
import { JoinColumn, ManyToOne, Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ReservationState } from './reservation-rules';

/** A confirmed request about days of one month for one child ("Demande de réservation"). */
@Entity('reservation')
@Index(['communeId', 'number'], { unique: true })
@Index(['familyId', 'idempotencyKey'], { unique: true, where: '"idempotency_key" IS NOT NULL' })
@Index(['familyId', 'createdAt'])
@Index(['communeId', 'activityId', 'state'])
@Check('reservation_state_check', `"state" IN ('PENDING', 'ACCEPTED', 'REFUSED', 'CANCELLED', 'PARTIAL')`)
@Check('reservation_dates_check', `"last_date" >= "first_date"`)
export class ReservationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  @ManyToOne(() => CommuneEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'commune_id' })
  commune?: CommuneEntity;
  @Column({ type: 'uuid' }) familyId: string;
  @ManyToOne(() => FamilyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'family_id' })
  family?: FamilyEntity;
  @Column({ type: 'uuid' }) childId: string;
  @ManyToOne(() => ChildEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'child_id' })
  child?: ChildEntity;
  @Column({ type: 'uuid' }) activityId: string;
  @ManyToOne(() => ActivityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;
  @Column({ type: 'integer' }) number: number;
  /** `2021-09` */
  @Column({ type: 'varchar', length: 7 }) month: string;
  @Column({ type: 'date' }) firstDate: string;
  @Column({ type: 'date' }) lastDate: string;
  /** Derived from the lines by deriveReservationState, rewritten whenever a line changes; kept for filtering. */
  @Column({ type: 'varchar', length: 10 }) state: ReservationState;
  @Column({ type: 'varchar', length: 100, nullable: true }) idempotencyKey: string | null;
  @Column({ type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
