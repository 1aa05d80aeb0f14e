import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const MIGRATION_LOCK = 727_274_001;

/**
 * Applies pending migrations. On a shared PostgreSQL an advisory lock makes concurrent starters
 * (several API and worker processes) wait for the first one instead of racing.
 */
export async function runMigrations(url: string, embedded: boolean): Promise<string[]> {
  const logger = new Logger('Migrations');
  const dataSource = new DataSource({ ...dataSourceOptions(url, embedded ? 1 : 2), logging: ['error'] });
  await dataSource.initialize();
  const lock = embedded ? null : await dataSource.createQueryRunner();
  try {
    if (lock) await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log(`Migrations appliquées : ${applied.map((m) => m.name).join(', ')}`);
    return applied.map((m) => m.name);
  } finally {
    if (lock) {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await lock.release();
    }
    await dataSource.destroy();
  }
}
