import { randomUUID } from 'node:crypto';
import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedFamily, activatedStaff, createFamily, expectError, expectNoMailTo, expectNoPasswordIn, expectTokenWorks, linkToken, loginOk, Q } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/** Who may open which account: ADMIN opens staff accounts, STAFF and ADMIN open family accounts. */
describe('staff accounts and roles', () => {
  let app: TestApp;
  let code: string;
  let adminToken: string;
  let staffToken: string;
  let family: Awaited<ReturnType<typeof activatedFamily>>;

  const createStaff = (input: Record<string, unknown>, token?: string) => app.gql(Q.createStaffAccount, { i: input }, { token });
  const accountsWithEmail = async (email: string) => Number((await app.dataSource.query(`SELECT count(*)::int AS n FROM account WHERE email = $1`, [email]))[0].n);

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await app.commune('STAFFVILLE');
    code = commune.code;
    adminToken = commune.adminToken;
    staffToken = (await activatedStaff(app, code, adminToken, 'agent@staffville.test')).token;
    family = await activatedFamily(app, code, staffToken, { email: 'famille@staffville.test', firstName: 'Claire', lastName: 'Famille' });
  });
  afterAll(() => app.stop());

  it('an ADMIN opens a STAFF account: activation mail with the login, then a STAFF session without family', async () => {
    const res = await createStaff({ email: 'Lucie.Agent@Staffville.test', firstName: 'Lucie', lastName: 'Agent', role: 'STAFF' }, adminToken);
    expect(res.errors).toBeUndefined();
    expect(res.data.createStaffAccount).toEqual({
      id: expect.any(String),
      login: 'lucie.agent',
      email: 'lucie.agent@staffville.test',
      emailVerified: false,
      role: 'STAFF',
      firstName: 'Lucie',
      lastName: 'Agent',
      phone: null,
      address: null,
      family: null,
    });
    const mail = await app.mailbox.waitFor('lucie.agent@staffville.test');
    expect(mail.text).toContain('lucie.agent');
    expectNoPasswordIn(mail);
    const act = await app.ok(Q.activate, { i: { token: linkToken(mail, 'agents/activation'), password: PASSWORD } });
    expect(act.activateAccount.account).toMatchObject({ role: 'STAFF', emailVerified: true });
    const session = await loginOk(app, 'lucie.agent');
    expect(session.account).toMatchObject({ role: 'STAFF', family: null });
    // The new agent works: opens a family account.
    const opened = await createFamily(app, session.accessToken, { email: 'ouverte.par.lucie@example.org' });
    expect(opened.login).toEqual(expect.any(String));
  });

  it('an ADMIN opens another ADMIN, who can open staff accounts in turn', async () => {
    const second = await activatedStaff(app, code, adminToken, 'adjoint@staffville.test', 'ADMIN');
    expect((await expectTokenWorks(app, second.token)).role).toBe('ADMIN');
    const res = await createStaff({ email: 'recrue@staffville.test', firstName: 'Recrue', lastName: 'Nouvelle', role: 'STAFF' }, second.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.createStaffAccount.role).toBe('STAFF');
  });

  it('a STAFF agent cannot open staff accounts (FORBIDDEN): nothing is created, no mail', async () => {
    for (const role of ['STAFF', 'ADMIN']) {
      const email = `escalade.${role.toLowerCase()}@staffville.test`;
      expectError(await createStaff({ email, firstName: 'Esca', lastName: 'Lade', role }, staffToken), 'FORBIDDEN');
      expect(await accountsWithEmail(email)).toBe(0);
      await expectNoMailTo(app, email);
    }
  });

  it('a family cannot open any account nor resend activations (FORBIDDEN)', async () => {
    expectError(await createStaff({ email: 'fam.staff@staffville.test', firstName: 'A', lastName: 'B', role: 'ADMIN' }, family.token), 'FORBIDDEN');
    expectError(await app.gql(Q.createFamilyAccount, { i: { email: 'fam.fam@staffville.test', firstName: 'A', lastName: 'B' } }, { token: family.token }), 'FORBIDDEN');
    const pending = await createFamily(app, staffToken, { email: 'pending@staffville.test' });
    await app.mailbox.waitFor(pending.email);
    expectError(await app.gql(Q.resendActivation, { i: { accountId: pending.id } }, { token: family.token }), 'FORBIDDEN');
    expect(await accountsWithEmail('fam.staff@staffville.test')).toBe(0);
    expect(await accountsWithEmail('fam.fam@staffville.test')).toBe(0);
    await expectNoMailTo(app, 'fam.fam@staffville.test');
    expect(app.mailbox.to(pending.email)).toHaveLength(1);
  });

  it('anonymous callers are asked to log in (UNAUTHENTICATED) for every staff operation', async () => {
    expectError(await createStaff({ email: 'anon1@staffville.test', firstName: 'A', lastName: 'B', role: 'STAFF' }), 'UNAUTHENTICATED');
    expectError(await app.gql(Q.createFamilyAccount, { i: { email: 'anon2@staffville.test', firstName: 'A', lastName: 'B' } }), 'UNAUTHENTICATED');
    expectError(await app.gql(Q.resendActivation, { i: { accountId: randomUUID() } }), 'UNAUTHENTICATED');
    expect(await accountsWithEmail('anon1@staffville.test')).toBe(0);
    expect(await accountsWithEmail('anon2@staffville.test')).toBe(0);
  });

  it('refuses the FAMILY role for a staff account, naming the field', async () => {
    const err = expectError(await createStaff({ email: 'role.famille@staffville.test', firstName: 'A', lastName: 'B', role: 'FAMILY' }, adminToken), 'BAD_USER_INPUT', 'INVALID_ROLE');
    expect(err.extensions.field).toBe('role');
    expect(err.message).toMatch(/^Un compte agent a le rôle Agent ou Administrateur/);
    expect(await accountsWithEmail('role.famille@staffville.test')).toBe(0);
    await expectNoMailTo(app, 'role.famille@staffville.test');
  });

  it('refuses a role outside the enum, a bad e-mail and an e-mail already used by a family', async () => {
    expectError(await createStaff({ email: 'root@staffville.test', firstName: 'A', lastName: 'B', role: 'ROOT' }, adminToken), 'BAD_USER_INPUT');
    expect(expectError(await createStaff({ email: 'pas-une-adresse', firstName: 'A', lastName: 'B', role: 'STAFF' }, adminToken), 'BAD_USER_INPUT').extensions.field).toBe('email');
    expectError(await createStaff({ email: 'FAMILLE@staffville.test', firstName: 'A', lastName: 'B', role: 'STAFF' }, adminToken), 'CONFLICT', 'EMAIL_TAKEN');
    expect(await accountsWithEmail('root@staffville.test')).toBe(0);
    expect(await accountsWithEmail('famille@staffville.test')).toBe(1);
  });

  it('a family session sees its own account with its family, staff ones none', async () => {
    const mine = await expectTokenWorks(app, family.token);
    expect(mine).toMatchObject({ id: family.id, role: 'FAMILY', login: 'claire.famille', family: { id: family.familyId } });
    expect((await expectTokenWorks(app, staffToken)).family).toBeNull();
  });
});
