import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { CommuneEntity } from './commune.entity';
import { CommuneDirectory } from './commune-directory.service';
import { CommunesStore } from './communes.store';
import { normalHost } from '../../common/tenancy/host-name';

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
  /** Host names at which a browser reaches this commune's portal (`cantine.ville.fr`). */
  hosts?: string[];
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
    const hosts = await this.checkedHosts(tx, null, input.hosts ?? []);
    const { hosts: _hosts, ...row } = input;
    const commune = await this.store.insert(tx, {
      ...row,
      code,
      email: input.email ?? null,
      timezone: input.timezone ?? 'Europe/Paris',
    });
    await this.store.addHosts(tx, commune.id, hosts);
    tx.afterCommit(() => this.directory.invalidate());
    return commune;
  }

  /** Adds and removes host names of a commune (CLI); returns the host names it has after. */
  async changeHosts(code: string, change: { add?: string[]; remove?: string[] }): Promise<string[]> {
    return this.uow.run(async (tx) => {
      const commune = await this.store.byCode(tx, code.trim().toUpperCase());
      if (!commune) throw notFound('Commune', `Commune « ${code.slice(0, 40)} » inconnue.`);
      const add = await this.checkedHosts(tx, commune.id, change.add ?? []);
      const remove = (change.remove ?? []).map((h) => normalHost(h) ?? h.trim().toLowerCase());
      await this.store.removeHosts(tx, commune.id, remove);
      await this.store.addHosts(tx, commune.id, add);
      tx.afterCommit(() => this.directory.invalidate());
      return (await this.store.hosts(tx)).filter((h) => h.communeId === commune.id).map((h) => h.host);
    });
  }

  /**
   * Host names made canonical, less those the commune has already; an invalid one is BAD_USER_INPUT,
   * one of another commune a CONFLICT.
   */
  private async checkedHosts(tx: Tx, communeId: string | null, raw: string[]): Promise<string[]> {
    const hosts: string[] = [];
    for (const value of raw) {
      const host = normalHost(value);
      if (!host) throw badInput('INVALID_HOST', `Nom d’hôte invalide : « ${value.slice(0, 80)} » (par exemple cantine.ville.fr).`, { field: 'hosts' });
      if (!hosts.includes(host)) hosts.push(host);
    }
    const known = await this.store.hostsTaken(tx, hosts);
    const taken = known.filter((h) => h.communeId !== communeId);
    if (taken.length) {
      const others = await Promise.all(taken.map(async (h) => `${h.host} (${(await this.store.byId(tx, h.communeId))?.code ?? '?'})`));
      throw conflict('HOST_TAKEN', `Nom d’hôte déjà déclaré par une autre commune : ${others.join(', ')}.`, { field: 'hosts' });
    }
    return hosts.filter((host) => !known.some((h) => h.host === host));
  }
}
