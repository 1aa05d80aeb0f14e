import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) behind pglite-socket on a loopback port, so the
 * real `pg` driver and the same migrations run on it. PGlite is ONE session: the socket server
 * multiplexes clients onto it, so code must never open a second connection inside a transaction.
 */
export async function startEmbeddedDatabase(dataDir: string, poolSize: number): Promise<EmbeddedDatabase> {
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
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: poolSize * 2 + 4 });
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
