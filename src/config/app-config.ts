import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export type AppRole = 'api' | 'worker' | 'all';
export type SystempayMode = 'TEST' | 'PRODUCTION';

/** The whole configuration, validated once at start. Nothing else reads process.env. */
export interface AppConfig {
  port: number;
  role: AppRole;
  dataDir: string;
  /** null: embedded PGlite kept in dataDir/pgdata. */
  databaseUrl: string | null;
  dbPoolSize: number;
  /** null: in-process queues (single process, APP_ROLE=all). */
  redisUrl: string | null;
  queuePrefix: string;
  jwtSecret: string;
  bcryptCost: number;
  /** null: mails are written as .eml files under mailDir. */
  smtpUrl: string | null;
  mailDir: string;
  mailFrom: string;
  publicUrl: string;
  apiPublicUrl: string;
  systempay: { siteId: string; key: string; mode: SystempayMode; paymentUrl: string };
  /** A PENDING online payment with no bank notification after this many minutes is cancelled. */
  paymentPendingMinutes: number;
  migrationsRun: boolean;
  seedDemo: boolean;
  /**
   * Refuse, at once, a second connection taken inside a transaction of the same call chain. On by
   * default on the embedded database (one connection: it would wait forever) and in the tests; off
   * on PostgreSQL in production, where its bookkeeping (AsyncLocalStorage) would slow every promise
   * of the process on Node 20.
   */
  transactionGuard: boolean;
  demo: { staffLogin: string; familyLogin: string; password: string };
  trustProxy: string | false;
  /** Where the generated GraphQL schema is written; null keeps it in memory. */
  schemaFile: string | null;
  /** 32-byte key for health notes (allergies / PAI) at rest. */
  healthDataKey: Buffer;
  rateLimit: { max: number; windowSeconds: number };
  embedded: boolean;
  /**
   * Tests and demonstrations only (refused in production): the calendar starts at this instant
   * instead of now (`CLOCK_START=2028-02-29T10:00:00+01:00`) and ticks at the real speed.
   */
  clockStart: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** The command line's configuration (migrations, schema, communes): it takes no payment. */
export const loadCommandLineConfig = (): AppConfig => loadConfig(process.env, { serves: false });

/**
 * Reads and validates the environment. Throws ConfigError naming every bad variable. `serves`:
 * false for the command line, which takes no payment.
 */
export function loadConfig(env: Env = process.env, options: { serves?: boolean } = {}): AppConfig {
  const parsed = environment(options.serves !== false).safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const { jwtSecret, healthDataKey, ...config } = parsed.data;
  // Secrets generated for the embedded defaults are kept only once the whole configuration is valid.
  return {
    ...config,
    jwtSecret: jwtSecret ?? persistedSecret(config.dataDir, 'jwt-secret', 48).toString('base64url'),
    healthDataKey: healthDataKey ?? persistedSecret(config.dataDir, 'health-data-key', 32),
  };
}

// ---- one variable ------------------------------------------------------------------------------
// Each message names its variable (the issue's path) and shows the value typed, except for secrets
// and URLs (which may carry a password). Numbers and booleans are checked with `refine` rather than
// z.coerce/z.stringbool: their issues leave the rules between variables running (every problem is
// told at once) and show the value as typed.

const nameOf = (issue: { path?: PropertyKey[] }) => String(issue.path?.[0] ?? '');

/** A variable left blank counts as unset; values are trimmed. */
const variable = <T extends z.ZodType>(schema: T) => z.preprocess((raw) => (typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined), schema.optional());

const text = () => variable(z.string());

const int = (min: number, max: number) =>
  variable(
    z
      .string()
      .refine((raw) => Number.isInteger(Number(raw)) && Number(raw) >= min && Number(raw) <= max, {
        error: (issue) => `${nameOf(issue)}="${String(issue.input)}" : entier attendu entre ${min} et ${max}`,
      })
      .transform(Number),
  );

const TRUE = /^(true|1|yes|oui)$/i;
const FALSE = /^(false|0|no|non)$/i;
const bool = () =>
  variable(
    z
      .string()
      .refine((raw) => TRUE.test(raw) || FALSE.test(raw), { error: (issue) => `${nameOf(issue)}="${String(issue.input)}" : true ou false attendu` })
      .transform((raw) => TRUE.test(raw)),
  );

/** One of `values`, whatever its case. */
const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  variable(
    z
      .string()
      .transform((raw) => values.find((v) => v.toLowerCase() === raw.toLowerCase()) ?? raw)
      .pipe(z.enum(values, { error: (issue) => `${nameOf(issue)}="${String(issue.input)}" : valeurs possibles ${values.join(', ')}` })),
  );

/** A URL of one of `protocols` (`'https:'`), without its trailing slashes. */
const url = (...protocols: string[]) =>
  variable(
    z
      .url({
        protocol: new RegExp(`^(${protocols.map((p) => p.slice(0, -1)).join('|')})$`),
        error: (issue) => `${nameOf(issue)} : URL invalide (attendu ${protocols.join(' ou ')}//…)`,
      })
      .transform(withoutTrailingSlash),
  );

const withoutTrailingSlash = (u: string) => u.replace(/\/+$/, '');

// ---- the environment ---------------------------------------------------------------------------

const variables = {
  PORT: int(0, 65535),
  APP_ROLE: oneOf(['api', 'worker', 'all']),
  DATA_DIR: text(),
  DATABASE_URL: url('postgres:', 'postgresql:'),
  REDIS_URL: url('redis:', 'rediss:'),
  QUEUE_PREFIX: variable(z.string().regex(/^[A-Za-z0-9_:.-]{1,64}$/, { error: 'QUEUE_PREFIX : lettres, chiffres, « _ : . - » (64 au plus)' })),
  // Secrets: their value is never shown.
  JWT_SECRET: variable(z.string().min(32, { error: 'JWT_SECRET : 32 caractères au moins' })),
  HEALTH_DATA_KEY: variable(
    z
      .string()
      .transform((b64) => Buffer.from(b64, 'base64'))
      .refine((key) => key.length === 32, { error: 'HEALTH_DATA_KEY : 32 octets encodés en base64 attendus' }),
  ),
  SYSTEMPAY_MODE: oneOf(['TEST', 'PRODUCTION']),
  SYSTEMPAY_SITE_ID: text(),
  SYSTEMPAY_KEY: text(),
  SYSTEMPAY_PAYMENT_URL: url('http:', 'https:'),
  API_PUBLIC_URL: url('http:', 'https:'),
  CLOCK_START: variable(
    z.string().refine((raw) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) && !Number.isNaN(Date.parse(raw)), {
      error: (issue) => `CLOCK_START="${String(issue.input)}" : instant ISO 8601 avec son fuseau attendu (ex. 2028-02-29T10:00:00+01:00)`,
    }),
  ),
  // Read only on PostgreSQL (below): the embedded database has one connection.
  DB_POOL_SIZE: text(),
  BCRYPT_COST: int(10, 15),
  SMTP_URL: url('smtp:', 'smtps:'),
  MAIL_DIR: text(),
  MAIL_FROM: text(),
  PUBLIC_URL: url('http:', 'https:'),
  PAYMENT_PENDING_MINUTES: int(1, 1440),
  MIGRATIONS_RUN: bool(),
  SEED_DEMO: bool(),
  DB_TRANSACTION_GUARD: bool(),
  DEMO_STAFF_LOGIN: text(),
  DEMO_FAMILY_LOGIN: text(),
  DEMO_PASSWORD: text(),
  TRUST_PROXY: text(),
  SCHEMA_FILE: text(),
  RATE_LIMIT_MAX: int(1, 100000),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 86400),
};

