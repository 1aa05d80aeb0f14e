import { join } from 'node:path';
import { types } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { SafeTypeormLogger } from './safe-typeorm.logger';

// PostgreSQL `date` stays the string `YYYY-MM-DD`: parsing it into a JS Date would shift it by the
// server's time zone.
types.setTypeParser(1082, (value: string) => value);

const ENTITY_FILES = join(__dirname, '..', '**', '*.entity.{ts,js}');

/** One definition of the TypeORM connection, used by the app, the CLI and the tests. */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // Each module keeps its entities beside its code (`<thing>.entity.ts`); they are found by that
    // name, so this file never imports the modules (from src/ under ts-node and jest, dist/src/ when built).
    entities: [ENTITY_FILES],
    namingStrategy: new SnakeNamingStrategy(),
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    // A unit of work waiting this long for a connection is stuck (e.g. a second connection asked
    // inside a transaction on a pool of one): it fails with an error instead of hanging.
    extra: { max: poolSize, connectionTimeoutMillis: 30_000 },
    logging: ['error', 'warn'],
    logger: new SafeTypeormLogger(),
    maxQueryExecutionTime: 2000,
  };
}
