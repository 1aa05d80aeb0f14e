import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. Only the SHA-256 is stored, so a database leak reveals no live link. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const TOKEN_VALIDITY = {
  ACTIVATION: { ms: 7 * 24 * 3600_000, label: '7 jours' },
  PASSWORD_RESET: { ms: 3600_000, label: '1 heure' },
  EMAIL_CHANGE: { ms: 3600_000, label: '1 heure' },
} as const;