const poolSize = z.object({ DB_POOL_SIZE: int(1, 200) });

/** The test bank and its public demo credentials: the embedded default only. */
const TEST_BANK = { siteId: '12345678', key: 'DEMO-ONLY-not-a-real-systempay-key' };

/**
 * The environment → AppConfig (its secrets left undefined when the embedded defaults generate them).
 * `serves`: false for the command line, which takes no payment.
 */
function environment(serves: boolean) {
  return z
    .object(variables)
    .superRefine(
      (env, ctx) => {
        // Rules between variables, checked even when a variable is already refused, so that every
        // problem is told at once; a refused choice counts as its default here.
        const refused = new Set(ctx.issues.map(nameOf));
        const role = refused.has('APP_ROLE') ? 'all' : (env.APP_ROLE ?? 'all');
        const mode = refused.has('SYSTEMPAY_MODE') ? 'TEST' : (env.SYSTEMPAY_MODE ?? 'TEST');
        const embedded = env.DATABASE_URL === undefined;
        const problem = (variable: keyof typeof variables, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });

        if (env.REDIS_URL === undefined && role !== 'all') {
          problem('REDIS_URL', `APP_ROLE=${role} : des processus séparés partagent leurs files via Redis, REDIS_URL est requis`);
        }
        if (embedded && role !== 'all') {
          problem('DATABASE_URL', `APP_ROLE=${role} : la base embarquée ne sert qu’un processus, DATABASE_URL est requis`);
        }
        if (!embedded) {
          if (env.JWT_SECRET === undefined) problem('JWT_SECRET', 'JWT_SECRET : requis hors mode embarqué (32 caractères au moins)');
          if (env.HEALTH_DATA_KEY === undefined) {
            problem('HEALTH_DATA_KEY', 'HEALTH_DATA_KEY : requis hors mode embarqué (32 octets en base64, ex. `openssl rand -base64 32`)');
          }
          const pool = poolSize.safeParse({ DB_POOL_SIZE: env.DB_POOL_SIZE });
          if (!pool.success) problem('DB_POOL_SIZE', pool.error.issues[0].message);
        }
        // The test bank and its public demo key are the embedded default only: a deployment on
        // PostgreSQL says which bank it talks to (else anyone could sign a notification with the demo key).
        if (!embedded && role !== 'worker' && serves && env.SYSTEMPAY_MODE === undefined && !refused.has('SYSTEMPAY_MODE')) {
          problem('SYSTEMPAY_MODE', 'SYSTEMPAY_MODE : requis hors mode embarqué (PRODUCTION avec les identifiants Systempay de la commune, ou TEST pour un essai avec la banque de test)');
        }
        if (mode === 'PRODUCTION') {
          const paymentUrl = env.SYSTEMPAY_PAYMENT_URL;
          if (!env.SYSTEMPAY_SITE_ID) problem('SYSTEMPAY_SITE_ID', 'SYSTEMPAY_SITE_ID : requis quand SYSTEMPAY_MODE=PRODUCTION');
          if (!env.SYSTEMPAY_KEY) problem('SYSTEMPAY_KEY', 'SYSTEMPAY_KEY : requis quand SYSTEMPAY_MODE=PRODUCTION');
          if (!paymentUrl) problem('SYSTEMPAY_PAYMENT_URL', 'SYSTEMPAY_PAYMENT_URL : requis quand SYSTEMPAY_MODE=PRODUCTION');
          if (env.SYSTEMPAY_KEY && /DEMO/i.test(env.SYSTEMPAY_KEY)) {
            problem('SYSTEMPAY_KEY', 'SYSTEMPAY_KEY : la clé de démonstration ne peut pas servir en PRODUCTION (clé de production du back-office Systempay)');
          }
          if (paymentUrl && !paymentUrl.startsWith('https:')) problem('SYSTEMPAY_PAYMENT_URL', 'SYSTEMPAY_PAYMENT_URL : https:// requis en PRODUCTION');
          if (env.CLOCK_START !== undefined && !refused.has('CLOCK_START')) {
            problem('CLOCK_START', 'CLOCK_START : réservé aux essais, refusé quand SYSTEMPAY_MODE=PRODUCTION');
          }
        }
      },
      { when: () => true },
    )
    .transform((env) => {
      const embedded = env.DATABASE_URL === undefined;
      const dataDir = resolve(env.DATA_DIR ?? '.data');
      const port = env.PORT ?? 3000;
      // The portal is served by this process: by default its links point here.
      const localUrl = `http://localhost:${port === 0 ? 3000 : port}`;
      const apiPublicUrl = env.API_PUBLIC_URL ?? localUrl;
      const mode = env.SYSTEMPAY_MODE ?? 'TEST';
      const testBank = mode === 'TEST';
      return {
        port,
        role: env.APP_ROLE ?? 'all',
        dataDir,
        databaseUrl: env.DATABASE_URL ?? null,
        // PGlite is one session: one connection, used end to end by one unit of work at a time (its
        // socket server would interleave the statements of several connections).
        dbPoolSize: embedded ? 1 : env.DB_POOL_SIZE === undefined ? 10 : Number(env.DB_POOL_SIZE),
        redisUrl: env.REDIS_URL ?? null,
        queuePrefix: env.QUEUE_PREFIX ?? 'portail',
        jwtSecret: env.JWT_SECRET,
        bcryptCost: env.BCRYPT_COST ?? 11,
        smtpUrl: env.SMTP_URL ?? null,
        mailDir: resolve(env.MAIL_DIR ?? join(dataDir, 'mails')),
        mailFrom: env.MAIL_FROM ?? 'Portail Famille <no-reply@portail-famille.localhost>',
        publicUrl: env.PUBLIC_URL ?? localUrl,
        apiPublicUrl,
        systempay: {
          siteId: env.SYSTEMPAY_SITE_ID ?? (testBank ? TEST_BANK.siteId : ''),
          key: env.SYSTEMPAY_KEY ?? (testBank ? TEST_BANK.key : ''),
          mode,
          paymentUrl: env.SYSTEMPAY_PAYMENT_URL ?? (testBank ? `${apiPublicUrl}/test-bank/systempay` : ''),
        },
        paymentPendingMinutes: env.PAYMENT_PENDING_MINUTES ?? 30,
        migrationsRun: env.MIGRATIONS_RUN ?? true,
        seedDemo: env.SEED_DEMO ?? embedded,
        transactionGuard: env.DB_TRANSACTION_GUARD ?? embedded,
        demo: {
          staffLogin: env.DEMO_STAFF_LOGIN ?? 'agent.demo',
          familyLogin: env.DEMO_FAMILY_LOGIN ?? 'famille.demo',
          password: env.DEMO_PASSWORD ?? 'Portail-Demo-2026',
        },
        trustProxy: env.TRUST_PROXY === undefined || /^false$/i.test(env.TRUST_PROXY) ? false : env.TRUST_PROXY,
        schemaFile: env.SCHEMA_FILE ?? null,
        healthDataKey: env.HEALTH_DATA_KEY,
        rateLimit: { max: env.RATE_LIMIT_MAX ?? 10, windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS ?? 900 },
        embedded,
        clockStart: env.CLOCK_START ?? null,
      } satisfies Omit<AppConfig, 'jwtSecret' | 'healthDataKey'> & { jwtSecret?: string; healthDataKey?: Buffer };
    });
}

/** A random secret generated once and kept in the data folder (embedded defaults only). */
function persistedSecret(dataDir: string, name: string, bytes: number): Buffer {
  const file = join(dataDir, name);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  const secret = randomBytes(bytes);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  return secret;
}
