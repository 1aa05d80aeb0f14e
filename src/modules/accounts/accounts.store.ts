import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Role } from '../../common/auth/role';
import { containsPattern, foldedContains, foldedSql } from '../../common/search/folded-text';
import { Db, Tx } from '../../database/unit-of-work';
import { AccountEntity } from './account.entity';
import { FamilyEntity } from './family.entity';

export type AccountRow = Pick<AccountEntity, 'communeId' | 'familyId' | 'login' | 'email' | 'role' | 'firstName' | 'lastName'> &
  Partial<Pick<AccountEntity, 'phone' | 'address' | 'emailVerified' | 'passwordHash' | 'activatedAt'>>;

export type ProfilePatch = Partial<Pick<AccountEntity, 'firstName' | 'lastName' | 'phone' | 'address'>>;

export type StaffPatch = Partial<Pick<AccountEntity, 'firstName' | 'lastName' | 'role' | 'active'>>;

export type FamilyRow = Pick<FamilyEntity, 'communeId' | 'name'>;

const OLDEST_FIRST = { createdAt: 'ASC' } as const;

/** Pieces of SQL on `account` for other modules' one-round-trip reads (see ACTIVITY_SQL). */
export const ACCOUNT_SQL = {
  /** The family's accounts with a confirmed address, oldest first, as JSON: [{ id, email, firstName, lastName }]. */
  verifiedOfFamilyJson: (familyId: string) =>
    `(SELECT COALESCE(json_agg(json_build_object('id', account_.id, 'email', account_.email, 'firstName', account_.first_name, 'lastName', account_.last_name)
                               ORDER BY account_.created_at), '[]'::json)
        FROM account account_ WHERE account_.family_id = ${familyId} AND account_.email_verified)`,
};

/**
 * The `account` and `family` tables. Families are opened with their first account, so they live
 * here; other modules read them through this store. `passwordHash` is never selected unless a
 * method says so.
 */
@Injectable()
export class AccountsStore {
  // ---- accounts ------------------------------------------------------------------------------

  /** For work no person triggered, or an id just proven (a token, a session): the account whatever its commune. */
  get(db: Db, id: string): Promise<AccountEntity> {
    return db.manager.findOneByOrFail(AccountEntity, { id });
  }

  /** An account of the commune, and of the family when one is given (null: staff, any family). */
  find(db: Db, communeId: string, id: string, familyId: string | null): Promise<AccountEntity | null> {
    return db.manager.findOneBy(AccountEntity, { id, communeId, ...(familyId ? { familyId } : {}) });
  }

  /** With its password hash, to check a current password. */
  withPasswordHash(db: Db, id: string): Promise<AccountEntity | null> {
    return db.manager.createQueryBuilder(AccountEntity, 'a').addSelect('a.passwordHash').where('a.id = :id', { id }).getOne();
  }

  /** The account a login form names, by login or e-mail, with its password hash. */
  forLogin(db: Db, communeId: string, login: string, email: string): Promise<AccountEntity | null> {
    return db.manager
      .createQueryBuilder(AccountEntity, 'a')
      .addSelect('a.passwordHash')
      .where('a.communeId = :communeId', { communeId })
      .andWhere('(a.login = :login OR a.email = :email)', { login, email })
      .getOne();
  }

  byEmail(db: Db, communeId: string, email: string): Promise<AccountEntity | null> {
    return db.manager.findOneBy(AccountEntity, { communeId, email });
  }

  loginExists(db: Db, communeId: string, login: string): Promise<boolean> {
    return db.manager.existsBy(AccountEntity, { communeId, login });
  }

  /**
   * Whether a login or e-mail already names another account of the commune. Login accepts either,
   * so one account's login must never be another's e-mail (a wanted login may contain `@`).
   */
  identifierTaken(db: Db, communeId: string, value: string, exceptAccountId?: string): Promise<boolean> {
    const q = db.manager.createQueryBuilder(AccountEntity, 'a').where('a.communeId = :communeId', { communeId }).andWhere('(a.login = :value OR a.email = :value)', { value });
    if (exceptAccountId) q.andWhere('a.id <> :exceptAccountId', { exceptAccountId });
    return q.getExists();
  }

