import { activatedFamily, activatedStaff, expectNoPasswordIn, linkToken, Q, settle } from '../helpers/accounts';
import { CapturedMail } from '../helpers/mailbox';
import { PASSWORD, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * SPEC §2 Accounts: a password change or reset, and an e-mail change, are told by mail to the
 * account's (previous) address, with what to do if it was not its owner.
 */
describe('account security notices', () => {
  let app: TestApp;
  let code: string;
  let adminToken: string;
  const NEW_PASSWORD = 'Nouveau-Secret-Cantine-2027';

  beforeAll(async () => {
    app = await TestApp.start();
    ({ code, adminToken } = await app.commune('AVIS', 'Mairie d’Avis'));
  });
  afterAll(() => app?.stop());

  const notices = (address: string, subject: RegExp) => app.mailbox.to(address).filter((m) => subject.test(m.subject));
  const expectIfNotYou = (mail: CapturedMail) => {
    for (const part of [mail.text, mail.html]) {
      expect(part).toMatch(/Si ce n(’|'|&#x27;)est pas vous/);
      expect(part).toContain('Mairie d’Avis');
    }
  };

  it('a password changed from « Mon compte »: the account’s address is told, with what to do if it was not its owner', async () => {
    const fam = await activatedFamily(app, code, adminToken, { email: 'change.mdp@avis.test' });
    await settle(app);
    const res = await app.gql(Q.changePassword, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD } }, { token: fam.token });
    expect(res.errors).toBeUndefined();
    await settle(app);
    const [mail, ...more] = notices(fam.email, /mot de passe a été changé/);
    expect(more).toHaveLength(0);
    expect(mail.subject).toBe('Portail Famille — votre mot de passe a été changé');
    expect(mail.text).toContain(`identifiant : ${fam.login}`);
    expect(mail.text).toContain('votre compte du Portail Famille');
    expect(mail.text).toMatch(/Identifiant ou mot de passe oublié/);
    expectIfNotYou(mail);
    expectNoPasswordIn(mail, NEW_PASSWORD);
  });

  it('a refused change (wrong current password) tells nothing', async () => {
    const fam = await activatedFamily(app, code, adminToken, { email: 'refus.mdp@avis.test' });
    const res = await app.gql(Q.changePassword, { i: { currentPassword: 'pas-le-bon', newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD } }, { token: fam.token });
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    await settle(app);
    expect(notices(fam.email, /mot de passe a été/)).toHaveLength(0);
  });

  it('a password reset from the « oublié » link: told too; a staff account gets staff wording', async () => {
    const agent = await activatedStaff(app, code, adminToken, 'agent.reset@avis.test');
    expect((await app.gql(Q.requestPasswordReset, { i: { email: agent.email } }, { commune: code })).errors).toBeUndefined();
    await settle(app);
    const link = app.mailbox.to(agent.email).find((m) => /identifiants/.test(m.subject))!;
    const res = await app.gql(Q.resetPassword, { i: { token: linkToken(link, 'reinitialisation'), newPassword: NEW_PASSWORD } }, { commune: code });
    expect(res.errors).toBeUndefined();
    await settle(app);
    const [mail, ...more] = notices(agent.email, /mot de passe a été réinitialisé/);
    expect(more).toHaveLength(0);
    expect(mail.text).toContain('votre compte agent');
    expect(mail.text).not.toContain('Portail Famille (identifiant');
    expect(mail.text).toMatch(/réinitialisé depuis le lien « Identifiant ou mot de passe oublié/);
    expectIfNotYou(mail);
    expectNoPasswordIn(mail, NEW_PASSWORD);
  });

  it('an e-mail change: the previous address is told, naming the new one, once the change is confirmed', async () => {
    const fam = await activatedFamily(app, code, adminToken, { email: 'ancienne@avis.test' });
    const newEmail = 'nouvelle@avis.test';
    expect((await app.gql(Q.requestEmailChange, { i: { newEmail, currentPassword: PASSWORD } }, { token: fam.token })).errors).toBeUndefined();
    await settle(app);
    // Asking is not changing: nothing told yet.
    expect(notices(fam.email, /adresse e-mail de votre compte a été changée/)).toHaveLength(0);
    const link = await app.mailbox.waitFor(newEmail);
    const confirmed = await app.gql(Q.confirmEmailChange, { i: { token: linkToken(link, 'confirmation-email') } });
    expect(confirmed.data.confirmEmailChange.email).toBe(newEmail);
    await settle(app);
    const [mail, ...more] = notices(fam.email, /adresse e-mail de votre compte a été changée/);
    expect(more).toHaveLength(0);
    expect(mail.text).toContain(newEmail);
    expect(mail.text).toMatch(/Contactez sans attendre Mairie d’Avis/);
    expectIfNotYou(mail);
    expect(notices(newEmail, /a été changée/)).toHaveLength(0);
  });
});
