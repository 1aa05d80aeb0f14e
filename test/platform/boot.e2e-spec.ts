import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm start` as a newcomer runs it: the BUILT app (`npm test` builds first), no configuration at
 * all — embedded PGlite kept in ./.data, in-process queues, demo data — then a restart on the same
 * folder.
 */
const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const DEMO = { family: 'famille.demo', staff: 'agent.demo', password: 'Portail-Demo-2026' };

// eslint-disable-next-line no-control-regex -- ESC starts the ANSI colour codes stripped here
const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * Regression guard (a bug found and fixed): on SIGTERM, main.ts's handler (portal.stop() then exit(0)) races
 * with Nest's own shutdown hooks, enabled by `enableShutdownHooks()` in bootstrap.ts: Nest runs the
 * shutdown hooks a second time in parallel, then re-sends SIGTERM to the process, which dies by the
 * signal (status 143) before the embedded database is closed and before exit(0).
 * Fixed by removing `enableShutdownHooks()` from bootstrap.ts: main.ts and worker.ts own the
 * signals and app.close() runs the hooks once.
 */
const CLEAN_EXIT = 'exits with status 0 once the embedded database is closed';

/** One `node dist/src/main.js` process and everything it printed. */
class PortalProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private exitedAlready = false;

  constructor(
    readonly cwd: string,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, [MAIN], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += stripAnsi(d.toString())));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += stripAnsi(d.toString())));
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        this.exitedAlready = true;
        resolve({ code, signal });
      }),
    );
  }

  get output(): string {
    return `${this.stdout}${this.stderr}`;
  }

  /** Waits for a line of output matching `pattern`; fails with the output if the process ends first. */
  async waitFor(pattern: RegExp, timeoutMs = 90_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.output.match(pattern);
      if (found) return found;
      if (this.exitedAlready) {
        const { code, signal } = await this.exited;
        throw new Error(`the portal exited (status ${code}, signal ${signal}) before printing ${pattern}:\n${this.output}`);
      }
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The base URL printed on the "API GraphQL" line. */
  async url(): Promise<string> {
    const line = await this.waitFor(/API GraphQL[^\n]*?(http:\/\/localhost:\d+)\/graphql/);
    return line[1];
  }

  /** SIGTERM, then SIGKILL if it has not ended within `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<Exit> {
    if (this.exitedAlready) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill() {
    if (!this.exitedAlready) this.child.kill('SIGKILL');
  }
}

/** Only what a bare shell gives: no DATABASE_URL, no REDIS_URL, nothing else. */
const bareEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  PORT: '0',
  ...extra,
});

async function graphql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (res.status !== 200 || body.errors) throw new Error(`GraphQL answered ${res.status}: ${JSON.stringify(body)}`);
  return body.data as T;
}

