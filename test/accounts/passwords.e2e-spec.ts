import { PASSWORD, TestApp } from '../helpers/test-app';
import {
  activatedFamily,
  createFamily,
  expectError,
  expectNoMailTo,
  expectNoPasswordIn,
  expectTokenRefused,
  expectTokenWorks,
  expireTokens,
  linkToken,
  login,
  loginOk,
  mailCount,
  Q,
  settle,
} from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

const NEW_PASSWORD = 'Nouveau-Secret-Cantine-42';

/** Changing a password, and "Identifiant ou mot de passe oublié". */
describe('passwords', () => {
  let app: TestApp;
  let code: string;
  let adminToken: string;
  let n = 0;

  const newFamily = () => {
    n++;
    return activatedFamily(app, code, adminToken, { email: `pwd${n}@example.org`, firstName: 'Luc', lastName: `Motdepasse${n}` });
  };
  const change = (token: string, currentPassword: string, newPassword: string, newPasswordConfirmation = newPassword) =>
    app.gql(Q.changePassword, { i: { currentPassword, newPassword, newPasswordConfirmation } }, { token });
  const requestReset = (email: string) => app.gql(Q.requestPasswordReset, { i: { email } });
  const reset = (token: string, newPassword = NEW_PASSWORD) => app.gql(Q.resetPassword, { i: { token, newPassword } });
  /** Asks for a reset and returns the token of the n-th mail received. */
  const resetLink = async (email: string, nth: number) => {
    const res = await requestReset(email);
    expect(res.data).toEqual({ requestPasswordReset: true });
    return linkToken(await app.mailbox.waitFor(email, nth), 'reinitialisation');
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await app.commune('MDPVILLE');
    code = commune.code;
    adminToken = commune.adminToken;
  });
  afterAll(() => app.stop());

  describe('changePassword', () => {
    it('refuses a confirmation that does not match (PASSWORD_MISMATCH) and changes nothing', async () => {
      const fam = await newFamily();
      const err = expectError(await change(fam.token, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + 'x'), 'BAD_USER_INPUT', 'PASSWORD_MISMATCH');
      expect(err.extensions.field).toBe('newPasswordConfirmation');
      await expectTokenWorks(app, fam.token);
      await loginOk(app, fam.login, PASSWORD);
      expectError(await login(app, fam.login, NEW_PASSWORD), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
    });

    it('refuses a wrong current password (WRONG_PASSWORD) and changes nothing', async () => {
      const fam = await newFamily();
      const err = expectError(await change(fam.token, 'Pas-Le-Bon-2026', NEW_PASSWORD), 'BAD_USER_INPUT', 'WRONG_PASSWORD');
      expect(err.extensions.field).toBe('currentPassword');
      await expectTokenWorks(app, fam.token);
      await loginOk(app, fam.login, PASSWORD);
      expectError(await login(app, fam.login, NEW_PASSWORD), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
    });

    it('refuses a weak new password and the current one again', async () => {
      const fam = await newFamily();
      for (const weak of ['court', 'motdepasse123']) {
        expect(expectError(await change(fam.token, PASSWORD, weak), 'BAD_USER_INPUT', 'WEAK_PASSWORD').extensions.field).toBe('newPassword');
      }
      expectError(await change(fam.token, PASSWORD, PASSWORD), 'BAD_USER_INPUT');
      await expectTokenWorks(app, fam.token);
      await loginOk(app, fam.login, PASSWORD);
    });

    it('changes the password: every session ends, the new password logs in, the old one no longer', async () => {
      const fam = await newFamily();
      const other = await loginOk(app, fam.email);
      const res = await change(fam.token, PASSWORD, NEW_PASSWORD);
      expect(res.errors).toBeUndefined();
      expect(res.data.changePassword).toBe(true);

      await expectTokenRefused(app, fam.token);
      await expectTokenRefused(app, other.accessToken);
      expectError(await app.gql(Q.refresh, { i: { refreshToken: other.refreshToken } }), 'UNAUTHENTICATED');
      expectError(await app.gql(Q.refresh, { i: { refreshToken: fam.refreshToken } }), 'UNAUTHENTICATED');

      expectError(await login(app, fam.login, PASSWORD), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      await expectTokenWorks(app, (await loginOk(app, fam.login, NEW_PASSWORD)).accessToken);
    });

    it('needs a session', async () => {
      expectError(await app.gql(Q.changePassword, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD } }), 'UNAUTHENTICATED');
    });
  });

  describe('requestPasswordReset', () => {
    it('answers the same for a known and an unknown address, and mails only the known one', async () => {
      const fam = await newFamily();
      const known = await requestReset(fam.email);
      const unknown = await requestReset('personne@example.org');
      expect(known.errors).toBeUndefined();
      expect(known.data).toEqual({ requestPasswordReset: true });
      expect(unknown).toEqual(known);

      const mail = await app.mailbox.waitFor(fam.email, 2); // the first was the activation mail
      expect(mail.subject).toMatch(/identifiants/i);
      expect(mail.text).toContain(fam.login);
      expect(mail.html).toContain(fam.login);
      expect(mail.text).toContain('http://front.test/reinitialisation?domaine=MDPVILLE&token=');
      linkToken(mail, 'reinitialisation');
      expectNoPasswordIn(mail);

      await expectNoMailTo(app, 'personne@example.org');
      expect(mailCount(app, fam.email)).toBe(2);
    });

    it('finds the account whatever the case of the address typed', async () => {
      const fam = await newFamily();
      await requestReset(fam.email.toUpperCase());
      const mail = await app.mailbox.waitFor(fam.email, 2);
      expect(mail.text).toContain(fam.login);
    });

    it('refuses something that is not an e-mail address', async () => {
      expect(expectError(await requestReset('pas-une-adresse'), 'BAD_USER_INPUT').extensions.field).toBe('email');
    });
  });

  describe('resetPassword', () => {
    it('sets a new password once: sessions end, the new password works, the old one and the link no longer', async () => {
      const fam = await newFamily();
      const other = await loginOk(app, fam.login);
      const token = await resetLink(fam.email, 2);

      const res = await reset(token);
      expect(res.errors).toBeUndefined();
      expect(res.data.resetPassword).toBe(true);

      await expectTokenRefused(app, fam.token);
      await expectTokenRefused(app, other.accessToken);
      expectError(await login(app, fam.login, PASSWORD), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      await expectTokenWorks(app, (await loginOk(app, fam.email, NEW_PASSWORD)).accessToken);

      expectError(await reset(token, 'Encore-Un-Autre-2026'), 'BAD_USER_INPUT', 'INVALID_TOKEN');
      expectError(await login(app, fam.login, 'Encore-Un-Autre-2026'), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
      await loginOk(app, fam.login, NEW_PASSWORD);
    });

    it('refuses a weak password without using up the link', async () => {
      const fam = await newFamily();
      const token = await resetLink(fam.email, 2);
      for (const weak of ['court', 'azerty123456']) {
        expect(expectError(await reset(token, weak), 'BAD_USER_INPUT', 'WEAK_PASSWORD').extensions.field).toBe('newPassword');
      }
      await loginOk(app, fam.login, PASSWORD);
      expect((await reset(token)).data.resetPassword).toBe(true);
      await loginOk(app, fam.login, NEW_PASSWORD);
    });

    it('refuses an expired link (TOKEN_EXPIRED) and keeps the password', async () => {
      const fam = await newFamily();
      const token = await resetLink(fam.email, 2);
      await expireTokens(app, fam.id);
      expectError(await reset(token), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
      await expectTokenWorks(app, fam.token);
      await loginOk(app, fam.login, PASSWORD);
      expectError(await login(app, fam.login, NEW_PASSWORD), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
    });

    it('only the latest link works; links of other kinds and made-up ones do not', async () => {
      const fam = await newFamily();
      const first = await resetLink(fam.email, 2);
      const second = await resetLink(fam.email, 3);
      expect(second).not.toBe(first);
      expectError(await reset(first), 'BAD_USER_INPUT', 'INVALID_TOKEN');
      expectError(await reset('invente-' + 'a'.repeat(40)), 'BAD_USER_INPUT', 'INVALID_TOKEN');

      // An activation link is not a reset link.
      const pending = await createFamily(app, adminToken, { email: 'pending.reset@example.org' });
      const activation = linkToken(await app.mailbox.waitFor(pending.email), 'activation');
      expectError(await reset(activation), 'BAD_USER_INPUT', 'INVALID_TOKEN');

      expect((await reset(second)).data.resetPassword).toBe(true);
      await loginOk(app, fam.login, NEW_PASSWORD);
    });

    it('a family that never activated its account can set its password through a reset link', async () => {
      const pending = await createFamily(app, adminToken, { email: 'jamais.active@example.org' });
      const activation = linkToken(await app.mailbox.waitFor(pending.email), 'activation');
      const token = await resetLink(pending.email, 2);
      expect((await reset(token)).data.resetPassword).toBe(true);
      const session = await loginOk(app, pending.login, NEW_PASSWORD);
      expect(session.account.emailVerified).toBe(true);
      // The activation link still in the mailbox no longer sets a password.
      const late = await app.gql(`mutation($i: ActivateAccountInput!) { activateAccount(input: $i) { accessToken } }`, {
        i: { token: activation, password: 'Encore-Un-Autre-2026' },
      });
      expectError(late, 'BAD_USER_INPUT', 'INVALID_TOKEN');
      expect((await loginOk(app, pending.login, NEW_PASSWORD)).account.id).toBe(pending.id);
      await settle(app);
    });
  });
});
