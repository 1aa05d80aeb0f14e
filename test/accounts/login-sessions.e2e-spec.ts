import { randomUUID } from 'node:crypto';
import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedFamily, decodeJwt, expectError, expectTokenRefused, expectTokenWorks, login, loginOk, Q, signJwt } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** Login, `me`, refresh-token rotation, logout, and forged access tokens. */
describe('login and sessions', () => {
  let app: TestApp;
  let code: string;
  let adminToken: string;
  let n = 0;

  const newFamily = (firstName = 'Sophie') => {
    n++;
    return activatedFamily(app, code, adminToken, { email: `session${n}@example.org`, firstName, lastName: `Session${n}` });
  };
  const refresh = (refreshToken: string, options = {}) => app.gql(Q.refresh, { i: { refreshToken } }, options);

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await app.commune('SESSIONVILLE');
    code = commune.code;
    adminToken = commune.adminToken;
  });
  afterAll(() => app.stop());

  describe('login', () => {
    it('logs in by login identifier or by e-mail, whatever the case, and returns a 15-minute access token', async () => {
      const fam = await newFamily();
      for (const identifier of [fam.login, fam.login.toUpperCase(), ` ${fam.login} `, fam.email, fam.email.toUpperCase()]) {
        const res = await login(app, identifier);
        expect(res.errors).toBeUndefined();
        const payload = res.data.login;
        expect(payload.account).toMatchObject({ id: fam.id, login: fam.login, email: fam.email, role: 'FAMILY', emailVerified: true });
        expect(payload.refreshToken).toEqual(expect.any(String));
        expect(payload.refreshToken).not.toBe(payload.accessToken);
        const ttl = new Date(payload.expiresAt).getTime() - Date.now();
        expect(ttl).toBeGreaterThan(14 * 60_000);
        expect(ttl).toBeLessThanOrEqual(15 * 60_000 + 5_000);
        const jwt = decodeJwt(payload.accessToken);
        expect(jwt.header.alg).toBe('HS256');
        expect(jwt.payload.exp - jwt.payload.iat).toBe(15 * 60);
        await expectTokenWorks(app, payload.accessToken);
      }
    });

    it('answers a wrong password exactly like an unknown identifier: UNAUTHENTICATED / INVALID_CREDENTIALS', async () => {
      const fam = await newFamily();
      const wrongByLogin = await login(app, fam.login, 'Pas-Le-Bon-2026');
      const wrongByEmail = await login(app, fam.email, 'Pas-Le-Bon-2026');
      const unknownLogin = await login(app, 'jean.inconnu', 'Pas-Le-Bon-2026');
      const unknownEmail = await login(app, 'inconnu@example.org', PASSWORD);
      for (const res of [wrongByLogin, wrongByEmail, unknownLogin, unknownEmail]) {
        expectError(res, 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
        expect(res.status).toBe(wrongByLogin.status);
        expect(res.errors).toEqual(wrongByLogin.errors);
      }
      // The password is case-sensitive.
      expectError(await login(app, fam.login, PASSWORD.toUpperCase()), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
    });

    it('asks for both fields', async () => {
      expect(expectError(await login(app, '', PASSWORD), 'BAD_USER_INPUT').extensions.field).toBe('identifier');
      expect(expectError(await login(app, 'quelquun', ''), 'BAD_USER_INPUT').extensions.field).toBe('password');
      expectError(await app.gql(`mutation { login(input: { identifier: "x" }) { accessToken } }`), 'BAD_USER_INPUT');
    });
  });

  describe('me', () => {
    it('returns the logged-in account', async () => {
      const fam = await newFamily('Thomas');
      const mine = await expectTokenWorks(app, fam.token);
      expect(mine).toEqual({
        id: fam.id,
        login: fam.login,
        email: fam.email,
        emailVerified: true,
        role: 'FAMILY',
        firstName: 'Thomas',
        lastName: expect.stringMatching(/^Session\d+$/),
        phone: null,
        address: null,
        family: { id: fam.familyId, name: expect.any(String) },
      });
    });

    it('asks anonymous callers and broken Authorization headers to log in', async () => {
      expectError(await app.gql(Q.me), 'UNAUTHENTICATED');
      for (const authorization of ['Bearer', 'Bearer abc.def.ghi', 'Basic dXNlcjpwYXNz', 'n-importe-quoi']) {
        expectError(await app.gql(Q.me, {}, { headers: { authorization } }), 'UNAUTHENTICATED');
      }
    });
  });

  describe('refreshSession', () => {
    it('rotates the refresh token; a reused old one ends the whole session, new tokens included', async () => {
      const fam = await newFamily();
      const first = await loginOk(app, fam.login);
      const other = await loginOk(app, fam.login); // another device: another session

      const second = (await app.ok(Q.refresh, { i: { refreshToken: first.refreshToken } })).refreshSession;
      expect(second.account).toEqual({ id: fam.id, login: fam.login });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await expectTokenWorks(app, second.accessToken);

      const third = (await app.ok(Q.refresh, { i: { refreshToken: second.refreshToken } })).refreshSession;
      expect(third.refreshToken).not.toBe(second.refreshToken);
      await expectTokenWorks(app, third.accessToken);

      // The first refresh token is replayed (stolen?): refused, and the session is closed.
      expectError(await refresh(first.refreshToken), 'UNAUTHENTICATED', 'REFRESH_TOKEN_REUSED');
      expectError(await refresh(third.refreshToken), 'UNAUTHENTICATED');
      await expectTokenRefused(app, third.accessToken);
      await expectTokenRefused(app, second.accessToken);
      await expectTokenRefused(app, first.accessToken);

      // The other device's session is untouched; logging in again works.
      await expectTokenWorks(app, other.accessToken);
      await expectTokenWorks(app, (await loginOk(app, fam.login)).accessToken);
    });

    it('refuses the previous refresh token right after a rotation, then the current one too', async () => {
      const fam = await newFamily();
      const first = await loginOk(app, fam.login);
      const second = (await app.ok(Q.refresh, { i: { refreshToken: first.refreshToken } })).refreshSession;
      expectError(await refresh(first.refreshToken), 'UNAUTHENTICATED', 'REFRESH_TOKEN_REUSED');
      expectError(await refresh(second.refreshToken), 'UNAUTHENTICATED');
      await expectTokenRefused(app, second.accessToken);
    });

    it('lets only one of two concurrent refreshes with the same token win', async () => {
      const fam = await newFamily();
      const s = await loginOk(app, fam.login);
      const results = await Promise.all([refresh(s.refreshToken), refresh(s.refreshToken)]);
      const won = results.filter((r) => !r.errors);
      const lost = results.filter((r) => r.errors);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expectError(lost[0], 'UNAUTHENTICATED');
    });

    it('refuses malformed and unknown refresh tokens', async () => {
      for (const refreshToken of ['abc', `${randomUUID()}.secret-inconnu`, 'x'.repeat(200), `${randomUUID()}`]) {
        expectError(await refresh(refreshToken), 'UNAUTHENTICATED');
      }
      expectError(await refresh(''), 'BAD_USER_INPUT');
    });
  });

  describe('logout', () => {
    it('ends every session of the account', async () => {
      const fam = await newFamily();
      const laptop = await loginOk(app, fam.login);
      const phone = await loginOk(app, fam.email);
      await expectTokenWorks(app, phone.accessToken);

      const res = await app.gql(Q.logout, {}, { token: laptop.accessToken });
      expect(res.errors).toBeUndefined();
      expect(res.data.logout).toBe(true);

      await expectTokenRefused(app, laptop.accessToken);
      await expectTokenRefused(app, phone.accessToken);
      await expectTokenRefused(app, fam.token); // the activation session
      expectError(await refresh(phone.refreshToken), 'UNAUTHENTICATED');
      expectError(await refresh(laptop.refreshToken), 'UNAUTHENTICATED');
      expectError(await app.gql(Q.logout, {}, { token: laptop.accessToken }), 'UNAUTHENTICATED');

      // Logging in again opens a new session.
      await expectTokenWorks(app, (await loginOk(app, fam.login)).accessToken);
    });

    it('does not end the sessions of other accounts, and needs a session', async () => {
      const a = await newFamily();
      const b = await newFamily();
      await app.ok(Q.logout, {}, { token: a.token });
      await expectTokenWorks(app, b.token);
      await expectTokenWorks(app, adminToken);
      expectError(await app.gql(Q.logout), 'UNAUTHENTICATED');
    });
  });

  describe('forged access tokens', () => {
    let fam: Awaited<ReturnType<typeof newFamily>>;
    let victimToken: string;
    let secret: string;

    beforeAll(async () => {
      fam = await newFamily();
      victimToken = (await loginOk(app, fam.login)).accessToken;
      secret = app.portal.config.jwtSecret;
    });

    afterEach(async () => {
      // The genuine token keeps working: the refusals come from the forgery, not from a closed session.
      await expectTokenWorks(app, victimToken);
    });

    it('refuses a token whose signature was tampered with', async () => {
      const [h, p, s] = victimToken.split('.');
      const flipped = s.slice(0, 5) + (s[5] === 'A' ? 'B' : 'A') + s.slice(6);
      await expectTokenRefused(app, `${h}.${p}.${flipped}`);
      await expectTokenRefused(app, `${h}.${p}.`);
      await expectTokenRefused(app, `${h}.${p}`);
    });

    it('refuses a token whose claims were changed under the original signature', async () => {
      const { header, payload, signature } = decodeJwt(victimToken);
      const admin = decodeJwt(adminToken).payload;
      const forgedPayload = Buffer.from(JSON.stringify({ ...payload, sub: admin.sub })).toString('base64url');
      const forgedHeader = Buffer.from(JSON.stringify(header)).toString('base64url');
      await expectTokenRefused(app, `${forgedHeader}.${forgedPayload}.${signature}`);
    });

    it('refuses a token with alg "none"', async () => {
      const { payload } = decodeJwt(victimToken);
      await expectTokenRefused(app, signJwt({ alg: 'none', typ: 'JWT' }, payload, null));
      await expectTokenRefused(app, signJwt({ alg: 'None', typ: 'JWT' }, payload, null));
      await expectTokenRefused(app, signJwt({ alg: 'none', typ: 'JWT' }, { ...payload, exp: Math.floor(Date.now() / 1000) + 3600 }, null));
    });

    it('refuses an expired token, even of an open session and with the right secret', async () => {
      const { payload } = decodeJwt(victimToken);
      const now = Math.floor(Date.now() / 1000);
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...payload, iat: now - 3600, exp: now - 60 }, secret));
      // Same claims, still valid: accepted (so the refusal above is about expiry only).
      await expectTokenWorks(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...payload, iat: now, exp: now + 60 }, secret));
    });

    it('refuses a well-signed token without an expiry (or with one that is not a date)', async () => {
      const { payload } = decodeJwt(victimToken);
      const { exp: _exp, ...noExp } = payload;
      const now = Math.floor(Date.now() / 1000);
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, noExp, secret));
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...noExp, iat: undefined }, secret));
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...noExp, exp: null }, secret));
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...noExp, exp: String(now + 60) }, secret));
      // The same claims with an expiry are accepted: the refusals above are about the missing expiry only.
      await expectTokenWorks(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...noExp, exp: now + 60 }, secret));
    });

    it('refuses another algorithm, another secret, and a well-signed token of a session that does not exist', async () => {
      const { payload } = decodeJwt(victimToken);
      await expectTokenRefused(app, signJwt({ alg: 'HS512', typ: 'JWT' }, payload, secret));
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, payload, 'x'.repeat(64)));
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...payload, sid: randomUUID() }, secret));
      await expectTokenRefused(app, signJwt({ alg: 'HS256', typ: 'JWT' }, { ...payload, sid: undefined }, secret));
    });
  });
});
