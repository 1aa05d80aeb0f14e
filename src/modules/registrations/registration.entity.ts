import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActivityEntity } from '../activities/activity.entity';
import { ChildEntity } from '../children/child.entity';

export enum RegistrationState {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
}

/** A child's registration to an activity for its school year: one per child and activity. */
@Entity('registration')
@Index(['childId', 'activityId'], { unique: true })
@Index(['familyId', 'createdAt'])
@Index(['activityId', 'state'])
@Check('registration_state_check', `"state" IN ('PENDING', 'ACCEPTED', 'REFUSED')`)
export class RegistrationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) communeId: string;
  /** The child's family, kept here so that ownership is one indexed condition. */
  @Column({ type: 'uuid' }) familyId: string;
  @Column({ type: 'uuid' }) childId: string;
  @ManyToOne(() => ChildEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'child_id' })
  child?: ChildEntity;
  @Column({ type: 'uuid' }) activityId: string;
  @ManyToOne(() => ActivityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;
  @Column({ type: 'varchar', length: 10 }) state: RegistrationState;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason: string | null;
  @Column({ type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) decidedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
