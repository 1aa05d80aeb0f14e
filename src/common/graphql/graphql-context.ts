import DataLoader from 'dataloader';
import { EntityTarget, In, ObjectLiteral } from 'typeorm';
import type { UnitOfWork } from '../../database/unit-of-work';
import type { PortailRequest } from '../http/request-of';

/**
 * Per-request DataLoaders, built in the GraphQL context (not request-scoped providers): field
 * resolvers batch their lookups into one query per type and request. Field resolvers run outside
 * any transaction (a mutation's has committed before its result's fields resolve), so loaders read
 * through the unit of work's read handle.
 */
export class Loaders {
  private readonly cache = new Map<unknown, DataLoader<unknown, unknown>>();
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Loads rows of an entity by primary key `id`. Callers reach ids only through rows already
   * authorised. Prefer `custom` over a service's batch method: this one is for tables whose store
   * has none yet.
   */
  byId<T extends ObjectLiteral & { id: string }>(entity: EntityTarget<T>): DataLoader<string, T | null> {
    return this.custom(entity, async (ids: readonly string[]) => {
      const rows = await this.uow.read.manager.findBy(entity, { id: In([...ids]) } as never);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Any batch function (a service's batch read), memoised under a key for the request. */
  custom<K, V>(key: unknown, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.cache.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch);
      this.cache.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

export interface GraphqlContext {
  req: PortailRequest;
  loaders: Loaders;
}
