import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';

/** The app's one connection, and the migration step's before it (each data source has a pool of 1). */
const EMBEDDED_MAX_CONNECTIONS = 4;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) behind pglite-socket on a loopback port, so the
 * real `pg` driver and the same migrations run on it. PGlite is ONE session, and the socket server
 * interleaves the protocol messages (Parse/Bind/Execute/Sync) of concurrent connections: a statement
 * could run with another's parameters. So the app uses ONE connection (pool of 1, see the config),
 * which serialises every statement end to end; a transaction holds it until it ends, and the unit of
 * work refuses a second connection opened inside a transaction (it would wait forever).
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedDatabase');
  const dir = join(dataDir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  // Both packages ship CommonJS builds; loaded lazily so production never pays for them.
  const { PGlite } = await import('@electric-sql/pglite');
  // The contrib entry point has no types under CommonJS resolution.
  const contrib = '@electric-sql/pglite/contrib/pgcrypto';
  const { pgcrypto } = (await import(contrib)) as { pgcrypto: never };
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(dir, { extensions: { pgcrypto } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  await server.start();
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  logger.log(`PGlite embarqué (${dir}) sur 127.0.0.1:${address.port}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${address.port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
