import { randomUUID } from 'node:crypto';
import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedStaff, createFamily, expectError, expectNoMailTo, expectNoPasswordIn, expectTokenWorks, expireTokens, linkToken, login, loginOk, mailCount, Q, settle } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** Staff open family accounts; families activate them from the mail. */
describe('family accounts and activation', () => {
  let app: TestApp;
  let code: string;
  let staffToken: string;

  const accountsWithEmail = async (email: string) => Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM account WHERE email = $1`, [email.toLowerCase()]))[0].n);
  const activate = (token: string, password = PASSWORD) => app.gql(Q.activate, { i: { token, password } });
  const resend = (accountId: string, token = staffToken) => app.gql(Q.resendActivation, { i: { accountId } }, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await app.commune('ACTIVVILLE');
    code = commune.code;
    staffToken = (await activatedStaff(app, code, commune.adminToken, 'agent@activville.test')).token;
  });
  afterAll(() => app.stop());

  describe('createFamilyAccount', () => {
    it('opens a family account with the login prenom.nom, not yet verified, in a new family', async () => {
      const res = await app.gql(
        Q.createFamilyAccount,
        { i: { email: 'Helene.Dartagnan@Example.org', firstName: ' Hélène ', lastName: "D'Artagnan", phone: '05 61 00 00 01', address: '3 rue des Écoles' } },
        { token: staffToken },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.createFamilyAccount).toEqual({
        id: expect.any(String),
        login: 'helene.dartagnan',
        email: 'helene.dartagnan@example.org',
        emailVerified: false,
        role: 'FAMILY',
        firstName: 'Hélène',
        lastName: "D'Artagnan",
        phone: '05 61 00 00 01',
        address: '3 rue des Écoles',
        family: { id: expect.any(String), name: expect.stringContaining("D'ARTAGNAN") },
      });
    });

    it('numbers the login when prenom.nom is taken: prenom.nom2, prenom.nom3', async () => {
      const a = await createFamily(app, staffToken, { email: 'paul.martin@example.org', firstName: 'Paul', lastName: 'Martin' });
      const b = await createFamily(app, staffToken, { email: 'paul.martin.bis@example.org', firstName: 'Paul', lastName: 'Martin' });
      const c = await createFamily(app, staffToken, { email: 'paul.martin.ter@example.org', firstName: 'PAUL', lastName: 'martin' });
      expect([a.login, b.login, c.login]).toEqual(['paul.martin', 'paul.martin2', 'paul.martin3']);
      // Three households, not one.
      expect(new Set([a.familyId, b.familyId, c.familyId]).size).toBe(3);
    });

    it('gives distinct logins to homonyms opened at the same moment', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4].map((i) => app.gql(Q.createFamilyAccount, { i: { email: `homonyme${i}@example.org`, firstName: 'Jean', lastName: 'Homonyme' } }, { token: staffToken })),
      );
      for (const r of results) expect(r.errors).toBeUndefined();
      expect(results.map((r) => r.data.createFamilyAccount.login).sort()).toEqual(['jean.homonyme', 'jean.homonyme2', 'jean.homonyme3', 'jean.homonyme4']);
    });

    it('takes a wanted login, refuses a malformed or taken one', async () => {
      const a = await createFamily(app, staffToken, { email: 'wanted@example.org', login: 'Famille.Wanted' });
      expect(a.login).toBe('famille.wanted');

      const malformed = await app.gql(Q.createFamilyAccount, { i: { email: 'malformed@example.org', firstName: 'A', lastName: 'B', login: 'a b' } }, { token: staffToken });
      expect(expectError(malformed, 'BAD_USER_INPUT').extensions.field).toBe('login');

      const taken = await app.gql(Q.createFamilyAccount, { i: { email: 'taken@example.org', firstName: 'A', lastName: 'B', login: 'famille.wanted' } }, { token: staffToken });
      expectError(taken, 'CONFLICT', 'LOGIN_TAKEN');
      expect(await accountsWithEmail('malformed@example.org')).toBe(0);
      expect(await accountsWithEmail('taken@example.org')).toBe(0);
      await expectNoMailTo(app, 'malformed@example.org');
      await expectNoMailTo(app, 'taken@example.org');
    });

    it('keeps logins and e-mails apart: a login may not be another account’s e-mail, nor the reverse', async () => {
      // Login accepts the identifier or the e-mail: one string must never name two accounts.
      const p = await createFamily(app, staffToken, { email: 'p.collision@example.org' });
      const q = await app.gql(Q.createFamilyAccount, { i: { email: 'q.collision@example.org', firstName: 'Q', lastName: 'Q', login: 'P.Collision@example.org' } }, { token: staffToken });
      expect(expectError(q, 'CONFLICT', 'LOGIN_TAKEN').extensions.field).toBe('login');

      const r = await createFamily(app, staffToken, { email: 'r.reelle@example.org', login: 'r.choisi@example.org' });
      expect(r.login).toBe('r.choisi@example.org');
      const s = await app.gql(Q.createFamilyAccount, { i: { email: 'R.Choisi@example.org', firstName: 'S', lastName: 'S' } }, { token: staffToken });
      expect(expectError(s, 'CONFLICT', 'EMAIL_TAKEN').extensions.field).toBe('email');

      // Its own e-mail as login is fine.
      const t = await createFamily(app, staffToken, { email: 't.meme@example.org', login: 't.meme@example.org' });
      expect(t.login).toBe('t.meme@example.org');
      expect(await accountsWithEmail('q.collision@example.org')).toBe(0);
      expect(await accountsWithEmail('r.choisi@example.org')).toBe(0);
      expect(p.login).not.toContain('@');
    });

    it('refuses an e-mail already used in the commune (whatever its case) with CONFLICT, and sends nothing', async () => {
      const first = await createFamily(app, staffToken, { email: 'twice@example.org' });
      await app.mailbox.waitFor(first.email);
      const again = await app.gql(Q.createFamilyAccount, { i: { email: 'TWICE@Example.org', firstName: 'Autre', lastName: 'Famille' } }, { token: staffToken });
      const err = expectError(again, 'CONFLICT', 'EMAIL_TAKEN');
      expect(err.extensions.field).toBe('email');
      expect(await accountsWithEmail('twice@example.org')).toBe(1);
      await settle(app);
      expect(mailCount(app, 'twice@example.org')).toBe(1);
    });

    it('refuses an invalid e-mail with BAD_USER_INPUT naming the field', async () => {
      for (const email of ['pas-une-adresse', 'marie@', '@example.org', 'marie dupont@example.org', '']) {
        const res = await app.gql(Q.createFamilyAccount, { i: { email, firstName: 'Marie', lastName: 'Invalide' } }, { token: staffToken });
        const err = expectError(res, 'BAD_USER_INPUT');
        expect(err.extensions.field).toBe('email');
      }
      expect(Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM account WHERE last_name = 'Invalide'`))[0].n)).toBe(0);
    });

    it('refuses a blank name or a malformed phone, naming the field', async () => {
      const blank = await app.gql(Q.createFamilyAccount, { i: { email: 'blank@example.org', firstName: '   ', lastName: 'Dupont' } }, { token: staffToken });
      expect(expectError(blank, 'BAD_USER_INPUT').extensions.field).toBe('firstName');
      const phone = await app.gql(Q.createFamilyAccount, { i: { email: 'phone@example.org', firstName: 'A', lastName: 'B', phone: 'appelez-moi' } }, { token: staffToken });
      expect(expectError(phone, 'BAD_USER_INPUT').extensions.field).toBe('phone');
      await expectNoMailTo(app, 'blank@example.org');
    });

    it('refuses an input field the contract does not name, inline or in variables', async () => {
      const inline = await app.gql(`mutation { createFamilyAccount(input: { email: "extra1@example.org", firstName: "A", lastName: "B", role: ADMIN }) { id role } }`, {}, { token: staffToken });
      expectError(inline, 'BAD_USER_INPUT');
      const viaVariables = await app.gql(Q.createFamilyAccount, { i: { email: 'extra2@example.org', firstName: 'A', lastName: 'B', password: 'Cantine-Auterive-2026' } }, { token: staffToken });
      expectError(viaVariables, 'BAD_USER_INPUT');
      expect(await accountsWithEmail('extra1@example.org')).toBe(0);
      expect(await accountsWithEmail('extra2@example.org')).toBe(0);
    });
  });

  describe('activation mail', () => {
    it('gives the login identifier and an activation link to the front-end, never a password', async () => {
      const created = await createFamily(app, staffToken, { email: 'mail.check@example.org', firstName: 'Jeanne', lastName: 'Mailcheck' });
      const mail = await app.mailbox.waitFor('mail.check@example.org');
      expect(mail.subject).toContain('Mairie de ACTIVVILLE');
      expect(mail.text).toContain(created.login);
      expect(mail.html).toContain(created.login);
      expect(mail.text).toContain('Jeanne');
      expect(mail.text).toMatch(/http:\/\/front\.test\/activation\?domaine=ACTIVVILLE&token=/);
      linkToken(mail, 'activation');
      expectNoPasswordIn(mail);
      // The raw token is not stored: only its hash is.
      const token = linkToken(mail, 'activation');
      const stored = await app.dataSource.query(`SELECT token_hash FROM account_token WHERE account_id = $1`, [created.id]);
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toContain(token);
      await settle(app);
      expect(mailCount(app, 'mail.check@example.org')).toBe(1);
    });

    it('an account cannot log in before it is activated, answering like a wrong password', async () => {
      const created = await createFamily(app, staffToken, { email: 'not.yet@example.org', firstName: 'Pas', lastName: 'Encore' });
      const byLogin = await login(app, created.login, PASSWORD);
      const byEmail = await login(app, created.email, 'nimporte-quoi-123');
      const unknown = await login(app, 'personne.inconnue', PASSWORD);
      expectError(byLogin, 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      expectError(byEmail, 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      expect(byLogin.errors).toEqual(unknown.errors);
      expect(byLogin.status).toBe(unknown.status);
    });
  });

  describe('resendActivation', () => {
    it('sends a new link; the old one stops working, the new one activates', async () => {
      const created = await createFamily(app, staffToken, { email: 'resend@example.org', firstName: 'Re', lastName: 'Send' });
      const oldToken = linkToken(await app.mailbox.waitFor(created.email, 1), 'activation');

      const res = await resend(created.id);
      expect(res.errors).toBeUndefined();
      expect(res.data.resendActivation).toBe(true);
      const second = await app.mailbox.waitFor(created.email, 2);
      expect(second.text).toContain(created.login);
      const newToken = linkToken(second, 'activation');
      expect(newToken).not.toBe(oldToken);

      expectError(await activate(oldToken), 'BAD_USER_INPUT', 'INVALID_TOKEN');
      const ok = await activate(newToken);
      expect(ok.errors).toBeUndefined();
      expect(ok.data.activateAccount.account.emailVerified).toBe(true);
    });

    it('refuses an account already activated with CONFLICT and mails nothing', async () => {
      const created = await createFamily(app, staffToken, { email: 'already@example.org' });
      await app.ok(Q.activate, { i: { token: linkToken(await app.mailbox.waitFor(created.email), 'activation'), password: PASSWORD } });
      expectError(await resend(created.id), 'CONFLICT', 'ALREADY_ACTIVATED');
      await settle(app);
      expect(mailCount(app, created.email)).toBe(1);
    });

    it('gives a fresh link when the first has expired', async () => {
      const created = await createFamily(app, staffToken, { email: 'late@example.org' });
      const oldToken = linkToken(await app.mailbox.waitFor(created.email), 'activation');
      await expireTokens(app, created.id);
      expectError(await activate(oldToken), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
      expect((await resend(created.id)).data.resendActivation).toBe(true);
      const fresh = linkToken(await app.mailbox.waitFor(created.email, 2), 'activation');
      expect((await activate(fresh)).errors).toBeUndefined();
    });

    it('answers NOT_FOUND for an unknown account and BAD_USER_INPUT for a malformed id', async () => {
      expectError(await resend(randomUUID()), 'NOT_FOUND');
      expect(expectError(await resend('pas-un-identifiant'), 'BAD_USER_INPUT').extensions.field).toBe('accountId');
    });
  });

  describe('activateAccount', () => {
    let accountId: string;
    let email: string;
    let token: string;

    beforeAll(async () => {
      const created = await createFamily(app, staffToken, { email: 'activate@example.org', firstName: 'Active', lastName: 'Moi' });
      accountId = created.id;
      email = created.email;
      token = linkToken(await app.mailbox.waitFor(email), 'activation');
    });

    it('refuses a password under 10 characters, WEAK_PASSWORD on the password field', async () => {
      for (const password of ['', 'Court-1!', '123456789']) {
        const err = expectError(await activate(token, password), 'BAD_USER_INPUT', 'WEAK_PASSWORD');
        expect(err.extensions.field).toBe('password');
      }
    });

    it('refuses a common password, whatever its case', async () => {
      for (const password of ['motdepasse123', 'MotDePasse123', 'azertyuiop', 'portailfamille', 'aaaaaaaaaaaa']) {
        expectError(await activate(token, password), 'BAD_USER_INPUT', 'WEAK_PASSWORD');
      }
      // Refused attempts changed nothing.
      const [row] = await app.dataSource.query(`SELECT email_verified, activated_at, password_hash FROM account WHERE id = $1`, [accountId]);
      expect(row).toEqual({ email_verified: false, activated_at: null, password_hash: null });
    });

    it('activates with a good password: a working session, the e-mail confirmed, the password stored hashed', async () => {
      const res = await activate(token, PASSWORD);
      expect(res.errors).toBeUndefined();
      const payload = res.data.activateAccount;
      expect(payload.account).toEqual({ id: accountId, login: 'active.moi', email, emailVerified: true, role: 'FAMILY' });
      expect(payload.refreshToken).toEqual(expect.any(String));
      expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const meNow = await expectTokenWorks(app, payload.accessToken);
      expect(meNow).toMatchObject({ id: accountId, emailVerified: true });

      const [row] = await app.dataSource.query(`SELECT password_hash FROM account WHERE id = $1`, [accountId]);
      expect(row.password_hash).not.toContain(PASSWORD);
      expect(row.password_hash).toMatch(/^\$2[aby]\$/);
      expect((await loginOk(app, 'active.moi')).account.id).toBe(accountId);
    });

    it('refuses the same link a second time (INVALID_TOKEN) and keeps the chosen password', async () => {
      expectError(await activate(token, 'Un-Autre-Mot-2026'), 'BAD_USER_INPUT', 'INVALID_TOKEN');
      expectError(await login(app, email, 'Un-Autre-Mot-2026'), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      await loginOk(app, email);
    });

    it('refuses an unknown token (INVALID_TOKEN) and an expired one (TOKEN_EXPIRED)', async () => {
      expectError(await activate('inconnu-' + 'x'.repeat(40)), 'BAD_USER_INPUT', 'INVALID_TOKEN');

      const created = await createFamily(app, staffToken, { email: 'expired@example.org' });
      const expired = linkToken(await app.mailbox.waitFor(created.email), 'activation');
      await app.dataSource.query(`UPDATE account_token SET expires_at = now() - interval '1 minute'`);
      expectError(await activate(expired), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
      const [row] = await app.dataSource.query(`SELECT email_verified, password_hash FROM account WHERE id = $1`, [created.id]);
      expect(row).toEqual({ email_verified: false, password_hash: null });
      expectError(await login(app, created.email), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
    });
  });
});
