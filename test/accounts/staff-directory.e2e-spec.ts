import { activatedFamily, activatedStaff, expectError, Q } from '../helpers/accounts';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const STAFF_ACCOUNTS = `query { staffAccounts { id login email emailVerified role firstName lastName family { id } } }`;

/** The ADMIN's « Agents »: the commune's staff and administrators, by name. */
describe('staffAccounts', () => {
  let app: TestApp;
  let adminToken: string;
  let staffToken: string;
  let familyToken: string;
  let otherAdminToken: string;

  const names = (accounts: Array<{ firstName: string; lastName: string }>) => accounts.map((a) => `${a.lastName} ${a.firstName}`);
  let opened = 0;
  const createStaff = (firstName: string, lastName: string, role: 'STAFF' | 'ADMIN') =>
    app.ok(Q.createStaffAccount, { i: { email: `agent${++opened}@agentville.test`, firstName, lastName, role } }, { token: adminToken });

  beforeAll(async () => {
    app = await TestApp.start();
    adminToken = (await app.commune('AGENTVILLE')).adminToken;
    otherAdminToken = (await app.commune('AILLEURS')).adminToken;
    // Opened in no particular order; accents and case must not decide the order.
    staffToken = (await activatedStaff(app, 'AGENTVILLE', adminToken, 'elodie.zola@agentville.test')).token;
    await app.ok(Q.updateProfile, { i: { firstName: 'Élodie', lastName: 'Zola' } }, { token: staffToken });
    await createStaff('Bruno', 'Étienne', 'ADMIN');
    await createStaff('marc', 'dupont', 'STAFF');
    await createStaff('Alice', 'ÉTIENNE', 'STAFF');
    await createStaff('Chloé', 'Étienne', 'STAFF');
    familyToken = (await activatedFamily(app, 'AGENTVILLE', staffToken, { email: 'famille.abadie@agentville.test', firstName: 'Anne', lastName: 'Abadie' })).token;
    await app.ok(Q.createStaffAccount, { i: { email: 'agent@ailleurs.test', firstName: 'Aline', lastName: 'Aaron', role: 'STAFF' } }, { token: otherAdminToken });
  });
  afterAll(() => app?.stop());

  it('lists the STAFF and ADMIN accounts of the commune by last name, then first name, accents and case aside', async () => {
    const { staffAccounts } = await app.ok(STAFF_ACCOUNTS, {}, { token: adminToken });
    expect(names(staffAccounts)).toEqual(['dupont marc', 'ÉTIENNE Alice', 'Étienne Bruno', 'Étienne Chloé', 'Mairie de AGENTVILLE Administrateur', 'Zola Élodie']);
    expect(staffAccounts.map((a: any) => a.role)).toEqual(['STAFF', 'STAFF', 'ADMIN', 'STAFF', 'ADMIN', 'STAFF']);
    expect(staffAccounts.find((a: any) => a.lastName === 'Zola')).toEqual({
      id: expect.any(String),
      login: 'agent.accueil',
      email: 'elodie.zola@agentville.test',
      emailVerified: true,
      role: 'STAFF',
      firstName: 'Élodie',
      lastName: 'Zola',
      family: null,
    });
    // Not activated yet: listed all the same.
    expect(staffAccounts.find((a: any) => a.firstName === 'Bruno')).toMatchObject({ login: 'bruno.etienne', emailVerified: false });
  });

  it("never lists a family's account nor another commune's staff", async () => {
    const { staffAccounts } = await app.ok(STAFF_ACCOUNTS, {}, { token: adminToken });
    expect(staffAccounts.map((a: any) => a.email)).not.toContain('famille.abadie@agentville.test');
    expect(staffAccounts.map((a: any) => a.lastName)).not.toContain('Aaron');
    const theirs = (await app.ok(STAFF_ACCOUNTS, {}, { token: otherAdminToken })).staffAccounts;
    expect(names(theirs)).toEqual(['Aaron Aline', 'Mairie de AILLEURS Administrateur']);
  });

  it('is for the ADMIN only: STAFF and FAMILY get FORBIDDEN', async () => {
    expectError(await app.gql(STAFF_ACCOUNTS, {}, { token: staffToken }), 'FORBIDDEN');
    expectError(await app.gql(STAFF_ACCOUNTS, {}, { token: familyToken }), 'FORBIDDEN');
    expectError(await app.gql(STAFF_ACCOUNTS, {}, { commune: 'AGENTVILLE' }), 'UNAUTHENTICATED');
  });
});
