import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActivityEntity } from './activity.entity';

/** Days without service decided by staff (school holidays, strikes…). Public holidays need none. */
@Entity('activity_closure')
@Index(['activityId', 'fromDate'])
@Check('activity_closure_dates_check', `"to_date" >= "from_date"`)
export class ActivityClosureEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) activityId: string;
  @ManyToOne(() => ActivityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;
  @Column({ type: 'date' }) fromDate: string;
  @Column({ type: 'date' }) toDate: string;
  @Column({ type: 'varchar', length: 200 }) label: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