  /**
   * The commune's logins that are `base` or start with it. Homonyms opened at the same moment: the
   * lock makes the second wait for the first to commit, then see its login.
   */
  async loginsStartingWith(tx: Tx, communeId: string, base: string): Promise<Set<string>> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('account-login'), hashtext($1))`, [`${communeId}:${base}`]);
    const rows = await tx.manager
      .createQueryBuilder(AccountEntity, 'a')
      .select('a.login', 'login')
      .where('a.communeId = :communeId', { communeId })
      .andWhere('(a.login = :base OR a.login LIKE :like)', { base, like: `${base}%` })
      .getRawMany<{ login: string }>();
    return new Set(rows.map((r) => r.login));
  }

  /** The commune's STAFF and ADMIN accounts, by last name then first name (accents and case aside). */
  staffOf(db: Db, communeId: string): Promise<AccountEntity[]> {
    return db.manager
      .createQueryBuilder(AccountEntity, 'a')
      .where('a.communeId = :communeId', { communeId })
      .andWhere('a.role IN (:...roles)', { roles: [Role.STAFF, Role.ADMIN] })
      .orderBy(foldedSql('a.last_name'), 'ASC')
      .addOrderBy(foldedSql('a.first_name'), 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /** Oldest first. */
  ofFamilies(db: Db, familyIds: readonly string[]): Promise<AccountEntity[]> {
    return db.manager.find(AccountEntity, { where: { familyId: In([...familyIds]) }, order: OLDEST_FIRST });
  }

  /** A unique violation means the login or the e-mail was taken meanwhile. */
  insert(tx: Tx, row: AccountRow): Promise<AccountEntity> {
    return tx.manager.save(tx.manager.create(AccountEntity, row));
  }

  /** A unique violation means the e-mail was taken meanwhile. */
  save(tx: Tx, account: AccountEntity): Promise<AccountEntity> {
    return tx.manager.save(account);
  }

  async updateProfile(tx: Tx, id: string, patch: ProfilePatch): Promise<void> {
    await tx.manager.update(AccountEntity, { id }, patch);
  }

  async updateStaff(tx: Tx, id: string, patch: StaffPatch): Promise<void> {
    await tx.manager.update(AccountEntity, { id }, patch);
  }

  /** The ids of the commune's active ADMIN accounts, locked until the transaction ends. */
  async lockActiveAdmins(tx: Tx, communeId: string): Promise<string[]> {
    const rows = (await tx.manager.query(`SELECT id FROM account WHERE commune_id = $1 AND role = 'ADMIN' AND active ORDER BY id FOR UPDATE`, [communeId])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async setPasswordHash(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await tx.manager.update(AccountEntity, { id }, { passwordHash });
  }

  /** Guarded on the hash it replaces: a password changed meanwhile is not overwritten. */
  async replacePasswordHash(tx: Tx, id: string, previousHash: string, passwordHash: string): Promise<void> {
    await tx.manager.query(`UPDATE account SET password_hash = $3 WHERE id = $1 AND password_hash = $2`, [id, previousHash, passwordHash]);
  }

  /** A link mailed to the address was opened: that proves the address, and the account is active from the first time. */
  async setPasswordFromLink(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await tx.manager.query(`UPDATE account SET password_hash = $2, email_verified = true, activated_at = COALESCE(activated_at, now()) WHERE id = $1`, [id, passwordHash]);
  }

  // ---- families ------------------------------------------------------------------------------

  insertFamily(tx: Tx, row: FamilyRow): Promise<FamilyEntity> {
    return tx.manager.save(tx.manager.create(FamilyEntity, row));
  }

  family(db: Db, communeId: string, id: string): Promise<FamilyEntity | null> {
    return db.manager.findOneBy(FamilyEntity, { id, communeId });
  }

  /**
   * The family of the commune, locked until the transaction ends: what is decided per family (its
   * quotient periods) is decided one request at a time.
   */
  lockFamily(tx: Tx, communeId: string, id: string): Promise<FamilyEntity | null> {
    return tx.manager.findOne(FamilyEntity, { where: { id, communeId }, lock: { mode: 'pessimistic_write' } });
  }

  familyNamed(db: Db, communeId: string, name: string): Promise<FamilyEntity | null> {
    return db.manager.findOneBy(FamilyEntity, { communeId, name });
  }

  /** Callers reach these ids only through rows already authorised. */
  familiesByIds(db: Db, ids: readonly string[]): Promise<FamilyEntity[]> {
    return db.manager.findBy(FamilyEntity, { id: In([...ids]) });
  }

  /**
   * Each family's first account (its referent: the debtor of its titles), with the postal address it
   * gave when it has one.
   */
  async referentsOf(db: Db, familyIds: readonly string[]): Promise<Array<{ familyId: string; firstName: string; lastName: string; address: string | null }>> {
    if (!familyIds.length) return [];
    const rows = (await db.manager.query(
      `SELECT DISTINCT ON (family_id) family_id, first_name, last_name, address FROM account
        WHERE family_id = ANY($1::uuid[]) ORDER BY family_id, (address IS NULL OR address = ''), created_at, id`,
      [[...familyIds]],
    )) as Array<{ family_id: string; first_name: string; last_name: string; address: string | null }>;
    return rows.map((r) => ({ familyId: r.family_id, firstName: r.first_name, lastName: r.last_name, address: r.address }));
  }

  /** The commune's families by name; only those of `onlyIds` when given (a search's matches). */
  familiesPage(db: Db, communeId: string, onlyIds: readonly string[] | null, offset: number, limit: number): Promise<[FamilyEntity[], number]> {
    const q = db.manager.createQueryBuilder(FamilyEntity, 'f').where('f.communeId = :communeId', { communeId });
    if (onlyIds) q.andWhere('f.id = ANY(:onlyIds)', { onlyIds: [...onlyIds] });
    return q.orderBy('f.name', 'ASC').addOrderBy('f.id', 'ASC').skip(offset).take(limit).getManyAndCount();
  }

  /**
   * Families of the commune whose name, or one of whose accounts' first name, last name, e-mail or
   * login, contains the term (accents and case aside).
   */
  async familyIdsMatching(db: Db, communeId: string, term: string): Promise<string[]> {
    const rows = await db.manager
      .createQueryBuilder(FamilyEntity, 'f')
      .select('f.id', 'id')
      .where('f.communeId = :communeId', { communeId })
      .andWhere(
        `(${foldedContains('f.name')}
          OR EXISTS (SELECT 1 FROM account a WHERE a.family_id = f.id
                       AND (${foldedContains('a.first_name')} OR ${foldedContains('a.last_name')} OR ${foldedContains('a.email')} OR ${foldedContains('a.login')})))`,
        { like: containsPattern(term) },
      )
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
