import { PASSWORD, TestApp } from '../helpers/test-app';
import { createFamily, expectError, expireTokens, linkToken, Q } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

const STATUS = `query($i: LinkTokenStatusInput!) { linkTokenStatus(input: $i) }`;

/**
 * « Ce lien n’est plus valide » said before any password is asked: a mail link's page reads its
 * state first, without using it, and learns nothing else.
 */
describe('linkTokenStatus', () => {
  let app: TestApp;
  let code: string;
  let adminToken: string;

  beforeAll(async () => {
    app = await TestApp.start();
    ({ code, adminToken } = await app.commune('LIENVILLE'));
  });
  afterAll(() => app.stop());

  const status = async (token: string, purpose: string) => (await app.ok(STATUS, { i: { token, purpose } }, { commune: code })).linkTokenStatus as string;

  it('says VALID without using the link, then INVALID once it has served, and EXPIRED past its time', async () => {
    const fam = await createFamily(app, adminToken, { email: 'lien.valide@example.org' }, { commune: code });
    const token = linkToken(await app.mailbox.waitFor(fam.email), 'activation');
    expect(await status(token, 'ACTIVATION')).toBe('VALID');
    expect(await status(token, 'ACTIVATION')).toBe('VALID'); // asking twice used nothing
    expect(await status(token, 'PASSWORD_RESET')).toBe('INVALID'); // a link is good for its own page only
    await app.ok(Q.activate, { i: { token, password: PASSWORD } }, { commune: code });
    expect(await status(token, 'ACTIVATION')).toBe('INVALID');

    const late = await createFamily(app, adminToken, { email: 'lien.expire@example.org' }, { commune: code });
    const old = linkToken(await app.mailbox.waitFor(late.email), 'activation');
    await expireTokens(app, late.id);
    expect(await status(old, 'ACTIVATION')).toBe('EXPIRED');
    // Still refused as before when used anyway.
    expectError(await app.gql(Q.activate, { i: { token: old, password: PASSWORD } }, { commune: code }), 'BAD_USER_INPUT', 'TOKEN_EXPIRED');
  });

  it('an unknown token is INVALID, like a used one; an empty one or an unknown purpose is refused in French', async () => {
    expect(await status('x'.repeat(43), 'EMAIL_CHANGE')).toBe('INVALID');
    expectError(await app.gql(STATUS, { i: { token: '', purpose: 'ACTIVATION' } }, { commune: code }), 'BAD_USER_INPUT');
    const wrong = await app.gql(STATUS, { i: { token: 'abc', purpose: 'LOGIN' } }, { commune: code });
    expect(wrong.errors?.length).toBe(1);
  });
});
