import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { conflict, notFound } from '../../common/errors/domain-error';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { CommuneEntity } from './commune.entity';
import { CommuneDirectory } from './commune-directory.service';
import { CommunesStore } from './communes.store';

export interface NewCommune {
  code: string;
  name: string;
  address: string;
  postalCode: string;
  city: string;
  phone: string;
  email?: string | null;
  publicUrl: string;
  timezone?: string;
}

@Injectable()
export class CommunesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: CommunesStore,
    private readonly directory: CommuneDirectory,
  ) {}

  async current(ctx: RequestContext): Promise<CommuneEntity> {
    const commune = await this.store.byId(this.uow.read, ctx.communeId);
    if (!commune) throw notFound('Commune', 'Commune introuvable.');
    return commune;
  }

  /** Creates a commune (CLI, demo data). The code is upper-case; a taken code is a CONFLICT. */
  async create(tx: Tx, input: NewCommune): Promise<CommuneEntity> {
    const code = input.code.trim().toUpperCase();
    if (await this.store.codeTaken(tx, code)) {
      throw conflict('COMMUNE_EXISTS', `La commune ${code} existe déjà.`);
    }
    const commune = await this.store.insert(tx, {
      ...input,
      code,
      email: input.email ?? null,
      timezone: input.timezone ?? 'Europe/Paris',
    });
    tx.afterCommit(() => this.directory.invalidate());
    return commune;
  }
}
