import bcrypt from 'bcrypt';
import { PasswordHasher } from '../../src/modules/accounts/password-hasher.service';
import { PASSWORD, TestApp } from '../helpers/test-app';
import { activatedFamily, expectError, login, loginOk } from '../helpers/accounts';

// The e2e project's testTimeout is not applied by Jest (a global-only option): set it here.
jest.setTimeout(60_000);

/**
 * BCRYPT_COST raised after accounts were created: a known account must not answer faster than an
 * unknown one, so stored hashes follow the configured cost and the dummy hash costs as much.
 */
describe('bcrypt cost changes', () => {
  const COST = 11;
  let app: TestApp;
  let adminToken: string;
  let n = 0;

  const newFamily = () => {
    n++;
    return activatedFamily(app, 'COUTVILLE', adminToken, { email: `cout${n}@example.org`, firstName: 'Paul', lastName: `Cout${n}` });
  };
  const storedHash = async (accountId: string): Promise<string> => (await app.dataSource.query(`SELECT password_hash FROM account WHERE id = $1`, [accountId]))[0].password_hash;
  /** As if the account had been created before BCRYPT_COST changed. */
  const setHashCost = async (accountId: string, cost: number) => app.dataSource.query(`UPDATE account SET password_hash = $2 WHERE id = $1`, [accountId, await bcrypt.hash(PASSWORD, cost)]);

  beforeAll(async () => {
    app = await TestApp.start({ BCRYPT_COST: String(COST) });
    adminToken = (await app.commune('COUTVILLE')).adminToken;
  });
  afterAll(() => app.stop());

  it('hashes new passwords at the configured cost', async () => {
    const fam = await newFamily();
    expect(bcrypt.getRounds(await storedHash(fam.id))).toBe(COST);
  });

  it('rehashes at the configured cost on a successful login when the stored hash has another cost', async () => {
    const fam = await newFamily();
    await setHashCost(fam.id, 10);
    expect(bcrypt.getRounds(await storedHash(fam.id))).toBe(10);

    // A wrong password changes nothing.
    expectError(await login(app, fam.login, 'Pas-Le-Bon-2026'), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
    expect(bcrypt.getRounds(await storedHash(fam.id))).toBe(10);

    await loginOk(app, fam.login);
    const rehashed = await storedHash(fam.id);
    expect(bcrypt.getRounds(rehashed)).toBe(COST);
    expect(await bcrypt.compare(PASSWORD, rehashed)).toBe(true);
    // The password is unchanged; a second login keeps the new hash.
    await loginOk(app, fam.email);
    expect(await storedHash(fam.id)).toBe(rehashed);

    // A lowered cost is followed too.
    await setHashCost(fam.id, 12);
    await loginOk(app, fam.login);
    expect(bcrypt.getRounds(await storedHash(fam.id))).toBe(COST);
  });

  it('makes unknown identifiers pay the configured cost: the dummy hash has it', async () => {
    expect(bcrypt.getRounds(await app.get<PasswordHasher>(PasswordHasher).dummyHash())).toBe(COST);
    expectError(await login(app, 'personne.inconnue', PASSWORD), 'UNAUTHENTICATED', 'INVALID_CREDENTIALS');
  });
});
