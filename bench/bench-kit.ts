/**
 * What the benchmarks share: a fresh database, the portal started as a child process (API, worker
 * or both) on PostgreSQL and Redis, tokens signed like the portal's, a GraphQL client that times
 * each request, an SMTP sink, and percentiles.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Shared by the portal processes a bench starts and the tokens it signs. */
export const JWT_SECRET = randomBytes(32).toString('hex');

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
export const ms = (n: number) => Math.round(n * 10) / 10;

export function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: now, exp: now + 3600 })}`;
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

export async function createDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG);
  url.pathname = `/${name}`;
  return url.toString();
}

export function startPortal(databaseUrl: string, dataDir: string, extra: Record<string, string> = {}, workerOnly = false): Promise<{ url: string; child: ChildProcess }> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, '..', 'src', workerOnly ? 'worker.js' : 'main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      REDIS_URL: REDIS,
      QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
      JWT_SECRET,
      HEALTH_DATA_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: dataDir,
      DB_POOL_SIZE: process.env.BENCH_POOL ?? '20',
      RATE_LIMIT_MAX: '100000',
      SYSTEMPAY_MODE: 'TEST',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = workerOnly ? /Workers prêts/.exec(out) && ['', ''] : out.match(/API GraphQL et GraphiQL : (http:\/\/localhost:\d+)\/graphql/);
      if (m) {
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
        resolve({ url: m[1], child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`portal exited ${code}\n${out}`)));
  });
}

export async function gql(url: string, token: string, query: string, variables: unknown): Promise<{ ms: number; errors?: unknown[] }> {
  const start = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown[] };
  return { ms: performance.now() - start, errors: body.errors };
}

/** An SMTP server that accepts and drops every mail, as a town's relay would accept them. */
export async function smtpSink(): Promise<{ url: string; received: () => number; close: () => void }> {
  const { SMTPServer } = await import('smtp-server');
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, received: () => received, close: () => server.close() };
}

/** The machine a result was measured on. */
export const machine = () => ({ cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version });

/** Writes a bench's result to bench/results/<name>-<date>.json and prints it. */
export function writeResult(name: string, result: { date: string }): void {
  mkdirSync(join(process.cwd(), 'bench', 'results'), { recursive: true });
  const file = join(process.cwd(), 'bench', 'results', `${name}-${result.date.slice(0, 19).replace(/[:T]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n${file}\n`);
}

/** Stops the portal processes a bench started, and waits for them to exit. */
export async function stopAll(processes: Array<{ child: ChildProcess }>): Promise<void> {
  for (const p of processes) {
    p.child.kill('SIGTERM');
    await new Promise((r) => p.child.once('exit', r));
  }
}

/** Runs `main`, printing its error and failing the process when it throws. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
