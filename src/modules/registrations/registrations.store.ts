import { Injectable } from '@nestjs/common';
import { FindOptionsWhere, In } from 'typeorm';
import { fromJsonRow } from '../../database/from-json-row';
import { Db, Tx } from '../../database/unit-of-work';
import { RegistrationEntity, RegistrationState } from './registration.entity';
import { registrationFromStates } from './registration-transitions';

export type RegistrationRow = Pick<RegistrationEntity, 'communeId' | 'familyId' | 'childId' | 'activityId' | 'state' | 'decidedAt'>;

export interface RegistrationFilter {
  communeId: string;
  familyId?: string;
  activityId?: string;
  state?: RegistrationState;
}

/** Pieces of SQL on `registration` for other modules' one-round-trip reads (see ACTIVITY_SQL). */
export const REGISTRATION_SQL = {
  /** The state of the child's registration to the activity, NULL when there is none (a scalar subquery). */
  stateOf: (childId: string, activityId: string) =>
    `(SELECT registration_.state FROM registration registration_ WHERE registration_.child_id = ${childId} AND registration_.activity_id = ${activityId})`,
};

/** The `registration` table. */
@Injectable()
export class RegistrationsStore {
  /** A unique violation means the child is already registered to the activity. */
  insert(tx: Tx, row: RegistrationRow): Promise<RegistrationEntity> {
    return tx.manager.save(tx.manager.create(RegistrationEntity, row));
  }

  /**
   * Moves the registration to `to` only from a state the transition table allows (one guarded
   * UPDATE: two staff deciding at once cannot both win). Null when nothing moved: missing, of
   * another commune, or already decided.
   */
  async decide(tx: Tx, d: { communeId: string; id: string; to: RegistrationState; reason: string | null; decidedBy: string }): Promise<RegistrationEntity | null> {
    const result = await tx.manager
      .createQueryBuilder()
      .update(RegistrationEntity)
      .set({ state: d.to, reason: d.reason, decidedAt: () => 'now()', decidedBy: d.decidedBy })
      .where('id = :id AND commune_id = :communeId AND state IN (:...from)', { id: d.id, communeId: d.communeId, from: registrationFromStates(d.to) })
      .returning('*')
      .execute();
    const [row] = result.raw as Array<Record<string, unknown>>;
    return row ? fromJsonRow(tx.manager, RegistrationEntity, row) : null;
  }

  find(db: Db, communeId: string, id: string): Promise<RegistrationEntity | null> {
    return db.manager.findOneBy(RegistrationEntity, { id, communeId });
  }

  exists(db: Db, childId: string, activityId: string): Promise<boolean> {
    return db.manager.existsBy(RegistrationEntity, { childId, activityId });
  }

  /** Most recent first. */
  page(db: Db, filter: RegistrationFilter, offset: number, limit: number): Promise<[RegistrationEntity[], number]> {
    const where: FindOptionsWhere<RegistrationEntity> = { communeId: filter.communeId };
    if (filter.familyId) where.familyId = filter.familyId;
    if (filter.activityId) where.activityId = filter.activityId;
    if (filter.state) where.state = filter.state;
    return db.manager.findAndCount(RegistrationEntity, { where, order: { createdAt: 'DESC', id: 'ASC' }, skip: offset, take: limit });
  }

  /** Most recent first. */
  ofChildren(db: Db, childIds: readonly string[]): Promise<RegistrationEntity[]> {
    return db.manager.find(RegistrationEntity, { where: { childId: In([...childIds]) }, order: { createdAt: 'DESC' } });
  }
}
