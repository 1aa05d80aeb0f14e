import { randomUUID } from 'node:crypto';
import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedFamily, activatedStaff, expectError, expectTokenRefused, expectTokenWorks, linkToken, login, loginOk, Q, settle } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** SPEC §2 Accounts: ADMIN edit, deactivate and reactivate staff accounts; staff get staff wording in their mails. */
describe('staff accounts: editing, deactivating, staff wording', () => {
  let app: TestApp;
  let code: string;
  let adminToken: string;
  let adminId: string;
  let otherAdminToken: string;

  const update = (input: Record<string, unknown>, token: string) => app.gql(Q.updateStaffAccount, { i: input }, { token });
  const refresh = (refreshToken: string) => app.gql(Q.refresh, { i: { refreshToken } });
  const row = async (id: string) => (await app.dataSource.query(`SELECT first_name, last_name, role, active FROM account WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await app.commune('AGENTVILLE');
    code = commune.code;
    adminToken = commune.adminToken;
    adminId = (await expectTokenWorks(app, adminToken)).id;
    otherAdminToken = (await activatedStaff(app, code, adminToken, 'adjointe@agentville.test', 'ADMIN')).token;
  });
  afterAll(() => app.stop());

  it('a staff account’s activation mail speaks of « votre compte agent » and links to the back-office, never the families’ text', async () => {
    await app.ok(Q.createStaffAccount, { i: { email: 'nina.cantine@agentville.test', firstName: 'Nina', lastName: 'Cantine', role: 'STAFF' } }, { token: adminToken });
    const mail = await app.mailbox.waitFor('nina.cantine@agentville.test');
    expect(mail.subject).toContain('compte agent');
    expect(mail.text).toContain('compte agent (Agent)');
    expect(mail.text).toContain('votre compte agent');
    expect(mail.text).toContain('http://front.test/agents');
    expect(mail.text).not.toContain('demande d’inscription');
    expect(mail.text).not.toContain('Portail Famille. Afin');
    linkToken(mail, 'agents/activation');
    // The password-reset mail of a staff account speaks of it too.
    await app.ok(Q.activate, { i: { token: linkToken(mail, 'agents/activation'), password: PASSWORD } });
    await app.ok(Q.requestPasswordReset, { i: { email: 'nina.cantine@agentville.test' } });
    await settle(app);
    const reset = await app.mailbox.waitFor('nina.cantine@agentville.test', 2);
    expect(reset.text).toContain('votre compte agent');
    expect(reset.text).toContain('http://front.test/agents');
  });

  it('a family’s activation mail keeps the families’ text', async () => {
    const staff = await activatedStaff(app, code, adminToken, 'accueil@agentville.test');
    await activatedFamily(app, code, staff.token, { email: 'famille@agentville.test' });
    const mail = app.mailbox.to('famille@agentville.test')[0];
    expect(mail.text).toContain('aucune demande d’inscription');
    expect(mail.text).not.toContain('compte agent');
  });

  it('an ADMIN renames an agent and makes them ADMIN, then STAFF again', async () => {
    const agent = await activatedStaff(app, code, adminToken, 'renomme@agentville.test');
    const res = await update({ accountId: agent.id, firstName: ' Jeanne ', lastName: 'Martin', role: 'ADMIN' }, adminToken);
    expect(res.errors).toBeUndefined();
    expect(res.data.updateStaffAccount).toEqual({ id: agent.id, firstName: 'Jeanne', lastName: 'Martin', role: 'ADMIN', active: true });
    expect((await expectTokenWorks(app, agent.token)).role).toBe('ADMIN');
    expect((await update({ accountId: agent.id, role: 'STAFF' }, adminToken)).data.updateStaffAccount.role).toBe('STAFF');
  });

  it('a deactivated agent cannot log in (French message), is refused at once and its refresh token too; reactivated, logs in again', async () => {
    const agent = await activatedStaff(app, code, adminToken, 'depart@agentville.test');
    const session = await loginOk(app, agent.login);
    expect((await update({ accountId: agent.id, active: false }, adminToken)).data.updateStaffAccount.active).toBe(false);
    await expectTokenRefused(app, agent.token);
    await expectTokenRefused(app, session.accessToken);
    expectError(await refresh(session.refreshToken), 'UNAUTHENTICATED');
    const refused = expectError(await login(app, agent.login), 'UNAUTHENTICATED', 'ACCOUNT_DISABLED');
    expect(refused.message).toBe('Ce compte a été désactivé. Adressez-vous à un administrateur de la mairie.');
    // A wrong password is answered as for anyone: the state is told only to who knows the password.
    expectError(await login(app, agent.login, 'pas-le-bon-mot-de-passe'), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
    // No reset link for it (the answer is the same as for anyone), and no activation mail sent again.
    await app.ok(Q.requestPasswordReset, { i: { email: agent.email } });
    await settle(app);
    expect(app.mailbox.to(agent.email)).toHaveLength(1);
    expectError(await app.gql(Q.resendActivation, { i: { accountId: agent.id } }, { token: adminToken }), 'CONFLICT');

    expect((await update({ accountId: agent.id, active: true }, adminToken)).data.updateStaffAccount.active).toBe(true);
    await expectTokenWorks(app, (await loginOk(app, agent.login)).accessToken);
  });

  it('an ADMIN can neither deactivate nor demote themselves; the last active ADMIN stays', async () => {
    expectError(await update({ accountId: adminId, active: false }, adminToken), 'BAD_USER_INPUT', 'CANNOT_DEACTIVATE_SELF');
    expectError(await update({ accountId: adminId, role: 'STAFF' }, adminToken), 'BAD_USER_INPUT', 'CANNOT_DEMOTE_SELF');
    expect(await row(adminId)).toMatchObject({ role: 'ADMIN', active: true });
    // Renaming oneself is fine.
    expect((await update({ accountId: adminId, firstName: 'Maire' }, adminToken)).data.updateStaffAccount.firstName).toBe('Maire');

    const other = await expectTokenWorks(app, otherAdminToken);
    const demoted = await update({ accountId: other.id, role: 'STAFF' }, adminToken);
    expect(demoted.errors).toBeUndefined();
    // Now the first ADMIN is the only one: nobody can remove them, and they cannot themselves.
    expect(await row(adminId)).toMatchObject({ role: 'ADMIN', active: true });
    const last = expectError(await update({ accountId: adminId, role: 'STAFF' }, adminToken), 'BAD_USER_INPUT');
    expect(last.message).toMatch(/administrateur/);
    await update({ accountId: other.id, role: 'ADMIN' }, adminToken);
  });

  it('STAFF and families are refused; another commune’s account and a family account are NOT_FOUND; bad input changes nothing', async () => {
    const agent = await activatedStaff(app, code, adminToken, 'simple@agentville.test');
    expectError(await update({ accountId: adminId, active: false }, agent.token), 'FORBIDDEN');
    expectError(await update({ accountId: agent.id, role: 'ADMIN' }, agent.token), 'FORBIDDEN');
    expect(await row(agent.id)).toMatchObject({ role: 'STAFF', active: true });

    const elsewhere = await app.commune('AILLEURS');
    const theirs = await activatedStaff(app, elsewhere.code, elsewhere.adminToken, 'agent@ailleurs.test');
    expectError(await update({ accountId: theirs.id, active: false }, adminToken), 'NOT_FOUND');
    expect(await row(theirs.id)).toMatchObject({ active: true });
    expectError(await update({ accountId: randomUUID(), active: false }, adminToken), 'NOT_FOUND');
    const family = await activatedFamily(app, code, agent.token, { email: 'pas.agent@agentville.test' });
    expectError(await update({ accountId: family.id, active: false }, adminToken), 'NOT_FOUND');

    expect(expectError(await update({ accountId: agent.id, role: 'FAMILY' }, adminToken), 'BAD_USER_INPUT', 'INVALID_ROLE').message).toMatch(/Agent ou Administrateur/);
    expectError(await update({ accountId: agent.id, firstName: '   ' }, adminToken), 'BAD_USER_INPUT');
    expect(await row(agent.id)).toMatchObject({ first_name: 'Agent', role: 'STAFF', active: true });
  });
});
