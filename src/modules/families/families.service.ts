import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { frenchDate } from '../../common/dates/local-date';
import { conflict, invalidField, notFound } from '../../common/errors/domain-error';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { Db, UnitOfWork } from '../../database/unit-of-work';
import { AccountEntity } from '../accounts/account.entity';
import { AccountsStore } from '../accounts/accounts.store';
import { FamilyEntity } from '../accounts/family.entity';
import { ChildrenService } from '../children/children.service';
import { FamilyQuotientType } from './dto/family-quotient.type';
import { FamiliesStore, QuotientPeriodRow } from './families.store';

/**
 * Staff views of the commune's families, and their quotients familiaux (this module's one table).
 * Families and their accounts belong to the accounts module (they are opened together), children
 * to the children module.
 */
@Injectable()
export class FamiliesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsStore,
    private readonly children: ChildrenService,
    private readonly store: FamiliesStore,
  ) {}

  /** By family name, account name or e-mail, or child name; accents and case aside ("chloe" finds "CHLOÉ"). */
  async search(ctx: RequestContext, search: string | undefined, args: PageArgs): Promise<Page<FamilyEntity>> {
    const req = pageRequest(args);
    const term = search?.trim();
    const matching = term ? [...new Set([...(await this.accounts.familyIdsMatching(this.uow.read, ctx.communeId, term)), ...(await this.children.familyIdsMatching(ctx, term))])] : null;
    const [items, total] = await this.accounts.familiesPage(this.uow.read, ctx.communeId, matching, req.offset, req.pageSize);
    return toPage(req, items, total);
  }

  async get(ctx: RequestContext, id: string): Promise<FamilyEntity> {
    const family = await this.accounts.family(this.uow.read, ctx.communeId, id);
    if (!family) throw notFound('Family', 'Famille introuvable.');
    return family;
  }

  async accountsOf(familyIds: readonly string[]): Promise<AccountEntity[][]> {
    const rows = await this.accounts.ofFamilies(this.uow.read, familyIds);
    return familyIds.map((id) => rows.filter((r) => r.familyId === id));
  }

  /**
   * Records a quotient for a period (SPEC §2 "Billing"). A family's periods never overlap: the
   * family row is locked, so that two agents recording periods at once are decided one after the
   * other and the second sees the first. A new certificate that starts after the open-ended one
   * began replaces it from its first day: the open-ended period ends the day before (there is no
   * other way to close it). Any other overlap is refused, and then nothing changes.
   */
  async setQuotient(ctx: RequestContext, input: { familyId: string; quotient: number; validFrom: string; validTo?: string | null }): Promise<FamilyEntity> {
    const validTo = input.validTo ?? null;
    if (validTo !== null && validTo < input.validFrom) throw invalidField('validTo', 'La fin de validité du quotient ne peut pas précéder son début.');
    return this.uow.run(async (tx) => {
      const family = await this.accounts.lockFamily(tx, ctx.communeId, input.familyId);
      if (!family) throw notFound('Family', 'Famille introuvable.');
      await this.store.endOpenPeriodBefore(tx, family.id, input.validFrom);
      const existing = await this.store.overlapping(tx, family.id, input.validFrom, validTo);
      if (existing) {
        throw conflict('QUOTIENT_PERIOD_OVERLAP', `Cette période chevauche celle du quotient ${existing.quotient} déjà enregistré ${periodLabel(existing)}.`, {
          existing: { quotient: existing.quotient, validFrom: existing.validFrom, validTo: existing.validTo },
        });
      }
      await this.store.insertQuotient(tx, { familyId: family.id, quotient: input.quotient, validFrom: input.validFrom, validTo });
      return family;
    });
  }

  /** Each family's quotient periods by start date. `db`: the caller's transaction, when it prices inside one (billing). */
  async quotientsOf(familyIds: readonly string[], db: Db = this.uow.read): Promise<FamilyQuotientType[][]> {
    const rows = await this.store.quotientsOf(db, familyIds);
    return familyIds.map((id) => rows.filter((r) => r.familyId === id).map((r) => ({ quotient: r.quotient, validFrom: r.validFrom, validTo: r.validTo })));
  }
}

/** « du 01/09/2025 au 31/08/2026 », « à partir du 01/09/2025, sans date de fin ». */
const periodLabel = (p: QuotientPeriodRow) => (p.validTo === null ? `à partir du ${frenchDate(p.validFrom)}, sans date de fin` : `du ${frenchDate(p.validFrom)} au ${frenchDate(p.validTo)}`);
