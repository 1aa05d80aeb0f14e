import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ActivityEntity } from './activity.entity';

/**
 * One bracket of an activity's tarification sociale (SPEC §2 "Billing"): families whose quotient is
 * at most `upToQuotient` pay `mealPriceCents` a meal; the last bracket has no bound. The list is
 * replaced as a whole, so `position` (0, 1, …) is its order. With no rows, the activity's flat
 * `meal_price_cents` applies to all.
 */
@Entity('activity_price_bracket')
@Check('activity_price_bracket_numbers_check', `"position" >= 0 AND "meal_price_cents" >= 0 AND ("up_to_quotient" IS NULL OR "up_to_quotient" >= 0)`)
// The service checks the whole list (increasing bounds, the open bracket last); the database at
// least never holds two open-ended brackets for one activity.
@Index('activity_price_bracket_one_open_idx', ['activityId'], { unique: true, where: `"up_to_quotient" IS NULL` })
export class ActivityPriceBracketEntity {
  @PrimaryColumn({ type: 'uuid' }) activityId: string;
  @ManyToOne(() => ActivityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id' })
  activity?: ActivityEntity;
  @PrimaryColumn({ type: 'smallint' }) position: number;
  /** Highest quotient of the bracket, included; null: no bound (the last bracket). */
  @Column({ type: 'integer', nullable: true }) upToQuotient: number | null;
  @Column({ type: 'integer' }) mealPriceCents: number;
}
