import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { containsPattern, foldedContains, foldedSql } from '../../common/search/folded-text';
import { Db, Tx } from '../../database/unit-of-work';
import { ChildEntity } from './child.entity';

export type ChildRow = Pick<ChildEntity, 'communeId' | 'familyId' | 'firstName' | 'lastName' | 'birthDate' | 'school' | 'grade' | 'diet' | 'allergiesEncrypted'> &
  Partial<Pick<ChildEntity, 'seedKey'>>;

const OLDEST_FIRST = { birthDate: 'ASC', firstName: 'ASC' } as const;

/** Pieces of SQL on `child` for other modules' one-round-trip reads (see ACTIVITY_SQL). */
export const CHILD_SQL = {
  /** "LASTNAME Firstname", as the guide writes a child (a scalar subquery). */
  name: (childId: string) => `(SELECT child_.last_name || ' ' || child_.first_name FROM child child_ WHERE child_.id = ${childId})`,
  /** The child (id, family_id) of the commune; of the given family unless `familyId` is NULL (staff). */
  owned: (childId: string, communeId: string, familyId: string) =>
    `SELECT child_.id, child_.family_id FROM child child_ WHERE child_.id = ${childId} AND child_.commune_id = ${communeId} AND (${familyId}::uuid IS NULL OR child_.family_id = ${familyId})`,
};

/** The `child` table. */
@Injectable()
export class ChildrenStore {
  /** A child of the commune, and of the family when one is given (null: staff, any family). */
  find(db: Db, communeId: string, id: string, familyId: string | null): Promise<ChildEntity | null> {
    return db.manager.findOneBy(ChildEntity, { id, communeId, ...(familyId ? { familyId } : {}) });
  }

  ofFamilies(db: Db, familyIds: readonly string[]): Promise<ChildEntity[]> {
    return db.manager.find(ChildEntity, { where: { familyId: In([...familyIds]) }, order: OLDEST_FIRST });
  }

  byIds(db: Db, ids: readonly string[]): Promise<ChildEntity[]> {
    return db.manager.findBy(ChildEntity, { id: In([...ids]) });
  }

  /** Only the diet of each child (no health data read): the kitchen's headcounts. */
  dietsOf(db: Db, ids: readonly string[]): Promise<Array<Pick<ChildEntity, 'id' | 'diet'>>> {
    return db.manager.find(ChildEntity, { select: { id: true, diet: true }, where: { id: In([...ids]) } });
  }

  /** The family's child loaded under this key by the demo data. */
  bySeedKey(db: Db, familyId: string, seedKey: string): Promise<ChildEntity | null> {
    return db.manager.findOneBy(ChildEntity, { familyId, seedKey });
  }

  /**
   * A child the demo data loaded before it kept keys: the oldest of that first name with no key yet,
   * which then takes the key (so that a later rename does not make it look missing).
   */
  async claimSeedKey(tx: Tx, familyId: string, firstName: string, seedKey: string): Promise<ChildEntity | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE child SET seed_key = $3 WHERE id = (SELECT id FROM child WHERE family_id = $1 AND first_name = $2 AND seed_key IS NULL ORDER BY created_at, id LIMIT 1)
        RETURNING id`,
      [familyId, firstName, seedKey],
    )) as [Array<{ id: string }>, number];
    return rows[0] ? tx.manager.findOneByOrFail(ChildEntity, { id: rows[0].id }) : null;
  }

  /** Serialises the additions and changes of one family's children, to refuse a second identical child. */
  async lockFamilyChildren(tx: Tx, familyId: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('child-family'), hashtext($1))`, [familyId]);
  }

  /** Whether the family has another child of that first name, last name and birth date (accents and case aside). */
  sameChildExists(db: Db, familyId: string, child: { firstName: string; lastName: string; birthDate: string }, exceptId?: string): Promise<boolean> {
    const q = db.manager
      .createQueryBuilder(ChildEntity, 'c')
      .where('c.family_id = :familyId', { familyId })
      .andWhere(`${foldedSql('c.first_name')} = ${foldedSql(':firstName')}`, { firstName: child.firstName })
      .andWhere(`${foldedSql('c.last_name')} = ${foldedSql(':lastName')}`, { lastName: child.lastName })
      .andWhere('c.birth_date = :birthDate', { birthDate: child.birthDate });
    if (exceptId) q.andWhere('c.id <> :exceptId', { exceptId });
    return q.getExists();
  }

  /**
   * Families of the commune with a child whose name contains the term (accents and case aside),
   * "Nom Prénom" or "Prénom Nom": either full name contains each of its parts.
   */
  async familyIdsMatching(db: Db, communeId: string, term: string): Promise<string[]> {
    const rows = await db.manager
      .createQueryBuilder(ChildEntity, 'c')
      .select('DISTINCT c.family_id', 'familyId')
      .where('c.commune_id = :communeId', { communeId })
      .andWhere(`(${foldedContains(`c.last_name || ' ' || c.first_name`)} OR ${foldedContains(`c.first_name || ' ' || c.last_name`)})`, { like: containsPattern(term) })
      .getRawMany<{ familyId: string }>();
    return rows.map((r) => r.familyId);
  }

  insert(tx: Tx, row: ChildRow): Promise<ChildEntity> {
    return tx.manager.save(tx.manager.create(ChildEntity, row));
  }

  save(tx: Tx, child: ChildEntity): Promise<ChildEntity> {
    return tx.manager.save(child);
  }
}
