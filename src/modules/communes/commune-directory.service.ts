import { Injectable } from '@nestjs/common';
import { CommuneRef } from '../../common/context/request-context';
import { badInput, DomainError } from '../../common/errors/domain-error';
import { CommuneLookup } from '../../common/tenancy/commune-resolver';
import { UnitOfWork } from '../../database/unit-of-work';
import { CommunesStore } from './communes.store';

const TTL_MS = 30_000;

/**
 * Finds the commune a request speaks for. Communes change rarely, so they are cached for a few
 * seconds per process; `invalidate()` after a change made in this process.
 */
@Injectable()
export class CommuneDirectory implements CommuneLookup {
  private cache: { at: number; byCode: Map<string, CommuneRef>; byId: Map<string, CommuneRef>; byHost: Map<string, CommuneRef> } | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: CommunesStore,
  ) {}

  invalidate() {
    this.cache = null;
  }

  private async load() {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache;
    const [rows, hosts] = await Promise.all([this.store.all(this.uow.read), this.store.hosts(this.uow.read)]);
    const refs = rows.map((c) => ({ id: c.id, code: c.code, name: c.name, timezone: c.timezone, publicUrl: c.publicUrl }));
    const byId = new Map(refs.map((r) => [r.id, r]));
    const byHost = new Map(hosts.filter((h) => byId.has(h.communeId)).map((h) => [h.host, byId.get(h.communeId)!]));
    this.cache = { at: Date.now(), byCode: new Map(refs.map((r) => [r.code, r])), byId, byHost };
    return this.cache;
  }

  /**
   * The commune a request names: by its code (`X-Commune` / `domaine`, any case; an unknown code is
   * the error), else by the host name it was sent to when a commune declares it; null when neither.
   */
  async named(code: string | undefined, host: string | null = null): Promise<CommuneRef | DomainError | null> {
    let cache = await this.load();
    if (code) {
      const wanted = code.trim().toUpperCase();
      if (!cache.byCode.has(wanted) && cache.at < Date.now() - 1000) {
        this.invalidate();
        cache = await this.load();
      }
      return cache.byCode.get(wanted) ?? new DomainError('NOT_FOUND', 'COMMUNE_NOT_FOUND', `Commune « ${code.slice(0, 40)} » inconnue.`);
    }
    return (host && cache.byHost.get(host)) || null;
  }

  /**
   * The commune named by `X-Commune` / `domaine` or the host name, or the only one of the
   * deployment. Returns the error instead of throwing: operations that need no commune (activation
   * by token) still work.
   */
  async resolve(code: string | undefined, host: string | null = null): Promise<CommuneRef | DomainError> {
    const named = await this.named(code, host);
    if (named) return named;
    const cache = await this.load();
    if (cache.byCode.size === 1) return [...cache.byCode.values()][0];
    return badInput('COMMUNE_REQUIRED', 'Précisez la commune (en-tête X-Commune ou paramètre domaine).');
  }

  async byId(id: string): Promise<CommuneRef | null> {
    let cache = await this.load();
    if (!cache.byId.has(id)) {
      this.invalidate();
      cache = await this.load();
    }
    return cache.byId.get(id) ?? null;
  }
}
