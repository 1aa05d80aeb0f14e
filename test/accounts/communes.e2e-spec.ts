import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedFamily, activatedStaff, createFamily, expectError, expectTokenRefused, expectTokenWorks, linkToken, login, loginOk, mailCount, Q, settle } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** Two communes in one deployment: each request speaks for one, and nothing crosses over. */
describe('communes (tenants)', () => {
  let app: TestApp;
  let alpha: { code: string; adminToken: string };
  let beta: { code: string; adminToken: string };
  let alphaStaff: string;
  let alphaFamily: Awaited<ReturnType<typeof activatedFamily>>;

  /** POST /graphql?domaine=…, the way the guide's links name the commune. */
  const viaDomaine = async (domaine: string, query: string, variables: Record<string, unknown> = {}, param = 'domaine') => {
    const res = await request(app.server)
      .post(`/graphql?${param}=${encodeURIComponent(domaine)}`)
      .set('content-type', 'application/json')
      .send({ query, variables });
    return { status: res.status, data: res.body.data, errors: res.body.errors };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    alpha = await app.commune('ALPHA', 'Mairie d’Alpha');
    beta = await app.commune('BETA', 'Mairie de Bêta');
    alphaStaff = (await activatedStaff(app, 'ALPHA', alpha.adminToken, 'agent@alpha.test')).token;
    alphaFamily = await activatedFamily(app, 'ALPHA', alphaStaff, { email: 'famille@alpha.test', firstName: 'Alice', lastName: 'Alpha' });
  });
  afterAll(() => app.stop());

  describe('which commune a request speaks for', () => {
    it('reads the X-Commune header, whatever its case', async () => {
      const a = await app.ok(Q.commune, {}, { commune: 'ALPHA' });
      expect(a.commune).toMatchObject({ code: 'ALPHA', name: 'Mairie d’Alpha', timezone: 'Europe/Paris', postalCode: '31000', phone: '05.00.00.00.00' });
      expect((await app.ok(Q.commune, {}, { commune: 'beta' })).commune).toMatchObject({ code: 'BETA', name: 'Mairie de Bêta' });
    });

    it('reads the domaine query parameter, as in the guide’s links', async () => {
      const b = await viaDomaine('BETA', Q.commune);
      expect(b.errors).toBeUndefined();
      expect(b.data.commune.code).toBe('BETA');
      const a = await viaDomaine('ALPHA', Q.commune, {}, 'DOMAINE');
      expect(a.data.commune.code).toBe('ALPHA');
    });

    it('answers NOT_FOUND for an unknown commune', async () => {
      expectError(await app.gql(Q.commune, {}, { commune: 'ATLANTIDE' }), 'NOT_FOUND');
      expectError(await viaDomaine('ATLANTIDE', Q.commune), 'NOT_FOUND');
      expectError(await login(app, alphaFamily.login, PASSWORD, { commune: 'ATLANTIDE' }), 'NOT_FOUND');
    });

    it('asks which commune when there are two and none is named (COMMUNE_REQUIRED)', async () => {
      expectError(await app.gql(Q.commune), 'BAD_USER_INPUT', 'COMMUNE_REQUIRED');
      expectError(await login(app, alphaFamily.login), 'BAD_USER_INPUT', 'COMMUNE_REQUIRED');
      expectError(await app.gql(Q.requestPasswordReset, { i: { email: alphaFamily.email } }), 'BAD_USER_INPUT', 'COMMUNE_REQUIRED');
    });

    it('an authenticated request acts in its token’s commune', async () => {
      expect((await app.ok(Q.commune, {}, { token: alphaFamily.token })).commune.code).toBe('ALPHA');
      expect((await app.ok(Q.commune, {}, { token: alphaFamily.token, commune: 'alpha' })).commune.code).toBe('ALPHA');
      expect((await app.ok(Q.commune, {}, { token: beta.adminToken })).commune.code).toBe('BETA');
    });

    it('refuses a token of commune A used with X-Commune B or ?domaine=B (UNAUTHENTICATED)', async () => {
      expectError(await app.gql(Q.me, {}, { token: alphaFamily.token, commune: 'BETA' }), 'UNAUTHENTICATED');
      expectError(await app.gql(Q.commune, {}, { token: alphaFamily.token, commune: 'BETA' }), 'UNAUTHENTICATED');
      const viaParam = await request(app.server).post('/graphql?domaine=BETA').set('content-type', 'application/json').set('authorization', `Bearer ${alphaFamily.token}`).send({ query: Q.me });
      expectError({ status: viaParam.status, data: viaParam.body.data, errors: viaParam.body.errors }, 'UNAUTHENTICATED');
      // Staff of A cannot open an account in B by naming it.
      expectError(await app.gql(Q.createFamilyAccount, { i: { email: 'intrus@beta.test', firstName: 'In', lastName: 'Trus' } }, { token: alphaStaff, commune: 'BETA' }), 'UNAUTHENTICATED');
      expect(Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM account WHERE email = 'intrus@beta.test'`))[0].n)).toBe(0);
      // The token itself is fine in its own commune.
      await expectTokenWorks(app, alphaFamily.token, { commune: 'ALPHA' });
    });

    it('refuses a token of one commune whose claims are rewritten to the other', async () => {
      const betaCid = JSON.parse(Buffer.from(beta.adminToken.split('.')[1], 'base64url').toString()).cid;
      const [h, p, s] = alphaFamily.token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      await expectTokenRefused(app, `${h}.${Buffer.from(JSON.stringify({ ...claims, cid: betaCid })).toString('base64url')}.${s}`, { commune: 'BETA' });
    });
  });

  describe('accounts stay in their commune', () => {
    it('a family of commune A cannot log in to commune B, and the answer is that of an unknown login', async () => {
      const inBeta = await login(app, alphaFamily.login, PASSWORD, { commune: 'BETA' });
      expectError(inBeta, 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      expect(inBeta.errors).toEqual((await login(app, 'inconnu.total', PASSWORD, { commune: 'BETA' })).errors);
      expectError(await login(app, alphaFamily.email, PASSWORD, { commune: 'BETA' }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      expectError(await login(app, 'admin.alpha', PASSWORD, { commune: 'BETA' }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      const inAlpha = await loginOk(app, alphaFamily.login, PASSWORD, { commune: 'ALPHA' });
      expect(inAlpha.account.id).toBe(alphaFamily.id);
    });

    it('staff of A cannot resend the activation of an account of B: NOT_FOUND, exactly as for a random id', async () => {
      const betaPending = await createFamily(app, beta.adminToken, { email: 'attente@beta.test' }, { commune: 'BETA' });
      await app.mailbox.waitFor(betaPending.email);
      const crossed = await app.gql(Q.resendActivation, { i: { accountId: betaPending.id } }, { token: alphaStaff });
      const random = await app.gql(Q.resendActivation, { i: { accountId: randomUUID() } }, { token: alphaStaff });
      expectError(crossed, 'NOT_FOUND');
      expect(crossed.errors).toEqual(random.errors);
      expect(crossed.status).toBe(random.status);
      // A's ADMIN neither.
      expect((await app.gql(Q.resendActivation, { i: { accountId: betaPending.id } }, { token: alpha.adminToken })).errors).toEqual(random.errors);
      await settle(app);
      expect(mailCount(app, betaPending.email)).toBe(1);
      // B's own staff can.
      expect((await app.ok(Q.resendActivation, { i: { accountId: betaPending.id } }, { token: beta.adminToken })).resendActivation).toBe(true);
      await app.mailbox.waitFor(betaPending.email, 2);
    });

    it('the same e-mail may have one account per commune; each commune sees its own', async () => {
      const email = 'deux.communes@example.org';
      const inAlpha = await activatedFamily(app, 'ALPHA', alphaStaff, { email, firstName: 'Double', lastName: 'Vie' });
      const inBeta = await createFamily(app, beta.adminToken, { email, firstName: 'Double', lastName: 'Vie' }, { commune: 'BETA' });
      expect(inBeta.id).not.toBe(inAlpha.id);
      expect(inBeta.login).toBe('double.vie'); // logins are per commune too
      const betaMail = await app.mailbox.waitFor(email, 2);
      expect(betaMail.subject).toContain('Mairie de Bêta');
      await app.ok(Q.activate, { i: { token: linkToken(betaMail, 'activation'), password: 'Beta-Secret-Cantine-7' } }, { commune: 'BETA' });

      expect((await loginOk(app, email, PASSWORD, { commune: 'ALPHA' })).account.id).toBe(inAlpha.id);
      expect((await loginOk(app, email, 'Beta-Secret-Cantine-7', { commune: 'BETA' })).account.id).toBe(inBeta.id);
      expectError(await login(app, email, PASSWORD, { commune: 'BETA' }), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');

      // A reset asked in B resets B's account only.
      await app.ok(Q.requestPasswordReset, { i: { email } }, { commune: 'BETA' });
      const resetMail = await app.mailbox.waitFor(email, 3);
      expect(resetMail.subject).toMatch(/identifiants/i);
      await app.ok(Q.resetPassword, { i: { token: linkToken(resetMail, 'reinitialisation'), newPassword: 'Beta-Nouveau-Cantine-8' } });
      await loginOk(app, email, 'Beta-Nouveau-Cantine-8', { commune: 'BETA' });
      await loginOk(app, email, PASSWORD, { commune: 'ALPHA' });
      // The reset is told to B's account (SPEC §2 Accounts), in B's name; A's account hears nothing.
      const notice = await app.mailbox.waitFor(email, 4);
      expect(notice.subject).toBe('Portail Famille — votre mot de passe a été réinitialisé');
      expect(notice.text).toContain('Mairie de Bêta');
      await settle(app);
      expect(mailCount(app, email)).toBe(4);
    });

    it('a reset asked in commune B for an address known only in A sends nothing', async () => {
      const before = mailCount(app, alphaFamily.email);
      expect((await app.ok(Q.requestPasswordReset, { i: { email: alphaFamily.email } }, { commune: 'BETA' })).requestPasswordReset).toBe(true);
      await settle(app);
      expect(mailCount(app, alphaFamily.email)).toBe(before);
    });
  });
});
