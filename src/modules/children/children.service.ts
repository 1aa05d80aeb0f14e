import { Injectable } from '@nestjs/common';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { addDays, frenchDate, LocalDate } from '../../common/dates/local-date';
import { conflict, invalidField, notFound } from '../../common/errors/domain-error';
import { Db, Tx, UnitOfWork } from '../../database/unit-of-work';
import { ChildEntity, Diet } from './child.entity';
import { ChildrenStore } from './children.store';
import { ChildType } from './dto/child.type';

export interface ChildFields {
  firstName?: string;
  lastName?: string;
  birthDate?: string;
  school?: string | null;
  grade?: string | null;
  diet?: Diet;
  allergies?: string | null;
}

/** Older than this is not a child of the canteen: a typing error. */
const MAX_AGE_YEARS = 25;

/** "Mes Enfants": a family's children; staff see and correct those of their commune. */
@Injectable()
export class ChildrenService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: ChildrenStore,
    private readonly cipher: HealthDataCipher,
  ) {}

  async mine(ctx: RequestContext): Promise<ChildType[]> {
    const rows = await this.store.ofFamilies(this.uow.read, [ctx.familyId]);
    return rows.map((c) => this.toType(c));
  }

  /** The family's own child, or (staff) any child of the commune; anything else is NOT_FOUND. */
  async get(ctx: RequestContext, id: string): Promise<ChildType> {
    return this.toType(await this.find(ctx, id));
  }

  /** `db`: the caller's transaction, when it reads the child inside one. */
  async find(ctx: RequestContext, id: string, db: Db = this.uow.read): Promise<ChildEntity> {
    const child = await this.store.find(db, ctx.communeId, id, ctx.isStaff ? null : ctx.familyId);
    if (!child) throw notFound('Child', 'Enfant introuvable.');
    return child;
  }

  async add(ctx: RequestContext, input: Required<Pick<ChildFields, 'firstName' | 'lastName' | 'birthDate'>> & ChildFields): Promise<ChildType> {
    this.checkBirthDate(ctx, input.birthDate);
    const child = await this.uow.run(async (tx) => {
      await this.refuseSameChild(tx, ctx.familyId, input);
      return this.store.insert(tx, {
        communeId: ctx.communeId,
        familyId: ctx.familyId,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        birthDate: input.birthDate,
        school: input.school?.trim() || null,
        grade: input.grade?.trim() || null,
        diet: input.diet ?? Diet.STANDARD,
        allergiesEncrypted: this.cipher.encrypt(input.allergies?.trim()),
      });
    });
    return this.toType(child);
  }

  async update(ctx: RequestContext, id: string, changes: ChildFields): Promise<ChildType> {
    const child = await this.uow.run(async (tx) => {
      const child = await this.find(ctx, id, tx);
      if (changes.birthDate != null) this.checkBirthDate(ctx, changes.birthDate);
      if (changes.firstName != null) child.firstName = changes.firstName.trim();
      if (changes.lastName != null) child.lastName = changes.lastName.trim();
      if (changes.birthDate != null) child.birthDate = changes.birthDate;
      if (changes.school !== undefined) child.school = changes.school?.trim() || null;
      if (changes.grade !== undefined) child.grade = changes.grade?.trim() || null;
      if (changes.diet != null) child.diet = changes.diet;
      if (changes.allergies !== undefined) child.allergiesEncrypted = this.cipher.encrypt(changes.allergies?.trim());
      await this.refuseSameChild(tx, child.familyId, child, child.id);
      return this.store.save(tx, child);
    });
    return this.toType(child);
  }

  /** Batch for DataLoaders: children of several families, oldest first. */
  async byFamilies(familyIds: readonly string[]): Promise<ChildType[][]> {
    const rows = await this.store.ofFamilies(this.uow.read, familyIds);
    return familyIds.map((f) => rows.filter((r) => r.familyId === f).map((r) => this.toType(r)));
  }

  async byIds(ids: readonly string[]): Promise<Array<ChildType | null>> {
    const rows = await this.store.byIds(this.uow.read, ids);
    const byId = new Map(rows.map((r) => [r.id, this.toType(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Batch: each child's diet, in the order asked (null where none). Callers reach these ids only through rows already authorised. */
  async dietsByIds(ids: readonly string[]): Promise<Array<Diet | null>> {
    const rows = ids.length ? await this.store.dietsOf(this.uow.read, ids) : [];
    const byId = new Map(rows.map((r) => [r.id, r.diet]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Families of the commune with a child of that name (staff's family search). */
  familyIdsMatching(ctx: RequestContext, term: string): Promise<string[]> {
    return this.store.familyIdsMatching(this.uow.read, ctx.communeId, term);
  }

  /**
   * The same child twice in a family (first name, last name and birth date, accents and case aside)
   * is a double entry, refused; the family's changes are taken one at a time so two at once cannot both pass.
   */
  private async refuseSameChild(tx: Tx, familyId: string, child: { firstName: string; lastName: string; birthDate: string }, exceptId?: string) {
    await this.store.lockFamilyChildren(tx, familyId);
    const named = { firstName: child.firstName.trim(), lastName: child.lastName.trim(), birthDate: child.birthDate };
    if (await this.store.sameChildExists(tx, familyId, named, exceptId)) {
      throw conflict('CHILD_EXISTS', `${named.firstName} ${named.lastName}, né(e) le ${frenchDate(named.birthDate)}, est déjà enregistré(e) dans votre famille.`, {
        field: 'firstName',
      });
    }
  }

  private checkBirthDate(ctx: RequestContext, birthDate: LocalDate) {
    const today = communeToday(ctx);
    if (birthDate > today) throw invalidField('birthDate', 'La date de naissance ne peut pas être dans le futur.');
    if (birthDate < addDays(today, -366 * MAX_AGE_YEARS)) {
      throw invalidField('birthDate', `La date de naissance est trop ancienne (plus de ${MAX_AGE_YEARS} ans) : vérifiez l’année.`);
    }
  }

  toType(c: ChildEntity): ChildType {
    return {
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      birthDate: c.birthDate,
      school: c.school,
      grade: c.grade,
      diet: c.diet,
      allergies: this.cipher.decrypt(c.allergiesEncrypted),
      familyId: c.familyId,
      communeId: c.communeId,
    };
  }
}
