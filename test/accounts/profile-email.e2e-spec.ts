import { PASSWORD, TestApp } from '../helpers/test-app';
import {
  activatedFamily,
  expectError,
  expectNoMailTo,
  expectNoPasswordIn,
  expectTokenWorks,
  expireTokens,
  linkToken,
  login,
  loginOk,
  mailCount,
  me,
  Q,
  settle,
} from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** "Modifier mes informations personnelles" and "Modifier mon login (adresse e-mail)". */
describe('profile and login e-mail', () => {
  let app: TestApp;
  let code: string;
  let adminToken: string;
  let n = 0;

  const newFamily = () => {
    n++;
    return activatedFamily(app, code, adminToken, { email: `profil${n}@example.org`, firstName: 'Anne', lastName: `Profil${n}` });
  };
  const update = (token: string, input: Record<string, unknown>) => app.gql(Q.updateProfile, { i: input }, { token });
  const requestChange = (token: string, newEmail: string, currentPassword = PASSWORD) =>
    app.gql(Q.requestEmailChange, { i: { newEmail, currentPassword } }, { token });
  const confirm = (token: string) => app.gql(Q.confirmEmailChange, { i: { token } });

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await app.commune('PROFILVILLE');
    code = commune.code;
    adminToken = commune.adminToken;
  });
  afterAll(() => app.stop());

  describe('updateProfile', () => {
    it('changes name, phone and address; the login and e-mail stay', async () => {
      const fam = await newFamily();
      const res = await update(fam.token, { firstName: ' Anne-Sophie ', lastName: 'Durand', phone: '05.61.50.96.76', address: '12 avenue de la Gare, 31190 Auterive' });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateProfile).toMatchObject({
        id: fam.id,
        login: fam.login,
        email: fam.email,
        firstName: 'Anne-Sophie',
        lastName: 'Durand',
        phone: '05.61.50.96.76',
        address: '12 avenue de la Gare, 31190 Auterive',
      });
      expect(await expectTokenWorks(app, fam.token)).toMatchObject({ firstName: 'Anne-Sophie', lastName: 'Durand', phone: '05.61.50.96.76' });
    });

    it('changes only what is given, and clears the phone when asked', async () => {
      const fam = await newFamily();
      await app.ok(Q.updateProfile, { i: { phone: '0600000000', address: '1 rue Haute' } }, { token: fam.token });
      const onlyPhone = (await app.ok(Q.updateProfile, { i: { phone: '0611111111' } }, { token: fam.token })).updateProfile;
      expect(onlyPhone).toMatchObject({ firstName: 'Anne', phone: '0611111111', address: '1 rue Haute' });
      const cleared = (await app.ok(Q.updateProfile, { i: { phone: null, address: '' } }, { token: fam.token })).updateProfile;
      expect(cleared).toMatchObject({ firstName: 'Anne', phone: null, address: null });
    });

    it('refuses a blank name, a malformed phone, an unknown field, and changes nothing', async () => {
      const fam = await newFamily();
      const before = (await me(app, fam.token)).data.me;
      expect(expectError(await update(fam.token, { firstName: '   ' }), 'BAD_USER_INPUT').extensions.field).toBe('firstName');
      expect(expectError(await update(fam.token, { lastName: '' }), 'BAD_USER_INPUT').extensions.field).toBe('lastName');
      expect(expectError(await update(fam.token, { phone: '<script>' }), 'BAD_USER_INPUT').extensions.field).toBe('phone');
      expect(expectError(await update(fam.token, { address: 'x'.repeat(301) }), 'BAD_USER_INPUT').extensions.field).toBe('address');
      expectError(await update(fam.token, { email: 'ailleurs@example.org' }), 'BAD_USER_INPUT');
      expectError(await update(fam.token, { role: 'ADMIN' }), 'BAD_USER_INPUT');
      expect((await me(app, fam.token)).data.me).toEqual(before);
    });

    it('needs a session', async () => {
      expectError(await update('', { firstName: 'Anonyme' }), 'UNAUTHENTICATED');
    });
  });

  describe('requestEmailChange and confirmEmailChange', () => {
    it('refuses a wrong current password and mails nothing', async () => {
      const fam = await newFamily();
      const err = expectError(await requestChange(fam.token, 'nouvelle.a@example.org', 'Pas-Le-Bon-2026'), 'BAD_USER_INPUT', 'WRONG_PASSWORD');
      expect(err.extensions.field).toBe('currentPassword');
      await expectNoMailTo(app, 'nouvelle.a@example.org');
    });

    it('refuses an address already used in the commune (CONFLICT), its own address, and a malformed one', async () => {
      const fam = await newFamily();
      const other = await newFamily();
      expectError(await requestChange(fam.token, other.email.toUpperCase()), 'CONFLICT', 'EMAIL_TAKEN');
      expectError(await requestChange(fam.token, 'admin@profilville.test'), 'CONFLICT', 'EMAIL_TAKEN');
      expectError(await requestChange(fam.token, fam.email), 'BAD_USER_INPUT');
      expect(expectError(await requestChange(fam.token, 'pas-une-adresse'), 'BAD_USER_INPUT').extensions.field).toBe('newEmail');
      // Nor another account's login identifier (login takes either).
      const chosen = await app.ok(
        Q.createFamilyAccount,
        { i: { email: 'vraie.adresse@example.org', firstName: 'Login', lastName: 'Adresse', login: 'identifiant@example.org' } },
        { token: adminToken },
      );
      expect(chosen.createFamilyAccount.login).toBe('identifiant@example.org');
      expectError(await requestChange(fam.token, 'identifiant@example.org'), 'CONFLICT', 'EMAIL_TAKEN');

      await settle(app);
      expect(mailCount(app, other.email)).toBe(1); // its activation mail only
      expect(mailCount(app, fam.email)).toBe(1);
    });

    it('mails a confirmation link to the new address; the e-mail changes only once confirmed', async () => {
      const fam = await newFamily();
      const res = await requestChange(fam.token, 'Nouvelle.Adresse@Example.org');
      expect(res.errors).toBeUndefined();
      expect(res.data.requestEmailChange).toBe(true);

      const mail = await app.mailbox.waitFor('nouvelle.adresse@example.org');
      expect(mail.text).toContain('http://front.test/confirmation-email?token=');
      expect(mail.text).toContain(fam.login);
      expectNoPasswordIn(mail);
      const token = linkToken(mail, 'confirmation-email');
      await settle(app);
      expect(mailCount(app, fam.email)).toBe(1); // nothing new to the old address

      // Not changed yet.
      expect((await me(app, fam.token)).data.me.email).toBe(fam.email);
      expectError(await login(app, 'nouvelle.adresse@example.org'), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');

      const confirmed = await confirm(token);
      expect(confirmed.errors).toBeUndefined();
      expect(confirmed.data.confirmEmailChange).toEqual({ id: fam.id, login: fam.login, email: 'nouvelle.adresse@example.org', emailVerified: true });
      expect((await me(app, fam.token)).data.me.email).toBe('nouvelle.adresse@example.org');

      expect((await loginOk(app, 'nouvelle.adresse@example.org')).account.id).toBe(fam.id);
      expect((await loginOk(app, 'NOUVELLE.ADRESSE@example.org')).account.id).toBe(fam.id);
      expect((await loginOk(app, fam.login)).account.id).toBe(fam.id);
      expectError(await login(app, fam.email), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');

      // The link works once.
      expectError(await confirm(token), 'BAD_USER_INPUT', 'INVALID_TOKEN');
      // Reset mails now go to the new address.
      await app.ok(Q.requestPasswordReset, { i: { email: 'nouvelle.adresse@example.org' } });
      expect((await app.mailbox.waitFor('nouvelle.adresse@example.org', 2)).text).toContain('/reinitialisation?token=');
    });

    it('voids the reset link mailed to the old address once the new one is confirmed', async () => {
      const fam = await newFamily();
      await app.ok(Q.requestPasswordReset, { i: { email: fam.email } });
      const oldReset = linkToken(await app.mailbox.waitFor(fam.email, 2), 'reinitialisation');
      await requestChange(fam.token, `nouvelle.${fam.email}`);
      const confirmToken = linkToken(await app.mailbox.waitFor(`nouvelle.${fam.email}`), 'confirmation-email');
      expect((await confirm(confirmToken)).errors).toBeUndefined();
      expectError(await app.gql(Q.resetPassword, { i: { token: oldReset, newPassword: 'Un-Autre-Mot-2026' } }), 'BAD_USER_INPUT', 'INVALID_TOKEN');
      expect((await loginOk(app, fam.login)).account.id).toBe(fam.id);
    });

    it('refuses an expired link and keeps the old address', async () => {
      const fam = await newFamily();
      await requestChange(fam.token, 'trop.tard@example.org');
      const token = linkToken(await app.mailbox.waitFor('trop.tard@example.org'), 'confirmation-email');
      await expireTokens(app, fam.id);
      expectError(await confirm(token), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
      expect((await me(app, fam.token)).data.me.email).toBe(fam.email);
      await loginOk(app, fam.email);
    });

    it('only the latest link works', async () => {
      const fam = await newFamily();
      await requestChange(fam.token, 'premiere@example.org');
      const first = linkToken(await app.mailbox.waitFor('premiere@example.org'), 'confirmation-email');
      await requestChange(fam.token, 'seconde@example.org');
      const second = linkToken(await app.mailbox.waitFor('seconde@example.org'), 'confirmation-email');
      expectError(await confirm(first), 'BAD_USER_INPUT', 'INVALID_TOKEN');
      expect((await confirm(second)).data.confirmEmailChange.email).toBe('seconde@example.org');
    });

    it('refuses the confirmation when another account took the address meanwhile (CONFLICT)', async () => {
      const fam = await newFamily();
      await requestChange(fam.token, 'convoitee@example.org');
      const token = linkToken(await app.mailbox.waitFor('convoitee@example.org'), 'confirmation-email');
      await app.ok(Q.createFamilyAccount, { i: { email: 'convoitee@example.org', firstName: 'Autre', lastName: 'Famille' } }, { token: adminToken });
      expectError(await confirm(token), 'CONFLICT', 'EMAIL_TAKEN');
      expect((await me(app, fam.token)).data.me.email).toBe(fam.email);
    });

    it('needs a session to ask, and a link of the right kind to confirm', async () => {
      expectError(await app.gql(Q.requestEmailChange, { i: { newEmail: 'anonyme@example.org', currentPassword: PASSWORD } }), 'UNAUTHENTICATED');
      const fam = await newFamily();
      await app.ok(Q.requestPasswordReset, { i: { email: fam.email } });
      const resetToken = linkToken(await app.mailbox.waitFor(fam.email, 2), 'reinitialisation');
      expectError(await confirm(resetToken), 'BAD_USER_INPUT', 'INVALID_TOKEN');
    });
  });
});
