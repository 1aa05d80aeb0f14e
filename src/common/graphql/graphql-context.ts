import DataLoader from 'dataloader';
import type { PortailRequest } from '../http/request-of';

/**
 * Per-request DataLoaders, built in the GraphQL context (not request-scoped providers): field
 * resolvers batch their lookups into one query per type and request. The batch functions are the
 * services' batch reads, so that tables are read only by their module's store; field resolvers run
 * outside any transaction (a mutation's has committed before its result's fields resolve), so those
 * reads go through the unit of work's read handle.
 */
export class Loaders {
  private readonly cache = new Map<unknown, DataLoader<unknown, unknown>>();

  /** A service's batch read, memoised under a key for the request. */
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
