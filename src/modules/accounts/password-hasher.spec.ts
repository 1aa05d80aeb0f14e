import bcrypt from 'bcrypt';
import { AppConfig } from '../../config/app-config';
import { PasswordHasher } from './password-hasher.service';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ bcryptCost: 10 } as AppConfig);

  it('pads a wrong password checked against an older, cheaper hash up to the configured cost', async () => {
    const old = await bcrypt.hash('Ancien-Mot-De-Passe-2020', 4);
    const current = await bcrypt.hash('Ancien-Mot-De-Passe-2020', 10);
    expect(hasher.paddingFor(old, 1)).toBe(0); // nothing learnt yet
    await hasher.verify('inconnu', null); // an unknown identifier: a check at the configured cost
    expect(hasher.paddingFor(old, 1)).toBeGreaterThan(0);
    expect(hasher.paddingFor(current, 1)).toBe(0);
    expect(hasher.paddingFor(old, 10_000)).toBe(0);
    await expect(hasher.verify('mauvais', old)).resolves.toBe(false);
    await expect(hasher.verify('Ancien-Mot-De-Passe-2020', old)).resolves.toBe(true);
  });
});
