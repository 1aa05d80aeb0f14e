import type { Request, Response } from 'express';

/**
 * The web portal's session: its refresh token lives in an HttpOnly cookie that scripts cannot read
 * and that the browser sends only to `/auth` (the refresh endpoint); the access token stays in the
 * page's memory. A client asks for it with the header `X-Portail-Session: cookie` (a header a
 * cross-site form cannot send, and that a cross-origin script may not send without a CORS
 * permission we never give); without it, login answers the refresh token in its body as before.
 */
export const SESSION_COOKIE = 'pf_refresh';
export const SESSION_COOKIE_PATH = '/auth';
export const SESSION_HEADER = 'x-portail-session';

export function wantsSessionCookie(req: Request): boolean {
  return req.headers[SESSION_HEADER] === 'cookie';
}

/** The refresh token the browser sent, if any. */
export function sessionCookieOf(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
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

export function setSessionCookie(req: Request, res: Response, refreshToken: string, publicUrl: string, maxAgeMs: number): void {
  res.cookie(SESSION_COOKIE, refreshToken, {
    httpOnly: true,
    secure: secure(req, publicUrl),
    sameSite: 'strict',
    path: SESSION_COOKIE_PATH,
    maxAge: maxAgeMs,
  });
}

export function clearSessionCookie(req: Request, res: Response, publicUrl: string): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, secure: secure(req, publicUrl), sameSite: 'strict', path: SESSION_COOKIE_PATH });
}
