import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * The shape STYLE.md asks for, checked on the sources so that it stays true:
 * - no import circle;
 * - one way to the database: only stores (`*.store.ts`) and `src/database/` reach an entity
 *   manager or a DataSource;
 * - a module's SQL names only its own tables (another module's are reached through that module's
 *   store, service, or the SQL pieces it exports).
 */
const SRC = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const FILES = sources(SRC);
const text = new Map(FILES.map((f) => [f, readFileSync(f, 'utf8')]));
const rel = (f: string) => relative(SRC, f);
const moduleOf = (f: string) => /^modules\/([^/]+)\//.exec(rel(f))?.[1] ?? null;

describe('architecture', () => {
  it('has no import circle', () => {
    const graph = new Map<string, string[]>();
    for (const [file, src] of text) {
      const deps: string[] = [];
      for (const m of src.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms)) {
        if (m[1]) continue; // type-only imports vanish at run time
        const target = join(dirname(file), m[2]);
        const found = [`${target}.ts`, join(target, 'index.ts')].find((c) => text.has(c));
        if (found) deps.push(found);
      }
      graph.set(file, deps);
    }
    const cycles: string[] = [];
    const done = new Set<string>();
    const stack: string[] = [];
    const visit = (file: string) => {
      if (stack.includes(file)) return void cycles.push([...stack.slice(stack.indexOf(file)), file].map(rel).join(' → '));
      if (done.has(file)) return;
      stack.push(file);
      graph.get(file)!.forEach(visit);
      stack.pop();
      done.add(file);
    };
    FILES.forEach(visit);
    // A check that could pass on an empty graph would prove nothing.
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
    expect(cycles).toEqual([]);
  });

  it('reaches the database only through stores and src/database', () => {
    // The TypeORM command line's own data source is the one other place a DataSource is made.
    const allowed = (f: string) => f.endsWith('.store.ts') || rel(f).startsWith('database/') || rel(f) === 'config/typeorm-cli.data-source.ts';
    const reachesDatabase = (f: string) =>
      /\.manager\b|\bmanager\s*}|\bDataSource\b|\bEntityManager\b|\bQueryRunner\b|\bRepository\b|\bgetRepository\(|InjectEntityManager|InjectRepository/.test(
        text.get(f)!.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''),
      );
    // The pattern does find the ways in where they are allowed (else the check proves nothing).
    const stores = FILES.filter((f) => f.endsWith('.store.ts'));
    expect(stores.length).toBeGreaterThanOrEqual(8);
    expect(stores.filter((f) => !reachesDatabase(f)).map(rel)).toEqual([]);
    expect(
      FILES.filter((f) => !allowed(f))
        .filter(reachesDatabase)
        .map(rel),
    ).toEqual([]);
  });

  it('lets each module write SQL on its own tables only', () => {
    const owner = new Map<string, string>();
    for (const [file, src] of text) {
      const table = /@Entity\('([a-z_]+)'\)/.exec(src)?.[1];
      if (table) owner.set(table, moduleOf(file) ?? 'database');
    }
    expect(owner.size).toBeGreaterThan(10);
    const entityOwner = new Map<string, string>();
    for (const [file, src] of text) {
      const entity = /@Entity\('[a-z_]+'\)[\s\S]*?export class (\w+)/.exec(src)?.[1];
      if (entity) entityOwner.set(entity, moduleOf(file) ?? 'database');
    }
    const offenders: string[] = [];
    let statements = 0;
    for (const [file, src] of text) {
      if (rel(file).startsWith('database/')) continue;
      // Outside the modules (setup, common…) no table is anyone's own: all SQL there is an offence.
      const mine = moduleOf(file) ?? 'outside the modules';
      for (const m of src.matchAll(/\b(?:FROM|JOIN|UPDATE|INTO)\s+"?([a-z_]+)"?/g)) {
        const theirs = owner.get(m[1]);
        if (!theirs) continue;
        statements++;
        if (theirs !== mine && theirs !== 'database') offenders.push(`${rel(file)}: ${m[1]} (${theirs})`);
      }
      // The entity API on another module's entity is the same reach, without SQL.
      for (const m of src.matchAll(/manager\.\w+\(\s*(\w+Entity)\b/g)) {
        const theirs = entityOwner.get(m[1]);
        if (theirs && theirs !== mine && theirs !== 'database') offenders.push(`${rel(file)}: ${m[1]} (${theirs})`);
      }
    }
    expect(statements).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});
