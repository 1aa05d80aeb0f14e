import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each(['Portail-Demo-2026', 'Cantine-Auterive-2026', 'correct horse battery staple', 'Un-Été-à-Auterive'])('accepts %p', (pw) => {
    expect(passwordProblem(pw)).toBeNull();
  });

  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters and accepts exactly ${MIN_PASSWORD_LENGTH}`, () => {
    expect(passwordProblem('')).toContain(`au moins ${MIN_PASSWORD_LENGTH} caractères`);
    expect(passwordProblem('Kx7-pQ2-w')).toContain(`au moins ${MIN_PASSWORD_LENGTH} caractères`);
    expect(passwordProblem('Kx7-pQ2-wZ')).toBeNull();
  });

  it(`refuses more than ${MAX_PASSWORD_LENGTH} bytes, counted in UTF-8 (bcrypt ignores the rest)`, () => {
    const seventyTwo = 'Ab3-'.repeat(18);
    expect(Buffer.byteLength(seventyTwo)).toBe(72);
    expect(passwordProblem(seventyTwo)).toBeNull();
    expect(passwordProblem(`${seventyTwo}x`)).toContain(`${MAX_PASSWORD_LENGTH} octets`);
    // 40 characters but 80 bytes: accepting it would silently cut it.
    const accented = 'éà'.repeat(20);
    expect(accented.length).toBe(40);
    expect(passwordProblem(accented)).toContain(`${MAX_PASSWORD_LENGTH} octets`);
  });

  it('refuses a character repeated', () => {
    expect(passwordProblem('aaaaaaaaaaaa')).toContain('trop simple');
    expect(passwordProblem('############')).toContain('trop simple');
    expect(passwordProblem('aaaaaaaaaaab')).toBeNull();
  });

  describe('common passwords', () => {
    const listed = readFileSync(join(__dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));

    it('has a list to check against', () => {
      expect(listed.length).toBeGreaterThan(20);
    });

    it('refuses every long-enough entry of the list, whatever its case', () => {
      const accepted = listed
        .filter((pw) => pw.length >= MIN_PASSWORD_LENGTH)
        .flatMap((pw) => [pw, pw.toUpperCase(), pw[0].toUpperCase() + pw.slice(1)])
        .filter((pw) => !passwordProblem(pw)?.includes('trop courant'));
      expect(accepted).toEqual([]);
    });

    it('refuses French favourites', () => {
      expect(passwordProblem('AZERTYUIOP')).toContain('trop courant');
      expect(passwordProblem('azerty1234')).toContain('trop courant');
    });
  });
});
