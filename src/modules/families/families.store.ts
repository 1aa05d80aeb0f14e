import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { containsPattern, foldedSql } from '../../common/search/folded-text';
import { Db } from '../../database/unit-of-work';
import { AccountEntity } from '../accounts/account.entity';
import { FamilyEntity } from '../accounts/family.entity';

/**
 * Reads of the staff's family views. The `family` and `account` tables belong to the accounts
 * module: these pure reads move to its store once it has one.
 */
@Injectable()
export class FamiliesStore {
  // TODO(accounts store): family and account rows.
  /**
   * The commune's families, by name; with a term, those whose name or one of whose accounts (name,
   * e-mail, login) contains it, accents and case aside, or listed in `alsoIds` (children's matches).
   */
  async search(
    db: Db,
    communeId: string,
    filter: { term: string; alsoIds: string[] } | null,
    offset: number,
    limit: number,
  ): Promise<[FamilyEntity[], number]> {
    const q = db.manager.createQueryBuilder(FamilyEntity, 'f').where('f.communeId = :communeId', { communeId });
    if (filter) {
      const has = (column: string) => `${foldedSql(column)} LIKE ${foldedSql(':like')}`;
      q.andWhere(
        `(${has('f.name')}
          OR EXISTS (SELECT 1 FROM account a WHERE a.family_id = f.id
                       AND (${has('a.first_name')} OR ${has('a.last_name')} OR ${has('a.email')} OR ${has('a.login')}))
          OR f.id = ANY(:alsoIds))`,
        { like: containsPattern(filter.term), alsoIds: filter.alsoIds },
      );
    }
    return q.orderBy('f.name', 'ASC').addOrderBy('f.id', 'ASC').skip(offset).take(limit).getManyAndCount();
  }

  // TODO(accounts store): a family row.
  find(db: Db, communeId: string, id: string): Promise<FamilyEntity | null> {
    return db.manager.findOneBy(FamilyEntity, { id, communeId });
  }

  // TODO(accounts store): account rows.
  accountsOf(db: Db, familyIds: readonly string[]): Promise<AccountEntity[]> {
    return db.manager.find(AccountEntity, { where: { familyId: In([...familyIds]) }, order: { createdAt: 'ASC' } });
  }
}