const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken account { id login role } } }`;
const ME = `{ me { id login role } }`;

/** Lines a healthy start never prints: Nest's ERROR level, failures, refused starts. */
function failures(output: string): string[] {
  return output.split('\n').filter((l) => /\bERROR\b|échou|impossible|abandonn|failed|exception/i.test(l));
}

describe('npm start on embedded defaults (built app, empty environment)', () => {
  let cwd: string;
  const processes: PortalProcess[] = [];
  const start = (extra: Record<string, string> = {}) => {
    const p = new PortalProcess(cwd, bareEnv(extra));
    processes.push(p);
    return p;
  };

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (\`npm test\` does it).`);
    cwd = mkdtempSync(join(tmpdir(), 'portail-boot-'));
  });
  afterAll(() => {
    processes.forEach((p) => p.kill());
    rmSync(cwd, { recursive: true, force: true });
  });

  describe('first start on an empty folder', () => {
    let portal: PortalProcess;
    let url: string;
    const first: { accountId?: string; token?: string; exit?: Exit } = {};

    beforeAll(async () => {
      portal = start();
      url = await portal.url();
    }, 120_000);

    it('migrates, loads the demo data, keeps its data in ./.data and prints the demo logins', async () => {
      // The banner lines after the URL may arrive a moment later.
      const demoLine = (await portal.waitFor(/Démo \(commune AUTERIVE\)[^\n]*\n/, 10_000))[0];
      expect(demoLine).toContain(`famille : ${DEMO.family}`);
      expect(demoLine).toContain(`agent : ${DEMO.staff}`);
      expect(demoLine).toContain(`mot de passe : ${DEMO.password}`);
      expect(portal.stdout).toContain('Migrations appliquées');
      expect(portal.stdout).toContain('Données de démonstration en place');
      expect(portal.stdout).toMatch(/base embarquée \(PGlite\), files en mémoire/);
      expect(existsSync(join(cwd, '.data', 'pgdata'))).toBe(true);
      expect(failures(portal.output)).toEqual([]);
    });

    it('prints the family portal’s address and serves it there (any of its routes)', async () => {
      expect(portal.stdout).toContain(`Portail des familles : ${url}/`);
      const res = await fetch(`${url}/reservations/nouvelle`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      const page = await res.text();
      const entry = page.match(/src="(\/assets\/[\w-]+\.js)"/)![1];
      expect((await fetch(`${url}${entry}`)).status).toBe(200);
    });

    it('answers GraphQL for the demo town without any header: Mairie d’Auterive', async () => {
      expect(await graphql(url, '{ commune { name } }')).toEqual({ commune: { name: 'Mairie d’Auterive' } });
    });

    it('is healthy: database up, in-process queues', async () => {
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; info: Record<string, { status: string; mode?: string }> };
      expect(body.status).toBe('ok');
      expect(body.info.database.status).toBe('up');
      expect(body.info.redis).toMatchObject({ status: 'up', mode: 'in-process' });
    });

    it('serves GraphiQL to a browser with every script and style from the portal itself, none from a CDN', async () => {
      const res = await fetch(`${url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await res.text();
      expect(page).toContain('GraphiQL');
      expect(page.match(/https?:\/\/[^\s"'<>)]+/g) ?? []).toEqual([]);
      const assets = [...page.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(assets).toEqual(expect.arrayContaining(['/graphiql/graphiql.js', '/graphiql/graphiql.css']));
      for (const asset of assets) {
        expect(asset).toMatch(/^\/[^/]/); // same origin
        const a = await fetch(`${url}${asset}`);
        expect({ asset, status: a.status }).toEqual({ asset, status: 200 });
        // GraphiQL's own bundle and styles are whole files; our page's start script and styles are small.
        expect((await a.arrayBuffer()).byteLength).toBeGreaterThan(/\/graphiql\/graphiql\.(js|css)$/.test(asset) ? 1000 : 10);
      }
      const js = await fetch(`${url}/graphiql/graphiql.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      await js.arrayBuffer();
    });

    it(`logs the demo family in (${DEMO.family} / ${DEMO.password})`, async () => {
      const data = await graphql(url, LOGIN, { i: { identifier: DEMO.family, password: DEMO.password } });
      expect(data.login.account).toMatchObject({ login: DEMO.family, role: 'FAMILY' });
      first.accountId = data.login.account.id;
      first.token = data.login.accessToken;
      expect((await graphql(url, ME, {}, first.token)).me).toEqual({ id: first.accountId, login: DEMO.family, role: 'FAMILY' });
    });

    it('stops on SIGTERM by itself, saying so, without an error', async () => {
      first.exit = await portal.stop();
      expect(first.exit.signal).not.toBe('SIGKILL');
      expect(portal.stdout).toContain('SIGTERM reçu, arrêt');
      expect(failures(portal.output)).toEqual([]);
    });

    it(CLEAN_EXIT, () => {
      expect(first.exit).toEqual({ code: 0, signal: null });
    });

    describe('restart on the same folder', () => {
      let again: PortalProcess;
      let url2: string;
      let exit: Exit;

      beforeAll(async () => {
        again = start();
        url2 = await again.url();
      }, 120_000);

      it('applies no migration and loads the demo data again without failing', () => {
        expect(again.stdout).not.toContain('Migrations appliquées');
        expect(again.stdout).toContain('Données de démonstration en place');
        expect(failures(again.output)).toEqual([]);
      });

      it('kept the data: the same demo account logs in, and the session from before the restart still works', async () => {
        const data = await graphql(url2, LOGIN, { i: { identifier: DEMO.family, password: DEMO.password } });
        expect(data.login.account.id).toBe(first.accountId);
        expect((await graphql(url2, ME, {}, first.token)).me.id).toBe(first.accountId);
        const staff = await graphql(url2, LOGIN, { i: { identifier: DEMO.staff, password: DEMO.password } });
        expect(staff.login.account).toMatchObject({ login: DEMO.staff, role: 'STAFF' });
      });

      it('stops on SIGTERM again', async () => {
        exit = await again.stop();
        expect(exit.signal).not.toBe('SIGKILL');
        expect(again.stdout).toContain('SIGTERM reçu, arrêt');
        expect(failures(again.output)).toEqual([]);
      });

      it(CLEAN_EXIT, () => {
        expect(exit).toEqual({ code: 0, signal: null });
      });
    });
  });

  it('refuses a bad configuration: exits non-zero naming the variable (PORT=abc)', async () => {
    const bad = new PortalProcess(mkdtempSync(join(tmpdir(), 'portail-badconfig-')), bareEnv({ PORT: 'abc' }));
    processes.push(bad);
    const { code } = await bad.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(bad.stderr).toContain('PORT');
    expect(bad.stderr).toContain('abc');
    expect(bad.stdout).not.toContain('API GraphQL');
    rmSync(bad.cwd, { recursive: true, force: true });
  }, 60_000);
});
