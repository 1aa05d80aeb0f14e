import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { RequestContext } from '../../common/context/request-context';
import { notFound } from '../../common/errors/domain-error';
import { Page, PageArgs, pageRequest, toPage } from '../../common/graphql/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { AccountEntity } from '../accounts/account.entity';
import { FamilyEntity } from '../accounts/family.entity';

/** Staff views of the commune's families. */
@Injectable()
export class FamiliesService {
  constructor(private readonly uow: UnitOfWork) {}

  /** By family name, account name or e-mail, or child name (case- and accent-insensitive enough for staff). */
  async search(ctx: RequestContext, search: string | undefined, args: PageArgs): Promise<Page<FamilyEntity>> {
    const req = pageRequest(args);
    const q = this.uow.manager.createQueryBuilder(FamilyEntity, 'f').where('f.communeId = :communeId', { communeId: ctx.communeId });
    const term = search?.trim();
    if (term) {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q.andWhere(
        `(f.name ILIKE :like
          OR EXISTS (SELECT 1 FROM account a WHERE a.family_id = f.id AND (a.first_name ILIKE :like OR a.last_name ILIKE :like OR a.email ILIKE :like OR a.login ILIKE :like))
          OR EXISTS (SELECT 1 FROM child c WHERE c.family_id = f.id AND (c.first_name ILIKE :like OR c.last_name ILIKE :like OR (c.last_name || ' ' || c.first_name) ILIKE :like OR (c.first_name || ' ' || c.last_name) ILIKE :like)))`,
        { like },
      );
    }
    const [items, total] = await q.orderBy('f.name', 'ASC').addOrderBy('f.id', 'ASC').skip(req.offset).take(req.pageSize).getManyAndCount();
    return toPage(req, items, total);
  }

  async get(ctx: RequestContext, id: string): Promise<FamilyEntity> {
    const family = await this.uow.manager.findOneBy(FamilyEntity, { id, communeId: ctx.communeId });
    if (!family) throw notFound('Family', 'Famille introuvable.');
    return family;
  }

  async accountsOf(familyIds: readonly string[]): Promise<AccountEntity[][]> {
    const rows = await this.uow.manager.find(AccountEntity, { where: { familyId: In([...familyIds]) }, order: { createdAt: 'ASC' } });
    return familyIds.map((id) => rows.filter((r) => r.familyId === id));
  }
}
