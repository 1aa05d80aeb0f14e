import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/**
 * The shape STYLE.md asks for, checked on the sources so that it stays true:
 * - no import circle, in src/ and (apart) in web/src/;
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

const ROOT = join(SRC, '..');

/** Every `.ts`/`.tsx` file under `dir`, spec files included (nothing imports them: they cannot be in a circle). */
function codeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return codeFiles(path);
    return /\.tsx?$/.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The relative static imports of some files: `import … from './x'`, `import './x'` and
 * `export … from './x'`, with `./x` resolved to x.ts, x.tsx, x/index.ts or x/index.tsx.
 * `import type` counts too: a type-only circle still ties the two files together (neither can move
 * or be read without the other) and turns into a run-time one the day a value joins the import.
 * A dynamic `import('./x')` does not: it runs once both modules have loaded (it cannot meet a
 * half-initialised module), and it is how a lazy chunk is split off.
 */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const deps = new Set<string>();
    const specifiers = source.matchAll(/^\s*(?:import\s+(?:type\s+)?[\w$*{},\s]+?\s+from\s+|import\s+|export\s+(?:type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s+from\s+)'(\.[^']*)'/gm);
    for (const [, specifier] of specifiers) {
      const target = join(dirname(file), specifier);
      const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((suffix) => target + suffix).find((c) => known.has(c));
      if (found) deps.add(found);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/**
 * The import circles of a graph: its strongly connected components (Tarjan), each told as the
 * shortest circles through its files (`a.ts → b.ts → a.ts`) until every file of it is in one.
 */
function importCircles(graph: Map<string, string[]>, name: (file: string) => string): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const dep of graph.get(file) ?? []) {
      if (!index.has(dep)) {
        connect(dep);
        low.set(file, Math.min(low.get(file)!, low.get(dep)!));
      } else if (onStack.has(dep)) {
        low.set(file, Math.min(low.get(file)!, index.get(dep)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) components.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);

  /** The shortest circle from `first` back to it, inside its component (breadth first). */
  const circleThrough = (first: string, members: ReadonlySet<string>): string[] => {
    const previous = new Map<string, string>();
    const queue = [first];
    for (let i = 0; i < queue.length; i++) {
      for (const dep of graph.get(queue[i])!) {
        if (dep === first) {
          const path = [first];
          for (let file = queue[i]; file !== first; file = previous.get(file)!) path.splice(1, 0, file);
          return [...path, first];
        }
        if (members.has(dep) && !previous.has(dep)) {
          previous.set(dep, queue[i]);
          queue.push(dep);
        }
      }
    }
    throw new Error(`${first} is in no circle`);
  };
  // Circles through each component's files until every one of them is in a listed circle.
  const circles: string[] = [];
  for (const component of components) {
    const members = new Set(component);
    const listed = new Set<string>();
    for (const file of component) {
      if (listed.has(file)) continue;
      const circle = circleThrough(file, members);
      circle.forEach((f) => listed.add(f));
      circles.push(circle.map(name).join(' → '));
    }
  }
  return circles.sort();
}

describe('architecture', () => {
  it('has no import circle in src/', () => {
    const graph = importGraph(codeFiles(SRC));
    // A check that could pass on an empty graph would prove nothing.
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
    expect(importCircles(graph, (f) => relative(ROOT, f))).toEqual([]);
  });

  // Apart from src/'s: the portal is reshaped on its own, and its circles are its own to fix.
  it('has no import circle in web/src/', () => {
    const graph = importGraph(codeFiles(join(ROOT, 'web', 'src')));
    expect([...graph.values()].flat().length).toBeGreaterThan(40);
    expect(importCircles(graph, (f) => relative(ROOT, f))).toEqual([]);
  });

  it('finds circles, type-only ones included, and names them', () => {
    const [a, b, c, d, e, f] = ['a.ts', 'b.ts', 'c.tsx', 'd.ts', 'e.ts', 'f.ts'].map((name) => join(ROOT, name));
    const graph = new Map([
      [a, [b]],
      [b, [c]],
      [c, [a, d]],
      [d, [d]],
      [e, [a, f]],
      [f, [e]],
    ]);
    expect(importCircles(graph, (file) => relative(ROOT, file))).toEqual(['a.ts → b.ts → c.tsx → a.ts', 'd.ts → d.ts', 'e.ts → f.ts → e.ts']);
    // Written from the files themselves: `import type` and re-exports are edges too.
    const dir = mkdtempSync(join(tmpdir(), 'circles-'));
    writeFileSync(join(dir, 'x.ts'), "import type { Y } from './y';\nexport type X = Y;\n");
    writeFileSync(join(dir, 'y.ts'), "export { X as Y } from './z';\n");
    writeFileSync(join(dir, 'z.tsx'), "import {\n  X,\n} from './x';\nexport type { X };\n");
    const written = importGraph(['x.ts', 'y.ts', 'z.tsx'].map((name) => join(dir, name)));
    expect(importCircles(written, (file) => relative(dir, file))).toEqual(['x.ts → y.ts → z.tsx → x.ts']);
    rmSync(dir, { recursive: true });
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
