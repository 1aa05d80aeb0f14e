import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { communeToday } from '../../common/context/commune-today';
import { RequestContext } from '../../common/context/request-context';
import { addDays, LocalDate } from '../../common/dates/local-date';
import { invalidField, notFound } from '../../common/errors/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { ChildEntity, Diet } from './child.entity';
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
    private readonly cipher: HealthDataCipher,
  ) {}

  async mine(ctx: RequestContext): Promise<ChildType[]> {
    const rows = await this.uow.manager.find(ChildEntity, { where: { familyId: ctx.familyId }, order: { birthDate: 'ASC', firstName: 'ASC' } });
    return rows.map((c) => this.toType(c));
  }

  /** The family's own child, or (staff) any child of the commune; anything else is NOT_FOUND. */
  async get(ctx: RequestContext, id: string): Promise<ChildType> {
    return this.toType(await this.find(ctx, id));
  }

  async find(ctx: RequestContext, id: string): Promise<ChildEntity> {
    const child = await this.uow.manager.findOneBy(ChildEntity, {
      id,
      communeId: ctx.communeId,
      ...(ctx.isStaff ? {} : { familyId: ctx.familyId }),
    });
    if (!child) throw notFound('Child', 'Enfant introuvable.');
    return child;
  }

  async add(ctx: RequestContext, input: Required<Pick<ChildFields, 'firstName' | 'lastName' | 'birthDate'>> & ChildFields): Promise<ChildType> {
    this.checkBirthDate(ctx, input.birthDate);
    const child = await this.uow.manager.save(
      this.uow.manager.create(ChildEntity, {
        communeId: ctx.communeId,
        familyId: ctx.familyId,
        firstName: input.firstName.trim(),
        lastName: input.lastName.trim(),
        birthDate: input.birthDate,
        school: input.school?.trim() || null,
        grade: input.grade?.trim() || null,
        diet: input.diet ?? Diet.STANDARD,
        allergiesEncrypted: this.cipher.encrypt(input.allergies?.trim()),
      }),
    );
    return this.toType(child);
  }

  async update(ctx: RequestContext, id: string, changes: ChildFields): Promise<ChildType> {
    const child = await this.find(ctx, id);
    if (changes.birthDate != null) this.checkBirthDate(ctx, changes.birthDate);
    if (changes.firstName != null) child.firstName = changes.firstName.trim();
    if (changes.lastName != null) child.lastName = changes.lastName.trim();
    if (changes.birthDate != null) child.birthDate = changes.birthDate;
    if (changes.school !== undefined) child.school = changes.school?.trim() || null;
    if (changes.grade !== undefined) child.grade = changes.grade?.trim() || null;
    if (changes.diet != null) child.diet = changes.diet;
    if (changes.allergies !== undefined) child.allergiesEncrypted = this.cipher.encrypt(changes.allergies?.trim());
    return this.toType(await this.uow.manager.save(child));
  }

  /** Batch for DataLoaders: children of several families, oldest first. */
  async byFamilies(familyIds: readonly string[]): Promise<ChildType[][]> {
    const rows = await this.uow.manager.find(ChildEntity, { where: { familyId: In([...familyIds]) }, order: { birthDate: 'ASC', firstName: 'ASC' } });
    return familyIds.map((f) => rows.filter((r) => r.familyId === f).map((r) => this.toType(r)));
  }

  async byIds(ids: readonly string[]): Promise<Array<ChildType | null>> {
    const rows = await this.uow.manager.findBy(ChildEntity, { id: In([...ids]) });
    const byId = new Map(rows.map((r) => [r.id, this.toType(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private checkBirthDate(ctx: RequestContext, birthDate: LocalDate) {
    const today = communeToday(ctx);
    if (birthDate > today) throw invalidField('birthDate', 'La date de naissance ne peut pas être dans le futur.');
    if (birthDate < addDays(today, -366 * MAX_AGE_YEARS)) {
      throw invalidField('birthDate', `La date de naissance est trop ancienne (plus de ${MAX_AGE_YEARS} ans) : vérifiez l'année.`);
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
