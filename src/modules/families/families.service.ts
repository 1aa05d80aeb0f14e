import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { notFound } from '../../common/errors/domain-error';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { AccountEntity } from '../accounts/account.entity';
import { AccountsStore } from '../accounts/accounts.store';
import { FamilyEntity } from '../accounts/family.entity';
import { ChildrenService } from '../children/children.service';

/**
 * Staff views of the commune's families. This module has no table: families and their accounts
 * belong to the accounts module (they are opened together), children to the children module.
 */
@Injectable()
export class FamiliesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsStore,
    private readonly children: ChildrenService,
  ) {}

  /** By family name, account name or e-mail, or child name; accents and case aside ("chloe" finds "CHLOÉ"). */
  async search(ctx: RequestContext, search: string | undefined, args: PageArgs): Promise<Page<FamilyEntity>> {
    const req = pageRequest(args);
    const term = search?.trim();
    const matching = term
      ? [
          ...new Set([
            ...(await this.accounts.familyIdsMatching(this.uow.read, ctx.communeId, term)),
            ...(await this.children.familyIdsMatching(ctx, term)),
          ]),
        ]
      : null;
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
}
