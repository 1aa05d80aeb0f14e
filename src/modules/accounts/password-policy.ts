import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 72; // bcrypt ignores what comes after 72 bytes.

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  if (!common) {
    common = new Set(
      readFileSync(join(__dirname, 'common-passwords.txt'), 'utf8')
        .split('\n')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return common;
}

/** Why a password is refused (French), or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Le mot de passe doit contenir au moins ${MIN_PASSWORD_LENGTH} caractères.`;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_LENGTH) return `Le mot de passe ne doit pas dépasser ${MAX_PASSWORD_LENGTH} octets.`;
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return 'Ce mot de passe est trop courant. Choisissez-en un autre.';
  if (/^(.)\1+$/.test(password)) return 'Ce mot de passe est trop simple. Choisissez-en un autre.';
  return null;
}
