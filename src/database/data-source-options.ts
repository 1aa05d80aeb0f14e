import { join } from 'node:path';
import { types } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { SafeTypeormLogger } from './safe-typeorm.logger';

// PostgreSQL `date` stays the string `YYYY-MM-DD`: parsing it into a JS Date would shift it by the
// server's time zone.
types.setTypeParser(1082, (value: string) => value);

/** One definition of the TypeORM connection, used by the app, the CLI and the tests. */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{js,ts}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    extra: { max: poolSize },
    logging: ['error', 'warn'],
    logger: new SafeTypeormLogger(),
    maxQueryExecutionTime: 2000,
  };
}
