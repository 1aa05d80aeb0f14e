import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startPortal, RunningPortal } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { JOB_QUEUE_DRIVER, JobQueueDriver, QueueName } from '../../src/queue/job-queue.port';
import { CommuneOnboarding } from '../../src/setup/commune-onboarding.service';
import { Mailbox } from './mailbox';
import { createTestDatabase, TEST_REDIS_URL } from './test-database';

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: Array<{ message: string; extensions: Record<string, any>; path?: string[] }>;
}

export interface GqlOptions {
  token?: string;
  commune?: string;
  ip?: string;
  headers?: Record<string, string>;
}

/**
 * The whole portal for one test file: a fresh PostgreSQL database, its own queue prefix on the real
 * Redis, a local SMTP server, HTTP on a free port.
 */
export class TestApp {
  portal!: RunningPortal;
  mailbox = new Mailbox();
  private dropDb!: () => Promise<void>;

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const t = new TestApp();
    await t.mailbox.start();
    const db = await createTestDatabase();
    t.dropDb = db.drop;
    const config = loadConfig({
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      HEALTH_DATA_KEY: randomBytes(32).toString('base64'),
      SMTP_URL: t.mailbox.url,
      PUBLIC_URL: 'http://front.test',
      BCRYPT_COST: '10',
      PORT: '0',
      TRUST_PROXY: 'loopback',
      DATA_DIR: `/tmp/portail-test-${db.name}`,
      // The test bank, with its demo key (a deployment on PostgreSQL must say which bank it uses).
      SYSTEMPAY_MODE: 'TEST',
      // A read through `uow.read` inside a transaction fails the test at once (in production on
      // PostgreSQL the guard is off: it costs every promise on Node 20).
      DB_TRANSACTION_GUARD: 'true',
      ...env,
      // The calendar of the run (`CLOCK_START=… npx jest`), shared with the tests (test/helpers/clock-setup.ts).
      // A PRODUCTION configuration refuses it: that app reads the same in-process clock anyway.
      ...(process.env.CLOCK_START && env.SYSTEMPAY_MODE !== 'PRODUCTION' ? { CLOCK_START: process.env.CLOCK_START } : {}),
    });
    t.portal = await startPortal(config, { http: true, logger: ['error'] });
    return t;
  }

  get server() {
    return (this.portal.app as any).getHttpServer();
  }

  get dataSource(): DataSource {
    return this.portal.app.get(DataSource);
  }

  get<T>(token: any): T {
    return this.portal.app.get(token);
  }

  /** Sends one GraphQL operation as a client would. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, options: GqlOptions = {}): Promise<GqlResult<T>> {
    const req = request(this.server).post('/graphql').set('content-type', 'application/json');
    if (options.token) req.set('authorization', `Bearer ${options.token}`);
    if (options.commune) req.set('x-commune', options.commune);
    req.set('x-forwarded-for', options.ip ?? `10.${rnd()}.${rnd()}.${rnd()}`);
    for (const [k, v] of Object.entries(options.headers ?? {})) req.set(k, v);
    const res = await req.send({ query, variables });
    return { status: res.status, data: res.body.data, errors: res.body.errors };
  }

  /** Like gql, but fails the test with the server's errors when there are any. */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}, options: GqlOptions = {}): Promise<T> {
    const res = await this.gql<T>(query, variables, options);
    if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  /** Redis loses this app's data (its queue prefix): job ids start again at 1. */
  async flushQueues(): Promise<void> {
    const redis = new IORedis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${this.portal.config.queuePrefix}:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }

  async idle(queue: QueueName): Promise<void> {
    await this.get<JobQueueDriver>(JOB_QUEUE_DRIVER).whenIdle(queue);
  }

  /** A commune with an activated ADMIN; returns its code and the admin's access token. */
  async commune(code: string, name = `Mairie de ${code}`): Promise<{ code: string; adminToken: string; adminEmail: string }> {
    const adminEmail = `admin@${code.toLowerCase()}.test`;
    await this.get<CommuneOnboarding>(CommuneOnboarding).createCommune(
      { code, name, address: '1 place de la Mairie', postalCode: '31000', city: code, phone: '05.00.00.00.00', publicUrl: 'http://front.test' },
      { email: adminEmail },
    );
    const mail = await this.mailbox.waitFor(adminEmail);
    const adminToken = await this.activate(Mailbox.token(mail), code);
    return { code, adminToken, adminEmail };
  }

  async activate(token: string, commune: string, password = PASSWORD): Promise<string> {
    const data = await this.ok(`mutation($i: ActivateAccountInput!) { activateAccount(input: $i) { accessToken } }`, { i: { token, password } }, { commune });
    return data.activateAccount.accessToken;
  }

  /** Staff create a family account; the family activates it from the mail. Returns its token and ids. */
  async family(commune: string, staffToken: string, who: { email: string; firstName?: string; lastName?: string }) {
    const created = await this.ok(
      `mutation($i: CreateFamilyAccountInput!) { createFamilyAccount(input: $i) { id login family { id } } }`,
      { i: { email: who.email, firstName: who.firstName ?? 'Marie', lastName: who.lastName ?? 'Dupont' } },
      { token: staffToken },
    );
    const mail = await this.mailbox.waitFor(who.email);
    const token = await this.activate(Mailbox.token(mail), commune);
    return { token, accountId: created.createFamilyAccount.id, login: created.createFamilyAccount.login, familyId: created.createFamilyAccount.family.id };
  }

  async stop(): Promise<void> {
    await this.portal?.stop();
    await this.mailbox.stop();
    await this.dropDb?.();
  }
}

export const PASSWORD = 'Cantine-Auterive-2026';
const rnd = () => Math.floor(Math.random() * 250) + 1;
