import request from 'supertest';
import { DomainError } from '../../src/common/errors/domain-error';
import { CommunesService } from '../../src/modules/communes/communes.service';
import { linkToken, Q } from '../helpers/accounts';
import { expectError } from '../helpers/errors';
import { Mailbox } from '../helpers/mailbox';
import { PASSWORD, TestApp } from '../helpers/test-app';

const COMMUNE = `{ commune { code name } }`;
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken } }`;

function sessionCookie(res: request.Response): string | null {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('pf_refresh='));
  return header ? decodeURIComponent(header.split(';')[0].slice('pf_refresh='.length)) : null;
}

/**
 * SPEC §2 "Communes": with several communes on one deployment, a request names its commune by code
 * (`X-Commune`, `?domaine=` in any case) or by a host name the commune declares; mail links name it.
 */
describe('which commune a request speaks for, with several on one deployment', () => {
  let app: TestApp;
  let alpha: { code: string; adminToken: string; adminEmail: string };

  const ask = (path = '/graphql', headers: Record<string, string> = {}) =>
    request(app.server)
      .post(path)
      .set({ 'content-type': 'application/json', ...headers })
      .send({ query: COMMUNE });

  beforeAll(async () => {
    app = await TestApp.start();
    alpha = await app.commune('ALPHA', 'Mairie d’Alpha');
    await app.commune('BETA', 'Mairie de Bêta');
    await app.get<CommunesService>(CommunesService).changeHosts('BETA', { add: ['Cantine.Beta.test.'] });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('asks for one when nothing names it (in French)', async () => {
    const res = await ask();
    expectError({ status: res.status, data: res.body.data, errors: res.body.errors }, 'BAD_USER_INPUT', 'COMMUNE_REQUIRED');
  });

  it('takes `domaine` whatever the case of its name and of the code, as the guide’s links', async () => {
    expect((await ask('/graphql?DOMAINE=beta')).body.data.commune).toEqual({ code: 'BETA', name: 'Mairie de Bêta' });
    expect((await ask('/graphql?domaine=Alpha')).body.data.commune.code).toBe('ALPHA');
    expect((await ask('/graphql', { 'x-commune': 'beta' })).body.data.commune.code).toBe('BETA');
  });

  it('answers an unknown code as not found', async () => {
    const res = await ask('/graphql?domaine=NULLEPART');
    expectError({ status: res.status, data: res.body.data, errors: res.body.errors }, 'NOT_FOUND', 'COMMUNE_NOT_FOUND');
  });

  it('finds the commune from a host name it declares (any case, with a port); a named code wins', async () => {
    expect((await ask('/graphql', { host: 'CANTINE.beta.test:8443' })).body.data.commune.code).toBe('BETA');
    expect((await ask('/graphql', { host: 'cantine.beta.test', 'x-commune': 'ALPHA' })).body.data.commune.code).toBe('ALPHA');
    const other = await ask('/graphql', { host: 'autre.beta.test' });
    expect(other.body.errors[0].extensions.reason).toBe('COMMUNE_REQUIRED');
  });

  it('reads X-Forwarded-Host only from a trusted proxy (here TRUST_PROXY=loopback)', async () => {
    // The test client connects from 127.0.0.1, a proxy this deployment trusts.
    expect((await ask('/graphql', { host: 'portail.interne', 'x-forwarded-host': 'cantine.beta.test' })).body.data.commune.code).toBe('BETA');
  });

  it('refuses a session of one commune at another commune’s host name', async () => {
    const res = await request(app.server)
      .post('/graphql')
      .set({ host: 'cantine.beta.test', authorization: `Bearer ${alpha.adminToken}` })
      .send({ query: COMMUNE });
    expectError({ status: res.status, data: res.body.data, errors: res.body.errors }, 'UNAUTHENTICATED', 'WRONG_COMMUNE');
    const own = await request(app.server)
      .post('/graphql')
      .set({ authorization: `Bearer ${alpha.adminToken}` })
      .send({ query: COMMUNE });
    expect(own.body.data.commune.code).toBe('ALPHA');
  });

  it('POST /auth/refresh from a page of another commune gives no token, and the cookie stays good for its own', async () => {
    const web = await request(app.server)
      .post('/graphql')
      .set({ 'x-portail-session': 'cookie', 'x-commune': 'ALPHA' })
      .send({ query: LOGIN, variables: { i: { identifier: 'admin.alpha', password: PASSWORD } } });
    const first = sessionCookie(web)!;
    const refresh = (cookie: string, headers: Record<string, string>) =>
      request(app.server)
        .post('/auth/refresh')
        .set({ 'x-portail-session': 'cookie', cookie: `pf_refresh=${encodeURIComponent(cookie)}`, ...headers });

    const elsewhere = await refresh(first, { 'x-commune': 'beta' });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.reason).toBe('WRONG_COMMUNE');
    expect(elsewhere.body.accessToken).toBeUndefined();
    const atBetaHost = await refresh(sessionCookie(elsewhere)!, { host: 'cantine.beta.test' });
    expect(atBetaHost.status).toBe(401);

    const home = await refresh(sessionCookie(atBetaHost)!, { 'x-commune': 'ALPHA' });
    expect(home.status).toBe(200);
    expect(home.body.account.role).toBe('ADMIN');
  });

  it('mails links that name the commune: activation, and a forgotten password asked at its host name', async () => {
    const activation = await app.mailbox.waitFor('admin@beta.test', 1);
    // An administrator's account: the back-office's own activation page (staff wording).
    expect(activation.text).toContain('http://front.test/agents/activation?domaine=BETA&token=');
    linkToken(activation, 'agents/activation');

    const asked = await request(app.server)
      .post('/graphql')
      .set({ host: 'cantine.beta.test' })
      .send({ query: Q.requestPasswordReset, variables: { i: { email: 'admin@beta.test' } } });
    expect(asked.body.data.requestPasswordReset).toBe(true);
    const mail = await app.mailbox.waitFor('admin@beta.test', 2);
    expect(mail.text).toContain('http://front.test/reinitialisation?domaine=BETA&token=');
    expect(linkToken(mail, 'reinitialisation')).toBe(Mailbox.token(mail));
  });

  describe('host names a commune declares (CLI)', () => {
    const communes = () => app.get<CommunesService>(CommunesService);
    const refusal = async (work: Promise<unknown>) => {
      const err = await work.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DomainError);
      return err as DomainError;
    };

    it('refuses what is not a host name, and one another commune declares; nothing changes', async () => {
      const bad = await refusal(communes().changeHosts('ALPHA', { add: ['cantine.alpha.test', 'http://alpha.test/'] }));
      expect({ code: bad.code, reason: bad.reason }).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_HOST' });
      const taken = await refusal(communes().changeHosts('ALPHA', { add: ['cantine.alpha.test', 'CANTINE.BETA.TEST'] }));
      expect({ code: taken.code, reason: taken.reason }).toEqual({ code: 'CONFLICT', reason: 'HOST_TAKEN' });
      expect(taken.message).toContain('cantine.beta.test (BETA)');
      expect((await ask('/graphql', { host: 'cantine.alpha.test' })).body.errors[0].extensions.reason).toBe('COMMUNE_REQUIRED');
      expect((await ask('/graphql', { host: 'cantine.beta.test' })).body.data.commune.code).toBe('BETA');
    });

    it('adds and removes them; a host removed names no commune any more', async () => {
      expect(await communes().changeHosts('alpha', { add: ['cantine.alpha.test', 'Cantine.Alpha.Test'] })).toEqual(['cantine.alpha.test']);
      expect((await ask('/graphql', { host: 'cantine.alpha.test' })).body.data.commune.code).toBe('ALPHA');
      expect(await communes().changeHosts('ALPHA', { remove: ['cantine.alpha.test'] })).toEqual([]);
      expect((await ask('/graphql', { host: 'cantine.alpha.test' })).body.errors[0].extensions.reason).toBe('COMMUNE_REQUIRED');
    });
  });
});

describe('a deployment that trusts no proxy', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ TRUST_PROXY: 'false' });
    await app.commune('GAMMA');
    await app.commune('DELTA');
    await app.get<CommunesService>(CommunesService).changeHosts('DELTA', { add: ['cantine.delta.test'] });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('ignores X-Forwarded-Host: only the Host header names a commune', async () => {
    const ask = (headers: Record<string, string>) => request(app.server).post('/graphql').set(headers).send({ query: COMMUNE });
    expect((await ask({ host: 'portail.interne', 'x-forwarded-host': 'cantine.delta.test' })).body.errors[0].extensions.reason).toBe('COMMUNE_REQUIRED');
    expect((await ask({ host: 'cantine.delta.test' })).body.data.commune.code).toBe('DELTA');
  });
});
