import request from 'supertest';
import { RateLimiter } from '../../src/modules/accounts/rate-limiter.service';
import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedFamily, expectError, expectFrenchMessage, expectNoMailTo, expectTokenWorks, freshIp, login, loginOk, mailCount, Q, settle } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

const WRONG = 'Pas-Le-Bon-Mot-2026';
/** RATE_LIMIT_MAX's default: wrong current passwords per account, reset requests per e-mail address. */
const LIMIT = 10;
/** SPEC §3: failed logins per account and address together (15 minutes), per address alone (15 minutes), per account (1 hour). */
const PAIR_LIMIT = 10;
const ADDRESS_LIMIT = 100;
const ACCOUNT_LIMIT = 100;

/** Guessing passwords and flooding: failed logins and reset requests are limited, documents are bounded. */
describe('abuse', () => {
  let app: TestApp;
  let adminToken: string;
  let n = 0;

  const newFamily = () => {
    n++;
    return activatedFamily(app, 'ABUSVILLE', adminToken, { email: `abus${n}@example.org`, firstName: 'Max', lastName: `Abus${n}` });
  };
  const reasonsOf = (results: Array<{ errors?: Array<{ extensions: Record<string, any> }> }>) => results.map((r) => r.errors?.[0]?.extensions.reason ?? 'OK');
  /** As if every recorded failure and request had happened `seconds` earlier. */
  const ageFailures = (seconds: number) => app.dataSource.query(`UPDATE rate_limit_event SET at = at - make_interval(secs => $1)`, [seconds]);
  /** `count` calls, `width` at a time (both cores busy, the address's slots never all in flight at once). */
  const inBatches = async <T>(count: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < count; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => call(i + j)))));
    return out;
  };
  const postRaw = (body: unknown, ip = freshIp()) =>
    request(app.server)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-forwarded-for', ip)
      .send(body as object);

  beforeAll(async () => {
    // The default limits (RATE_LIMIT_MAX=10, RATE_LIMIT_WINDOW_SECONDS=900).
    app = await TestApp.start();
    adminToken = (await app.commune('ABUSVILLE')).adminToken;
  });
  afterAll(() => app.stop());

  describe('failed logins', () => {
    it('10 failures for an account from one address block that address for it, not the family elsewhere', async () => {
      const fam = await newFamily();
      const attacker = freshIp();
      for (let i = 0; i < PAIR_LIMIT; i++) {
        expectError(await login(app, i % 2 ? fam.email : fam.login, WRONG, { ip: attacker }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      }
      expectError(await login(app, fam.login, PASSWORD, { ip: attacker }), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
      expectError(await login(app, fam.email.toUpperCase(), PASSWORD, { ip: attacker }), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
      // The family, from its own address, is not locked out; the attacker's address still reaches other accounts.
      await loginOk(app, fam.login, PASSWORD, { ip: freshIp() });
      await loginOk(app, fam.email, PASSWORD, { ip: freshIp() });
      await loginOk(app, (await newFamily()).login, PASSWORD, { ip: attacker });
      await expectTokenWorks(app, fam.token);
    });

    it('wrong passwords typed from many addresses do not lock a family out before the hourly limit', async () => {
      const fam = await newFamily();
      for (let i = 0; i < 3 * PAIR_LIMIT; i++) {
        expectError(await login(app, fam.login, WRONG, { ip: freshIp() }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      }
      await loginOk(app, fam.login, PASSWORD, { ip: freshIp() });
    });

    it('one address (a school, a town hall) gets 100 failures in 15 minutes on any accounts, then is blocked alone', async () => {
      const school = freshIp();
      const families = [await newFamily(), await newFamily()];
      // Under 10 per account from that address: only the address-wide limit can be met.
      const identifiers = [...families.map((f) => f.login), ...Array.from({ length: 12 }, (_, i) => `inconnu${i}@example.org`)];
      const results = await inBatches(ADDRESS_LIMIT, 4, (i) => login(app, identifiers[i % identifiers.length], WRONG, { ip: school }));
      expect(reasonsOf(results).every((r) => r === 'INVALID_CREDENTIALS')).toBe(true);
      const fresh = await newFamily();
      expectError(await login(app, fresh.login, PASSWORD, { ip: school }), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
      // The same people from elsewhere are fine.
      await loginOk(app, fresh.login, PASSWORD, { ip: freshIp() });
      await loginOk(app, families[0].login, PASSWORD, { ip: freshIp() });
    });

    it('an account gets 100 failures an hour from all addresses, concurrent ones included; then even the right password waits', async () => {
      const fam = await newFamily();
      const results = await Promise.all(Array.from({ length: ACCOUNT_LIMIT + 20 }, () => login(app, fam.login, WRONG, { ip: freshIp() })));
      const reasons = reasonsOf(results);
      expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(ACCOUNT_LIMIT);
      expect(reasons.filter((r) => r !== 'INVALID_CREDENTIALS').every((r) => r === 'RATE_LIMITED')).toBe(true);
      expectError(await login(app, fam.email, PASSWORD, { ip: freshIp() }), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
      // Sessions already open are not closed, and other accounts log in.
      await expectTokenWorks(app, fam.token);
      await loginOk(app, (await newFamily()).login);
    });

    it('an unknown identifier is limited exactly like a known one', async () => {
      const fam = await newFamily();
      const ip = freshIp();
      for (let i = 0; i < PAIR_LIMIT; i++) {
        await login(app, fam.login, WRONG, { ip });
        await login(app, 'fantome.inconnu', WRONG, { ip });
      }
      const known = await login(app, fam.login, WRONG, { ip });
      const unknown = await login(app, 'fantome.inconnu', WRONG, { ip });
      expectError(known, 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
      expect(unknown.errors).toEqual(known.errors);
    });

    it('concurrent attempts from one address get no more than 10 password checks', async () => {
      const fam = await newFamily();
      const ip = freshIp();
      const results = await Promise.all(Array.from({ length: 3 * PAIR_LIMIT }, () => login(app, fam.login, WRONG, { ip })));
      const reasons = reasonsOf(results);
      expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(PAIR_LIMIT);
      expect(reasons.filter((r) => r !== 'INVALID_CREDENTIALS').every((r) => r === 'RATE_LIMITED')).toBe(true);
      expectError(await login(app, fam.login, PASSWORD, { ip }), 'TOO_MANY_REQUESTS');
    });

    it('windows slide: each failure counts for 15 minutes after it, with no fresh allowance at a clock boundary', async () => {
      const fam = await newFamily();
      const ip = freshIp();
      for (let i = 0; i < PAIR_LIMIT; i++) expectError(await login(app, fam.login, WRONG, { ip }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      await ageFailures(15 * 60 - 10);
      expectError(await login(app, fam.login, PASSWORD, { ip }), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
      await ageFailures(20);
      await loginOk(app, fam.login, PASSWORD, { ip });

      // Five failures, ten minutes later five more: blocked until the first five are 15 minutes old, then five again.
      const other = await newFamily();
      const wrong = async (n: number) => {
        for (let i = 0; i < n; i++) expectError(await login(app, other.login, WRONG, { ip }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      };
      await wrong(PAIR_LIMIT / 2);
      await ageFailures(10 * 60);
      await wrong(PAIR_LIMIT / 2);
      expectError(await login(app, other.login, PASSWORD, { ip }), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
      await ageFailures(6 * 60);
      await wrong(PAIR_LIMIT / 2);
      expectError(await login(app, other.login, PASSWORD, { ip }), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
    });

    it('old failures are purged, recent ones kept', async () => {
      const fam = await newFamily();
      const ip = freshIp();
      const count = async () => Number((await app.dataSource.query(`SELECT count(*) AS n FROM rate_limit_event`))[0].n);
      await login(app, fam.login, WRONG, { ip });
      await ageFailures(2 * 3600);
      await login(app, fam.login, WRONG, { ip });
      expect(await count()).toBeGreaterThanOrEqual(6);
      await app.get<RateLimiter>(RateLimiter).purgeExpired();
      // Only the recent failure is left, on its three keys (account and address together, address, account).
      expect(await count()).toBe(3);
    });

    it('aliased logins in one document check one password at a time: aliases buy no extra guesses', async () => {
      const fam = await newFamily();
      const ip = freshIp();
      const aliased = (count: number) =>
        `mutation {${Array.from({ length: count }, (_, i) => ` a${i}: login(input: { identifier: "${fam.login}", password: "${WRONG}-${i}" }) { accessToken }`).join('')} }`;
      for (let doc = 0; doc < PAIR_LIMIT; doc++) {
        const res = await app.gql(aliased(11), {}, { ip });
        // Mutations run in order and stop at the first refusal: one password checked per document.
        expect(res.data ?? null).toBeNull();
        expect(res.errors).toHaveLength(1);
        expect(res.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
        expect(res.errors![0].path).toEqual(['a0']);
      }
      const blocked = await app.gql(aliased(11), {}, { ip });
      expect(blocked.errors![0].extensions.code).toBe('TOO_MANY_REQUESTS');
      expectError(await login(app, fam.login, PASSWORD, { ip }), 'TOO_MANY_REQUESTS');
    });

    it('10 wrong current passwords block changePassword, even with the right one', async () => {
      const fam = await newFamily();
      const change = (currentPassword: string) =>
        app.gql(Q.changePassword, { i: { currentPassword, newPassword: 'Nouveau-Secret-2026', newPasswordConfirmation: 'Nouveau-Secret-2026' } }, { token: fam.token });
      for (let i = 0; i < LIMIT; i++) expectError(await change(WRONG), 'BAD_USER_INPUT', 'WRONG_PASSWORD');
      expectError(await change(PASSWORD), 'TOO_MANY_REQUESTS');
      expectError(await app.gql(Q.requestEmailChange, { i: { newEmail: 'autre.abus@example.org', currentPassword: PASSWORD } }, { token: fam.token }), 'TOO_MANY_REQUESTS');
      await expectTokenWorks(app, fam.token);
      await loginOk(app, fam.login, PASSWORD);
    });

    it('concurrent wrong current passwords get no more than 10 checks either', async () => {
      const fam = await newFamily();
      const results = await Promise.all(
        Array.from({ length: 3 * LIMIT }, (_, i) =>
          app.gql(Q.changePassword, { i: { currentPassword: `${WRONG}-${i}`, newPassword: 'Nouveau-Secret-2026', newPasswordConfirmation: 'Nouveau-Secret-2026' } }, { token: fam.token }),
        ),
      );
      const reasons = reasonsOf(results);
      expect(reasons.filter((r) => r === 'WRONG_PASSWORD').length).toBeLessThanOrEqual(LIMIT);
      expect(reasons.filter((r) => r !== 'WRONG_PASSWORD').every((r) => r === 'RATE_LIMITED')).toBe(true);
    });

    it('successful logins are not counted', async () => {
      const fam = await newFamily();
      const ip = freshIp();
      for (let i = 0; i < PAIR_LIMIT + 5; i++) await loginOk(app, fam.login, PASSWORD, { ip });
      // Attempts in flight hold a slot until their password is checked: up to 10 together all pass.
      const together = await Promise.all(Array.from({ length: PAIR_LIMIT }, () => login(app, fam.email, PASSWORD, { ip })));
      expect(reasonsOf(together).every((r) => r === 'OK')).toBe(true);
      // Failures still have their full allowance afterwards.
      for (let i = 0; i < PAIR_LIMIT; i++) expectError(await login(app, fam.login, WRONG, { ip }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      expectError(await login(app, fam.login, PASSWORD, { ip }), 'TOO_MANY_REQUESTS');
    });
  });

  describe('password-reset requests', () => {
    it('are limited per address, whether the address is known or not', async () => {
      const fam = await newFamily();
      for (let i = 0; i < LIMIT; i++) {
        expect((await app.gql(Q.requestPasswordReset, { i: { email: fam.email } }, { ip: freshIp() })).data).toEqual({ requestPasswordReset: true });
        expect((await app.gql(Q.requestPasswordReset, { i: { email: 'nobody@example.org' } }, { ip: freshIp() })).data).toEqual({ requestPasswordReset: true });
      }
      const known = await app.gql(Q.requestPasswordReset, { i: { email: fam.email.toUpperCase() } }, { ip: freshIp() });
      const unknown = await app.gql(Q.requestPasswordReset, { i: { email: 'nobody@example.org' } }, { ip: freshIp() });
      expectError(known, 'TOO_MANY_REQUESTS');
      expect(unknown).toEqual(known);
      await settle(app);
      expect(mailCount(app, fam.email)).toBe(1 + LIMIT); // activation + 10 resets, none for the refused one
    });

    it('are limited per address of the requester: 100 in 15 minutes (a town hall shares one address)', async () => {
      const ip = freshIp();
      const results = await inBatches(ADDRESS_LIMIT, 5, (i) => app.gql(Q.requestPasswordReset, { i: { email: `flood${i}@example.org` } }, { ip }));
      expect(results.every((r) => r.data?.requestPasswordReset === true)).toBe(true);
      const fam = await newFamily();
      expectError(await app.gql(Q.requestPasswordReset, { i: { email: fam.email } }, { ip }), 'TOO_MANY_REQUESTS');
      await settle(app);
      expect(mailCount(app, fam.email)).toBe(1);
      expect((await app.gql(Q.requestPasswordReset, { i: { email: fam.email } }, { ip: freshIp() })).data).toEqual({ requestPasswordReset: true });
    });

    it('aliased in one document, they count one by one', async () => {
      const fam = await newFamily();
      const doc = `mutation {${Array.from({ length: 11 }, (_, i) => ` a${i}: requestPasswordReset(input: { email: "${fam.email}" })`).join('')} }`;
      const res = await app.gql(doc, {}, { ip: freshIp() });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0].path).toEqual(['a10']);
      expect(res.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expectFrenchMessage(res.errors![0].message);
      await settle(app);
      expect(mailCount(app, fam.email)).toBe(1 + LIMIT);
      expectError(await app.gql(Q.requestPasswordReset, { i: { email: fam.email } }, { ip: freshIp() }), 'TOO_MANY_REQUESTS');
    });
  });

  describe('document limits', () => {
    const nested = (levels: number) => {
      // me(1) { family(2) { x3 { x4 … } } }: the deepest field sits at `levels`.
      let inner = `x${levels}`;
      for (let l = levels - 1; l >= 3; l--) inner = `x${l} { ${inner} }`;
      return `query { me { family { ${inner} } } }`;
    };
    const depthErrors = (res: { errors?: Array<{ message: string }> }) => (res.errors ?? []).filter((e) => /profonde/i.test(e.message));

    it('refuses a query deeper than 10 levels with BAD_USER_INPUT', async () => {
      const fam = await newFamily();
      const deep = await app.gql(nested(11), {}, { token: fam.token });
      expect(deep.status).toBe(400);
      expect(deep.data).toBeUndefined();
      expect(depthErrors(deep)).toHaveLength(1);
      for (const e of deep.errors!) {
        expect(e.extensions.code).toBe('BAD_USER_INPUT');
        expectFrenchMessage(e.message);
      }
      expect(depthErrors(await app.gql(nested(30), {}, { token: fam.token }))).toHaveLength(1);
      // Ten levels are within the limit (the query is refused for its unknown fields only).
      expect(depthErrors(await app.gql(nested(10), {}, { token: fam.token }))).toHaveLength(0);
    });

    it('refuses more than 20 root fields, before anything runs', async () => {
      const ip = freshIp();
      const twenty = await app.gql(`query {${Array.from({ length: 20 }, (_, i) => ` c${i}: commune { code }`).join('')} }`, {}, { ip });
      expect(twenty.errors).toBeUndefined();
      expect(Object.keys(twenty.data)).toHaveLength(20);

      const tooMany = await app.gql(`query {${Array.from({ length: 21 }, (_, i) => ` c${i}: commune { code }`).join('')} }`, {}, { ip });
      expect(tooMany.data).toBeUndefined();
      expect(tooMany.errors).toHaveLength(1);
      expect(tooMany.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expectFrenchMessage(tooMany.errors![0].message);

      const fam = await newFamily();
      const resets = await app.gql(`mutation {${Array.from({ length: 21 }, (_, i) => ` r${i}: requestPasswordReset(input: { email: "${fam.email}" })`).join('')} }`, {}, { ip });
      expect(resets.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      await expectNoMailTo(app, 'nonexistent@example.org');
      expect(mailCount(app, fam.email)).toBe(1);
      // Nothing was counted either: the address can still ask.
      expect((await app.gql(Q.requestPasswordReset, { i: { email: fam.email } }, { ip })).data).toEqual({ requestPasswordReset: true });
    });

    it('refuses batched HTTP requests (a JSON array of operations) and runs none of them', async () => {
      const fam = await newFamily();
      const batch = Array.from({ length: 3 }, () => ({ query: Q.requestPasswordReset, variables: { i: { email: fam.email } } }));
      const res = await postRaw(batch);
      expect(res.status).toBe(400);
      const errors = Array.isArray(res.body) ? res.body.flatMap((r: any) => r.errors ?? []) : res.body.errors;
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expectFrenchMessage(errors[0].message);
      await settle(app);
      expect(mailCount(app, fam.email)).toBe(1);

      const logins = await postRaw(Array.from({ length: 12 }, () => ({ query: Q.login, variables: { i: { identifier: fam.login, password: WRONG } } })));
      expect(logins.status).toBe(400);
      // No attempt was counted: the right password still works.
      await loginOk(app, fam.login);
    });

    it('refuses a mutation sent with GET', async () => {
      const fam = await newFamily();
      const res = await request(app.server)
        .get(`/graphql?query=${encodeURIComponent('mutation { logout }')}`)
        .set('authorization', `Bearer ${fam.token}`)
        .set('apollo-require-preflight', 'true');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expectFrenchMessage(res.body.errors[0].message);
      await expectTokenWorks(app, fam.token);
    });
  });
});
