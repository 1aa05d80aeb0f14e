import { TestApp, PASSWORD } from '../helpers/test-app';

describe('foundation smoke', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  it('onboards a commune whose admin opens a family account that logs in', async () => {
    const { code, adminToken } = await app.commune('TESTVILLE');
    const fam = await app.family(code, adminToken, { email: 'marie@example.org' });
    const login = await app.ok(`mutation($i: LoginInput!) { login(input: $i) { account { login email emailVerified role } } }`, { i: { identifier: 'marie@example.org', password: PASSWORD } });
    expect(login.login.account).toEqual({ login: fam.login, email: 'marie@example.org', emailVerified: true, role: 'FAMILY' });
  });
});
