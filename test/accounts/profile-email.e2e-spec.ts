import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedFamily, expectError, expectNoMailTo, expectNoPasswordIn, expectTokenWorks, expireTokens, linkToken, login, loginOk, mailCount, me, Q, settle } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** RATE_LIMIT_MAX's default: e-mail-change requests per account and per requested address in 15 minutes. */
const LIMIT = 10;
/** E-mail-change requests per client address in 15 minutes. */
const ADDRESS_LIMIT = 100;

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
  const requestChange = (token: string, newEmail: string, currentPassword = PASSWORD, ip?: string) => app.gql(Q.requestEmailChange, { i: { newEmail, currentPassword } }, { token, ip });
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

    it('answers an address already used in the commune exactly like a free one, and tells that address by mail instead (no link)', async () => {
      const fam = await newFamily();
      const other = await newFamily();
      const taken = await requestChange(fam.token, other.email.toUpperCase());
      const free = await requestChange(fam.token, 'encore.libre@example.org');
      expect(taken.data).toEqual({ requestEmailChange: true });
      expect(taken).toEqual(free);

      const notice = await app.mailbox.waitFor(other.email, 2);
      expect(notice.subject).toMatch(/adresse/i);
      expect(notice.text).toContain('Une demande d’utilisation de votre adresse');
      expect(notice.text).toContain(other.email);
      // Nothing to click, and nothing about the requester.
      expect(notice.text).not.toMatch(/https?:\/\/|token=/);
      expect(notice.html).not.toMatch(/href=|token=/);
      for (const part of [notice.text, notice.html]) {
        expect(part).not.toContain(fam.email);
        expect(part).not.toContain(fam.login);
        expect(part).not.toContain(other.login);
      }
      expectNoPasswordIn(notice);
      expect((await app.mailbox.waitFor('encore.libre@example.org')).text).toContain('/confirmation-email?domaine=PROFILVILLE&token=');

      // The administrator's address, and another account's login identifier (login takes either): the same.
      expect((await requestChange(fam.token, 'admin@profilville.test')).data).toEqual({ requestEmailChange: true });
      expect((await app.mailbox.waitFor('admin@profilville.test', 2)).text).toContain('Une demande d’utilisation de votre adresse');
      const chosen = await app.ok(
        Q.createFamilyAccount,
        { i: { email: 'vraie.adresse@example.org', firstName: 'Login', lastName: 'Adresse', login: 'identifiant@example.org' } },
        { token: adminToken },
      );
      expect(chosen.createFamilyAccount.login).toBe('identifiant@example.org');
      expect((await requestChange(fam.token, 'identifiant@example.org')).data).toEqual({ requestEmailChange: true });
      expect((await app.mailbox.waitFor('identifiant@example.org')).text).toContain('Une demande d’utilisation de votre adresse');

      await settle(app);
      expect(mailCount(app, other.email)).toBe(2); // its activation mail and the notice
      expect(mailCount(app, 'identifiant@example.org')).toBe(1);
      expect(mailCount(app, 'vraie.adresse@example.org')).toBe(1);
      expect(mailCount(app, fam.email)).toBe(1); // nothing new for the requester
      // Nothing changed for anyone, and no link was issued for a taken address.
      expect((await me(app, fam.token)).data.me.email).toBe(fam.email);
      expect((await me(app, other.token)).data.me.email).toBe(other.email);
      const links = await app.dataSource.query(`SELECT new_email FROM account_token WHERE account_id = $1 AND purpose = 'EMAIL_CHANGE'`, [fam.id]);
      expect(links.map((l: { new_email: string }) => l.new_email)).toEqual(['encore.libre@example.org']);
    });

    it('refuses its own address and a malformed one', async () => {
      const fam = await newFamily();
      expectError(await requestChange(fam.token, fam.email), 'BAD_USER_INPUT');
      expect(expectError(await requestChange(fam.token, 'pas-une-adresse'), 'BAD_USER_INPUT').extensions.field).toBe('newEmail');
      await settle(app);
      expect(mailCount(app, fam.email)).toBe(1);
    });

    it('mails a confirmation link to the new address; the e-mail changes only once confirmed', async () => {
      const fam = await newFamily();
      const res = await requestChange(fam.token, 'Nouvelle.Adresse@Example.org');
      expect(res.errors).toBeUndefined();
      expect(res.data.requestEmailChange).toBe(true);

      const mail = await app.mailbox.waitFor('nouvelle.adresse@example.org');
      expect(mail.text).toContain('http://front.test/confirmation-email?domaine=PROFILVILLE&token=');
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
      expect((await app.mailbox.waitFor('nouvelle.adresse@example.org', 2)).text).toContain('/reinitialisation?domaine=PROFILVILLE&token=');
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

    describe('limits', () => {
      it('per account: 10 requests in 15 minutes, taken and free addresses alike; beyond, TOO_MANY_REQUESTS and no mail', async () => {
        const fam = await newFamily();
        const other = await newFamily();
        for (let i = 0; i < LIMIT; i++) {
          expect((await requestChange(fam.token, i % 2 ? other.email : `limite${i}@example.org`)).data).toEqual({ requestEmailChange: true });
        }
        expectError(await requestChange(fam.token, 'une.de.trop@example.org'), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
        expectError(await requestChange(fam.token, other.email), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
        // The password is still checked first.
        expectError(await requestChange(fam.token, 'une.de.trop@example.org', 'Pas-Le-Bon-2026'), 'BAD_USER_INPUT', 'WRONG_PASSWORD');
        await settle(app);
        expect(mailCount(app, 'une.de.trop@example.org')).toBe(0);
        expect(mailCount(app, other.email)).toBe(1 + LIMIT / 2);
      });

      it('per requested address: whoever asks, one mailbox gets 10 such mails in 15 minutes', async () => {
        const [a, b, c] = [await newFamily(), await newFamily(), await newFamily()];
        const target = 'boite.visee@example.org';
        for (let i = 0; i < LIMIT; i++) {
          expect((await requestChange(i < 6 ? a.token : b.token, target)).data).toEqual({ requestEmailChange: true });
        }
        expectError(await requestChange(c.token, target.toUpperCase()), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
        await settle(app);
        expect(mailCount(app, target)).toBe(LIMIT);
        // c can still ask for another address.
        expect((await requestChange(c.token, 'autre.boite@example.org')).data).toEqual({ requestEmailChange: true });
      });

      it('per client address: 100 in 15 minutes from one address', async () => {
        const ip = '198.51.100.7';
        const families: Array<Awaited<ReturnType<typeof newFamily>>> = [];
        for (let f = 0; f < 12; f++) families.push(await newFamily());
        for (let i = 0; i < ADDRESS_LIMIT; i += 4) {
          const batch = Array.from({ length: 4 }, (_, j) => i + j);
          const results = await Promise.all(batch.map((k) => requestChange(families[k % 12].token, `depuis.mairie${k}@example.org`, PASSWORD, ip)));
          expect(results.map((r) => r.errors?.[0]?.extensions.code ?? 'OK')).toEqual(batch.map(() => 'OK'));
        }
        expectError(await requestChange(families[0].token, 'une.de.plus@example.org', PASSWORD, ip), 'TOO_MANY_REQUESTS', 'RATE_LIMITED');
        expect((await requestChange(families[0].token, 'une.de.plus@example.org')).data).toEqual({ requestEmailChange: true });
      }, 150_000); // a hundred password checks and mails
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
