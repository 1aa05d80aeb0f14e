import type { Request, Response } from 'express';
import { clearSessionCookie, sessionCookieOf, setSessionCookie, wantsSessionCookie } from './session-cookie';

function fakeResponse() {
  const calls: Array<{ name: string; value?: string; options: Record<string, unknown> }> = [];
  const res = {
    cookie: (name: string, value: string, options: Record<string, unknown>) => calls.push({ name, value, options }),
    clearCookie: (name: string, options: Record<string, unknown>) => calls.push({ name, options }),
  } as unknown as Response;
  return { res, calls };
}

const req = (headers: Record<string, string> = {}, secure = false) => ({ headers, secure }) as unknown as Request;

describe('the portal session cookie', () => {
  it('is HttpOnly, SameSite=Strict, for /auth only, and Secure when the portal is served over HTTPS', () => {
    const { res, calls } = fakeResponse();
    setSessionCookie(req(), res, 'sid.secret', 'https://portail.auterive.fr', 1000);
    setSessionCookie(req(), res, 'sid.secret', 'http://localhost:3000', 1000);
    setSessionCookie(req({}, true), res, 'sid.secret', 'http://localhost:3000', 1000);
    expect(calls.map((c) => c.options)).toEqual([
      { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth', maxAge: 1000 },
      { httpOnly: true, secure: false, sameSite: 'strict', path: '/auth', maxAge: 1000 },
      { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth', maxAge: 1000 },
    ]);
    clearSessionCookie(req(), res, 'https://portail.auterive.fr');
    expect(calls[3]).toEqual({ name: 'pf_refresh', options: { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth' } });
  });

  it('is read from the Cookie header among others, and only asked for with the portal header', () => {
    expect(sessionCookieOf(req({ cookie: 'a=1; pf_refresh=abc.def%3D; b=2' }))).toBe('abc.def=');
    expect(sessionCookieOf(req({ cookie: 'a=1' }))).toBeNull();
    expect(sessionCookieOf(req({ cookie: 'pf_refresh=%E0%A4%A' }))).toBeNull();
    expect(wantsSessionCookie(req({ 'x-portail-session': 'cookie' }))).toBe(true);
    expect(wantsSessionCookie(req({}))).toBe(false);
  });
});
