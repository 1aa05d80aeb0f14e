import type { Request, Response } from 'express';

/**
 * The web portal's session: its refresh token lives in an HttpOnly cookie that scripts cannot read
 * and that the browser sends only to `/auth` (the refresh endpoint); the access token stays in the
 * page's memory. A client asks for it with the header `X-Portail-Session: cookie` (a header a
 * cross-site form cannot send, and that a cross-origin script may not send without a CORS
 * permission we never give); without it, login answers the refresh token in its body as before.
 */
export const SESSION_COOKIE = 'pf_refresh';
/** Present when the family ticked « Rester connecté » (the session survives closing the browser). */
export const REMEMBER_COOKIE = 'pf_keep';
export const SESSION_COOKIE_PATH = '/auth';
export const SESSION_HEADER = 'x-portail-session';

export function wantsSessionCookie(req: Request): boolean {
  const value = req.headers[SESSION_HEADER];
  return value === 'cookie' || value === 'cookie; remember';
}

/** At login: « Rester connecté » ticked (`X-Portail-Session: cookie; remember`). */
export function asksToBeRemembered(req: Request): boolean {
  return req.headers[SESSION_HEADER] === 'cookie; remember';
}

/** At refresh: the session was opened with « Rester connecté ». */
export function isRemembered(req: Request): boolean {
  return cookieOf(req, REMEMBER_COOKIE) === '1';
}

/** The refresh token the browser sent, if any. */
export function sessionCookieOf(req: Request): string | null {
  return cookieOf(req, SESSION_COOKIE);
}

function cookieOf(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Secure when the portal is served over HTTPS (its public URL, or the request itself). */
function secure(req: Request, publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || req.secure;
}

/**
 * Sets the refresh token. By default a browser-session cookie: closing the browser (a library's, a
 * town hall's) ends it. With « Rester connecté » (`maxAgeMs`), it lasts as long as the refresh token.
 */
export function setSessionCookie(req: Request, res: Response, refreshToken: string, publicUrl: string, maxAgeMs: number | null): void {
  const options = { httpOnly: true, secure: secure(req, publicUrl), sameSite: 'strict' as const, path: SESSION_COOKIE_PATH };
  res.cookie(SESSION_COOKIE, refreshToken, maxAgeMs === null ? options : { ...options, maxAge: maxAgeMs });
  if (maxAgeMs === null) res.clearCookie(REMEMBER_COOKIE, options);
  else res.cookie(REMEMBER_COOKIE, '1', { ...options, maxAge: maxAgeMs });
}

export function clearSessionCookie(req: Request, res: Response, publicUrl: string): void {
  const options = { httpOnly: true, secure: secure(req, publicUrl), sameSite: 'strict' as const, path: SESSION_COOKIE_PATH };
  res.clearCookie(SESSION_COOKIE, options);
  res.clearCookie(REMEMBER_COOKIE, options);
}
