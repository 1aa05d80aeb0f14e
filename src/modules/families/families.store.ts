import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Db, Tx } from '../../database/unit-of-work';
import { FamilyQuotientEntity } from './family-quotient.entity';

export type QuotientRow = Pick<FamilyQuotientEntity, 'familyId' | 'quotient' | 'validFrom' | 'validTo'>;
export type QuotientPeriodRow = Pick<FamilyQuotientEntity, 'quotient' | 'validFrom' | 'validTo'>;

/** The table `family_quotient`. The family rows themselves belong to the accounts module. */
@Injectable()
export class FamiliesStore {
  /** Each family's periods by start date. */
  quotientsOf(db: Db, familyIds: readonly string[]): Promise<FamilyQuotientEntity[]> {
    return db.manager.find(FamilyQuotientEntity, { where: { familyId: In([...familyIds]) }, order: { familyId: 'ASC', validFrom: 'ASC' } });
  }

  /**
   * The family's first period sharing a day with validFrom..validTo (validTo null: open-ended).
   * Only meaningful with the family row locked (AccountsStore.lockFamily): otherwise a period written
   * meanwhile would not be seen.
   */
  async overlapping(tx: Tx, familyId: string, validFrom: string, validTo: string | null): Promise<QuotientPeriodRow | null> {
    // A null upper bound makes the range unbounded: an open-ended period overlaps every later one.
    const rows = (await tx.manager.query(
      `SELECT quotient, valid_from AS "validFrom", valid_to AS "validTo" FROM family_quotient
        WHERE family_id = $1 AND daterange(valid_from, valid_to, '[]') && daterange($2::date, $3::date, '[]')
        ORDER BY valid_from LIMIT 1`,
      [familyId, validFrom, validTo],
    )) as QuotientPeriodRow[];
    return rows[0] ?? null;
  }

  /**
   * A new certificate starting after the family's open-ended period began ends that period the day
   * before (the family row locked, as for `overlapping`).
   */
  async endOpenPeriodBefore(tx: Tx, familyId: string, validFrom: string): Promise<void> {
    await tx.manager.query(`UPDATE family_quotient SET valid_to = $2::date - 1 WHERE family_id = $1 AND valid_to IS NULL AND valid_from < $2::date`, [familyId, validFrom]);
  }

  insertQuotient(tx: Tx, row: QuotientRow): Promise<FamilyQuotientEntity> {
    return tx.manager.save(tx.manager.create(FamilyQuotientEntity, row));
  }
}
