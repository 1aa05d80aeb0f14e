import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
  const problems: string[] = [];
  const toWrite: Array<() => void> = [];
  const str = (name: string, fallback: string | null): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? fallback : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name, null);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" : entier attendu entre ${min} et ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name, null);
    if (raw === null) return fallback;
    if (/^(true|1|yes|oui)$/i.test(raw)) return true;
    if (/^(false|0|no|non)$/i.test(raw)) return false;
    problems.push(`${name}="${raw}" : true ou false attendu`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = str(name, null);
    if (raw === null) return fallback;
    const found = values.find((v) => v.toLowerCase() === raw.toLowerCase());
    if (!found) problems.push(`${name}="${raw}" : valeurs possibles ${values.join(', ')}`);
    return found ?? fallback;
  };
  const url = (name: string, fallback: string | null, protocols: string[]): string | null => {
    const raw = str(name, fallback);
    if (raw === null) return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
    } catch {
      problems.push(`${name} : URL invalide (attendu ${protocols.join(' ou ')}//…)`);
    }
    return raw.replace(/\/+$/, '');
  };

  const port = int('PORT', 3000, 0, 65535);
  const role = oneOf('APP_ROLE', ['api', 'worker', 'all'] as const, 'all');
  const dataDir = resolve(str('DATA_DIR', '.data')!);
  const databaseUrl = url('DATABASE_URL', null, ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', null, ['redis:', 'rediss:']);
  const embedded = databaseUrl === null;
  if (redisUrl === null && role !== 'all') {
    problems.push(`APP_ROLE=${role} : des processus séparés partagent leurs files via Redis, REDIS_URL est requis`);
  }
  if (databaseUrl === null && role !== 'all') {
    problems.push(`APP_ROLE=${role} : la base embarquée ne sert qu’un processus, DATABASE_URL est requis`);
  }
  const queuePrefix = str('QUEUE_PREFIX', 'portail')!;
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(queuePrefix)) problems.push('QUEUE_PREFIX : lettres, chiffres, « _ : . - » (64 au plus)');

  let jwtSecret = str('JWT_SECRET', null);
  if (jwtSecret === null) {
    if (embedded) jwtSecret = persistedSecret(dataDir, 'jwt-secret', 48, toWrite).toString('base64url');
    else problems.push('JWT_SECRET : requis hors mode embarqué (32 caractères au moins)');
  } else if (jwtSecret.length < 32) {
    problems.push('JWT_SECRET : 32 caractères au moins');
  }

  let healthDataKey: Buffer | null = null;
  const rawKey = str('HEALTH_DATA_KEY', null);
  if (rawKey !== null) {
    const k = Buffer.from(rawKey, 'base64');
    if (k.length !== 32) problems.push('HEALTH_DATA_KEY : 32 octets encodés en base64 attendus');
    healthDataKey = k;
  } else if (embedded) {
    healthDataKey = persistedSecret(dataDir, 'health-data-key', 32, toWrite);
  } else {
    problems.push('HEALTH_DATA_KEY : requis hors mode embarqué (32 octets en base64, ex. `openssl rand -base64 32`)');
  }

  const apiPort = port === 0 ? 3000 : port;
  // The test bank and its public demo key are the embedded default only: a deployment on
  // PostgreSQL says which bank it talks to (else anyone could sign a notification with the demo key).
  if (!embedded && role !== 'worker' && options.serves !== false && str('SYSTEMPAY_MODE', null) === null) {
    problems.push('SYSTEMPAY_MODE : requis hors mode embarqué (PRODUCTION avec les identifiants Systempay de la commune, ou TEST pour un essai avec la banque de test)');
  }
  const systempayMode = oneOf('SYSTEMPAY_MODE', ['TEST', 'PRODUCTION'] as const, 'TEST');
  const systempay = {
    siteId: str('SYSTEMPAY_SITE_ID', systempayMode === 'TEST' ? '12345678' : '')!,
    key: str('SYSTEMPAY_KEY', systempayMode === 'TEST' ? 'DEMO-ONLY-not-a-real-systempay-key' : '')!,
    mode: systempayMode,
    paymentUrl: url('SYSTEMPAY_PAYMENT_URL', systempayMode === 'TEST' ? 'http://localhost/test-bank/systempay' : null, ['http:', 'https:']) ?? '',
  };
  if (systempayMode === 'PRODUCTION') {
    if (!systempay.siteId) problems.push('SYSTEMPAY_SITE_ID : requis quand SYSTEMPAY_MODE=PRODUCTION');
    if (!systempay.key) problems.push('SYSTEMPAY_KEY : requis quand SYSTEMPAY_MODE=PRODUCTION');
    if (!systempay.paymentUrl) problems.push('SYSTEMPAY_PAYMENT_URL : requis quand SYSTEMPAY_MODE=PRODUCTION');
    if (/DEMO/i.test(systempay.key)) problems.push('SYSTEMPAY_KEY : la clé de démonstration ne peut pas servir en PRODUCTION (clé de production du back-office Systempay)');
    if (systempay.paymentUrl && !systempay.paymentUrl.startsWith('https:')) problems.push('SYSTEMPAY_PAYMENT_URL : https:// requis en PRODUCTION');
  }

  const apiPublicUrl = url('API_PUBLIC_URL', `http://localhost:${apiPort}`, ['http:', 'https:'])!;
  if (systempayMode === 'TEST' && str('SYSTEMPAY_PAYMENT_URL', null) === null) {
    systempay.paymentUrl = `${apiPublicUrl}/test-bank/systempay`;
  }

  const clockStart = str('CLOCK_START', null);
  if (clockStart !== null) {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(clockStart) || Number.isNaN(Date.parse(clockStart))) {
      problems.push(`CLOCK_START="${clockStart}" : instant ISO 8601 avec son fuseau attendu (ex. 2028-02-29T10:00:00+01:00)`);
    } else if (systempayMode === 'PRODUCTION') {
      problems.push('CLOCK_START : réservé aux essais, refusé quand SYSTEMPAY_MODE=PRODUCTION');
    }
  }

  const trustRaw = str('TRUST_PROXY', null);
  const config: AppConfig = {
    port,
    role,
    dataDir,
    databaseUrl,
    // PGlite is one session: one connection, used end to end by one unit of work at a time (its
    // socket server would interleave the statements of several connections).
    dbPoolSize: embedded ? 1 : int('DB_POOL_SIZE', 10, 1, 200),
    redisUrl,
    queuePrefix,
    jwtSecret: jwtSecret ?? '',
    bcryptCost: int('BCRYPT_COST', 11, 10, 15),
    smtpUrl: url('SMTP_URL', null, ['smtp:', 'smtps:']),
    mailDir: resolve(str('MAIL_DIR', join(dataDir, 'mails'))!),
    mailFrom: str('MAIL_FROM', 'Portail Famille <no-reply@portail-famille.localhost>')!,
    // The portal is served by this process: by default its links point here.
    publicUrl: url('PUBLIC_URL', `http://localhost:${apiPort}`, ['http:', 'https:'])!,
    apiPublicUrl,
    systempay,
    paymentPendingMinutes: int('PAYMENT_PENDING_MINUTES', 30, 1, 1440),
    migrationsRun: bool('MIGRATIONS_RUN', true),
    seedDemo: bool('SEED_DEMO', embedded),
    transactionGuard: bool('DB_TRANSACTION_GUARD', embedded),
    demo: {
      staffLogin: str('DEMO_STAFF_LOGIN', 'agent.demo')!,
      familyLogin: str('DEMO_FAMILY_LOGIN', 'famille.demo')!,
      password: str('DEMO_PASSWORD', 'Portail-Demo-2026')!,
    },
    trustProxy: trustRaw === null || /^false$/i.test(trustRaw) ? false : trustRaw,
    schemaFile: str('SCHEMA_FILE', null),
    healthDataKey: healthDataKey ?? Buffer.alloc(32),
    rateLimit: { max: int('RATE_LIMIT_MAX', 10, 1, 100000), windowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 900, 1, 86400) },
    embedded,
    clockStart,
  };
  if (problems.length) throw new ConfigError(problems);
  // Secrets generated for the embedded defaults are kept only once the whole configuration is valid.
  for (const write of toWrite) write();
  return config;
}

/** A random secret generated once and kept in the data folder (embedded defaults only); written by the caller. */
function persistedSecret(dataDir: string, name: string, bytes: number, toWrite: Array<() => void>): Buffer {
  const file = join(dataDir, name);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  const secret = randomBytes(bytes);
  toWrite.push(() => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  });
  return secret;
}
