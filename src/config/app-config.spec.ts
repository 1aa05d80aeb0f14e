import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, loadConfig } from './app-config';

/** Valid secrets for the cases that leave embedded mode (they are then required). */
const SERVER_SECRETS = {
  JWT_SECRET: 'x'.repeat(40),
  HEALTH_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
  SYSTEMPAY_MODE: 'TEST',
};
const POSTGRES = 'postgres://portail:portail@db.example:5432/portail';
const REDIS = 'redis://cache.example:6379';

describe('loadConfig', () => {
  let root: string;
  let n = 0;
  /** A fresh data folder per test, so that persisted secrets never leak between cases. */
  const freshDir = () => join(root, `data-${++n}`);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'portail-config-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('embedded defaults (empty environment)', () => {
    let dir: string;
    let config: AppConfig;
    beforeAll(() => {
      dir = freshDir();
      config = loadConfig({ DATA_DIR: dir });
    });

    it('runs everything in one process on the embedded database and in-process queues', () => {
      expect(config).toMatchObject({
        port: 3000,
        role: 'all',
        dataDir: dir,
        databaseUrl: null,
        embedded: true,
        dbPoolSize: 1,
        redisUrl: null,
        queuePrefix: 'portail',
        smtpUrl: null,
        mailDir: join(dir, 'mails'),
        migrationsRun: true,
        seedDemo: true,
        transactionGuard: true,
        trustProxy: false,
        schemaFile: null,
        bcryptCost: 11,
        rateLimit: { max: 10, windowSeconds: 900 },
      });
    });

    it('has the demo logins, the local URLs and the test bank', () => {
      expect(config.demo).toEqual({ staffLogin: 'agent.demo', familyLogin: 'famille.demo', password: 'Portail-Demo-2026' });
      expect(config.publicUrl).toBe('http://localhost:3000');
      expect(config.apiPublicUrl).toBe('http://localhost:3000');
      expect(config.mailFrom).toMatch(/<[^@\s]+@[^>\s]+>$/);
      expect(config.systempay).toEqual({
        siteId: '12345678',
        key: expect.any(String),
        mode: 'TEST',
        paymentUrl: 'http://localhost:3000/test-bank/systempay',
      });
    });

    it('generates the JWT secret and the health-data key once, private, in the data folder', () => {
      expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(config.healthDataKey).toHaveLength(32);
      expect(config.healthDataKey.equals(Buffer.alloc(32))).toBe(false);
      for (const name of ['jwt-secret', 'health-data-key']) {
        const file = join(dir, name);
        expect(existsSync(file)).toBe(true);
        expect(statSync(file).mode & 0o077).toBe(0);
      }
      expect(Buffer.from(readFileSync(join(dir, 'health-data-key'), 'utf8'), 'base64').equals(config.healthDataKey)).toBe(true);
    });

    it('keeps the same secrets on the next start (sessions and health notes survive a restart)', () => {
      const again = loadConfig({ DATA_DIR: dir });
      expect(again.jwtSecret).toBe(config.jwtSecret);
      expect(again.healthDataKey.equals(config.healthDataKey)).toBe(true);
    });

    it('gives another data folder other secrets', () => {
      const other = loadConfig({ DATA_DIR: freshDir() });
      expect(other.jwtSecret).not.toBe(config.jwtSecret);
      expect(other.healthDataKey.equals(config.healthDataKey)).toBe(false);
    });

    it('treats blank variables as unset', () => {
      const blank = loadConfig({ DATA_DIR: dir, PORT: '', APP_ROLE: '  ', DATABASE_URL: '', JWT_SECRET: ' ' });
      expect(blank).toMatchObject({ port: 3000, role: 'all', embedded: true, jwtSecret: config.jwtSecret });
    });

    it('derives the API URL and the test-bank URL from PORT', () => {
      const c = loadConfig({ DATA_DIR: dir, PORT: '4100' });
      expect(c.port).toBe(4100);
      expect(c.apiPublicUrl).toBe('http://localhost:4100');
      expect(c.systempay.paymentUrl).toBe('http://localhost:4100/test-bank/systempay');
    });
  });

  describe('PostgreSQL and Redis', () => {
    it('accepts a complete server configuration and turns the embedded defaults off', () => {
      const c = loadConfig({
        DATA_DIR: freshDir(),
        ...SERVER_SECRETS,
        DATABASE_URL: POSTGRES,
        REDIS_URL: REDIS,
        APP_ROLE: 'worker',
        QUEUE_PREFIX: 'auterive-prod',
        SYSTEMPAY_MODE: 'PRODUCTION',
        SYSTEMPAY_SITE_ID: '87654321',
        SYSTEMPAY_KEY: 'prod-key',
        SYSTEMPAY_PAYMENT_URL: 'https://paiement.systempay.fr/vads-payment/',
        API_PUBLIC_URL: 'https://api.example.fr/',
        PUBLIC_URL: 'https://portail.example.fr/',
      });
      expect(c).toMatchObject({
        embedded: false,
        databaseUrl: POSTGRES,
        redisUrl: REDIS,
        role: 'worker',
        queuePrefix: 'auterive-prod',
        seedDemo: false,
        transactionGuard: false,
        dbPoolSize: 10,
        jwtSecret: SERVER_SECRETS.JWT_SECRET,
        apiPublicUrl: 'https://api.example.fr',
        publicUrl: 'https://portail.example.fr',
        systempay: { mode: 'PRODUCTION', siteId: '87654321', key: 'prod-key', paymentUrl: 'https://paiement.systempay.fr/vads-payment' },
      });
    });

    it('writes no secret file when the secrets are configured', () => {
      const dir = freshDir();
      loadConfig({ DATA_DIR: dir, ...SERVER_SECRETS, DATABASE_URL: POSTGRES });
      expect(existsSync(join(dir, 'jwt-secret'))).toBe(false);
      expect(existsSync(join(dir, 'health-data-key'))).toBe(false);
    });
  });

  describe('a bad variable stops the start with a ConfigError naming it', () => {
    const failure = (env: Record<string, string>): ConfigError => {
      try {
        loadConfig({ DATA_DIR: freshDir(), ...env });
      } catch (err) {
        if (err instanceof ConfigError) return err;
        throw err;
      }
      throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
    };

    const cases: Array<[string, Record<string, string>, string[]]> = [
      ['PORT=abc', { PORT: 'abc' }, ['PORT']],
      ['PORT out of range', { PORT: '70000' }, ['PORT']],
      ['APP_ROLE=web', { APP_ROLE: 'web' }, ['APP_ROLE']],
      ['DATABASE_URL=mysql://x', { ...SERVER_SECRETS, DATABASE_URL: 'mysql://x' }, ['DATABASE_URL']],
      ['DATABASE_URL not a URL', { ...SERVER_SECRETS, DATABASE_URL: 'localhost:5432' }, ['DATABASE_URL']],
      ['REDIS_URL=http://x', { REDIS_URL: 'http://x' }, ['REDIS_URL']],
      ['JWT_SECRET too short', { JWT_SECRET: 'short-secret' }, ['JWT_SECRET']],
      ['JWT_SECRET missing on PostgreSQL', { HEALTH_DATA_KEY: SERVER_SECRETS.HEALTH_DATA_KEY, SYSTEMPAY_MODE: 'TEST', DATABASE_URL: POSTGRES }, ['JWT_SECRET']],
      [
        'SYSTEMPAY_MODE missing on PostgreSQL (no test bank by default)',
        { JWT_SECRET: SERVER_SECRETS.JWT_SECRET, HEALTH_DATA_KEY: SERVER_SECRETS.HEALTH_DATA_KEY, DATABASE_URL: POSTGRES },
        ['SYSTEMPAY_MODE'],
      ],
      ['HEALTH_DATA_KEY of the wrong size', { HEALTH_DATA_KEY: Buffer.alloc(16).toString('base64') }, ['HEALTH_DATA_KEY']],
      ['SYSTEMPAY_MODE=PRODUCTION without credentials', { SYSTEMPAY_MODE: 'PRODUCTION' }, ['SYSTEMPAY_SITE_ID', 'SYSTEMPAY_KEY', 'SYSTEMPAY_PAYMENT_URL']],
      ['SYSTEMPAY_MODE=LIVE', { SYSTEMPAY_MODE: 'LIVE' }, ['SYSTEMPAY_MODE']],
      [
        'PRODUCTION with the demo key',
        { SYSTEMPAY_MODE: 'PRODUCTION', SYSTEMPAY_SITE_ID: '87654321', SYSTEMPAY_KEY: 'DEMO-ONLY-not-a-real-systempay-key', SYSTEMPAY_PAYMENT_URL: 'https://paiement.systempay.fr/vads-payment/' },
        ['SYSTEMPAY_KEY'],
      ],
      [
        'PRODUCTION with a payment page over http',
        { SYSTEMPAY_MODE: 'PRODUCTION', SYSTEMPAY_SITE_ID: '87654321', SYSTEMPAY_KEY: 'prod-key', SYSTEMPAY_PAYMENT_URL: 'http://paiement.example/' },
        ['SYSTEMPAY_PAYMENT_URL'],
      ],
      ['PAYMENT_PENDING_MINUTES=0', { PAYMENT_PENDING_MINUTES: '0' }, ['PAYMENT_PENDING_MINUTES']],
      ['APP_ROLE=api without REDIS_URL', { ...SERVER_SECRETS, DATABASE_URL: POSTGRES, APP_ROLE: 'api' }, ['REDIS_URL']],
      ['APP_ROLE=worker without DATABASE_URL', { REDIS_URL: REDIS, APP_ROLE: 'worker' }, ['DATABASE_URL']],
      ['BCRYPT_COST=4', { BCRYPT_COST: '4' }, ['BCRYPT_COST']],
      ['MIGRATIONS_RUN=maybe', { MIGRATIONS_RUN: 'maybe' }, ['MIGRATIONS_RUN']],
      ['QUEUE_PREFIX with a space', { QUEUE_PREFIX: 'my prefix' }, ['QUEUE_PREFIX']],
      ['SMTP_URL=http://x', { SMTP_URL: 'http://mail.example' }, ['SMTP_URL']],
    ];

    it.each(cases)('%s', (_label, env, variables) => {
      const err = failure(env);
      expect(err.problems).toHaveLength(variables.length);
      for (const variable of variables) {
        expect(err.message).toContain(variable);
        expect(err.problems.some((p) => p.includes(variable))).toBe(true);
      }
    });

    it('reports every bad variable at once', () => {
      const err = failure({ PORT: 'abc', APP_ROLE: 'web', BCRYPT_COST: '4' });
      expect(err.problems).toHaveLength(3);
      expect(err.message).toMatch(/PORT[\s\S]*APP_ROLE[\s\S]*BCRYPT_COST/);
    });

    it('never prints the value of a secret', () => {
      const err = failure({ JWT_SECRET: 'my-short-secret' });
      expect(err.message).not.toContain('my-short-secret');
    });
  });
});
