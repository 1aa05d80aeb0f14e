import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource, MigrationInterface } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';
import { createTestDatabase } from '../helpers/test-database';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const MIGRATIONS_DIR = join(ROOT, 'migrations');
const RESULT = '@@PGLITE_RESULT ';
const execFileAsync = promisify(execFile);

type MigrationClass = new () => MigrationInterface;

/** The migration classes of the folder, in timestamp order (the order TypeORM runs them). */
function migrationClasses(): MigrationClass[] {
  const stamp = (c: MigrationClass) => Number(c.name.match(/(\d{13})$/)?.[1] ?? NaN);
  return (
    readdirSync(MIGRATIONS_DIR)
      .filter((f) => /\.ts$/.test(f))
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- each migration file, by a name read from the folder
      .flatMap((f) => Object.values(require(join(MIGRATIONS_DIR, f)) as Record<string, unknown>))
      .filter((x): x is MigrationClass => typeof x === 'function' && typeof x.prototype?.up === 'function' && typeof x.prototype?.down === 'function')
      .sort((a, b) => stamp(a) - stamp(b))
  );
}

function declaredMigrations(): string[] {
  return migrationClasses().map((c) => c.name);
}

/** What the entities would still change in the database: empty when migrations and entities agree. */
async function pendingSchemaChanges(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), logging: false });
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((q) => q.query);
  } finally {
    await dataSource.destroy();
  }
}

function expectNoPendingChanges(queries: string[]) {
  if (queries.length) {
    throw new Error(
      `entities and migrations disagree: the entities would still run\n  ${queries.join(';\n  ')}\n` +
        'Write (or fix) a migration — `npm run migration:generate -- migrations/<Name>` then review it by hand.',
    );
  }
}

describe('migrations on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  const declared = declaredMigrations();

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('apply every migration of the folder, in order, on a fresh database', async () => {
    expect(declared.length).toBeGreaterThan(0);
    expect(await runMigrations(db.url, false)).toEqual(declared);
  });

  it('leave nothing for the entities to change', async () => {
    expectNoPendingChanges(await pendingSchemaChanges(db.url));
  });

  it('apply nothing the second time', async () => {
    expect(await runMigrations(db.url, false)).toEqual([]);
  });

  it('can each be reverted (down) and re-applied (up), giving back the same schema', async () => {
    const classes = migrationClasses();
    const dataSource = new DataSource({ ...dataSourceOptions(db.url, 2), logging: ['error'] });
    await dataSource.initialize();
    try {
      for (let i = classes.length - 1; i >= 0; i--) {
        const name = classes[i].name;
        const before = await schemaFingerprint(dataSource);
        await dataSource.undoLastMigration({ transaction: 'each' });
        expect(await appliedMigrations(dataSource)).toEqual(declared.slice(0, i));
        // Up again, this migration alone: a data source that knows the migrations up to it.
        const upTo = new DataSource({ ...dataSourceOptions(db.url, 1), migrations: classes.slice(0, i + 1), logging: ['error'] });
        await upTo.initialize();
        try {
          expect((await upTo.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual([name]);
        } finally {
          await upTo.destroy();
        }
        expect(await schemaFingerprint(dataSource)).toEqual(before);
        await dataSource.undoLastMigration({ transaction: 'each' });
      }
      expect(await appliedMigrations(dataSource)).toEqual([]);
      expect(await schemaFingerprint(dataSource)).toEqual(await emptyFingerprint(dataSource));
    } finally {
      await dataSource.destroy();
    }
    expect(await runMigrations(db.url, false)).toEqual(declared);
    expectNoPendingChanges(await pendingSchemaChanges(db.url));
  });
});

describe('migrations on the embedded database (PGlite, the default of `npm start`)', () => {
  /**
   * PGlite loads its WebAssembly with a dynamic import(), which Jest's VM refuses without
   * --experimental-vm-modules: the check runs in a plain Node child process (TypeScript through
   * ts-node), which prints its findings as one JSON line.
   */
  const script = `
    const { mkdtempSync, rmSync } = require('node:fs');
    const { tmpdir } = require('node:os');
    const { join } = require('node:path');
    const { DataSource } = require('typeorm');
    const { startEmbeddedDatabase } = require(${JSON.stringify(join(SRC, 'database', 'embedded-database'))});
    const { runMigrations } = require(${JSON.stringify(join(SRC, 'database', 'migrate'))});
    const { dataSourceOptions } = require(${JSON.stringify(join(SRC, 'database', 'data-source-options'))});
    (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'portail-pglite-'));
      const db = await startEmbeddedDatabase(dir);
      try {
        const first = await runMigrations(db.url, true);
        const ds = new DataSource({ ...dataSourceOptions(db.url, 2), logging: false });
        await ds.initialize();
        const pending = (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
        await ds.destroy();
        const second = await runMigrations(db.url, true);
        process.stdout.write('\\n${RESULT}' + JSON.stringify({ first, pending, second }) + '\\n');
      } finally {
        await db.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    })().catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });
  `;

  it('apply, agree with the entities, and apply nothing the second time', async () => {
    const { stdout } = await execFileAsync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 90_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err) => {
      throw new Error(`the PGlite check failed (exit ${err.code}):\n${err.stderr || err.stdout}`);
    });
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT));
    if (!line) throw new Error(`no result from the PGlite check:\n${stdout}`);
    const result: { first: string[]; pending: string[]; second: string[] } = JSON.parse(line.slice(RESULT.length));
    expect(result.first).toEqual(declaredMigrations());
    expectNoPendingChanges(result.pending);
    expect(result.second).toEqual([]);
  }, 120_000);
});

async function appliedMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query('SELECT name FROM migrations ORDER BY timestamp');
  return rows.map((r) => r.name);
}

/** Objects of extensions (pgcrypto, created by TypeORM on connection) are not the migrations' doing. */
const NOT_FROM_EXTENSION = (alias: string) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = ${alias}.oid AND d.deptype = 'e')`;

/** Everything the migrations may create in the public schema, except their own bookkeeping table. */
async function schemaFingerprint(dataSource: DataSource) {
  const q = (sql: string) => dataSource.query(sql);
  return {
    columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision
                        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrations'
                       ORDER BY table_name, column_name`),
    constraints: await q(`SELECT c.conrelid::regclass::text AS "table", c.conname, pg_get_constraintdef(c.oid) AS def
                            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                           WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'migrations'
                           ORDER BY 1, 2`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes
                       WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1, 2`),
    types: await q(`SELECT t.typname, t.typtype, array_to_string(array(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), ',') AS labels
                      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0 AND ${NOT_FROM_EXTENSION('t')}
                     ORDER BY 1`),
    sequences: await q(`SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' AND sequence_name NOT LIKE 'migrations%' ORDER BY 1`),
    views: await q(`SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1`),
    functions: await q(`SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'public' AND ${NOT_FROM_EXTENSION('p')} ORDER BY 1, 2`),
    triggers: await q(`SELECT tgrelid::regclass::text AS "table", tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`),
    tables: await q(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`),
  };
}

/** The fingerprint of a public schema with nothing in it. */
async function emptyFingerprint(dataSource: DataSource) {
  const fp = await schemaFingerprint(dataSource);
  return Object.fromEntries(Object.keys(fp).map((k) => [k, []])) as unknown as typeof fp;
}
