import type { Request, Response } from 'express';
import { asksToBeRemembered, clearSessionCookie, isRemembered, sessionCookieOf, setSessionCookie, wantsSessionCookie } from './session-cookie';

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
    setSessionCookie(req(), res, 'sid.secret', 'http://localhost:3000', null);
    setSessionCookie(req({}, true), res, 'sid.secret', 'http://localhost:3000', 1000);
    const refresh = calls.filter((c) => c.name === 'pf_refresh');
    expect(refresh.map((c) => c.options)).toEqual([
      { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth', maxAge: 1000 },
      { httpOnly: true, secure: false, sameSite: 'strict', path: '/auth' }, // ends with the browser
      { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth', maxAge: 1000 },
    ]);
    // « Rester connecté » is remembered in its own HttpOnly cookie, cleared when not asked for.
    expect(calls.filter((c) => c.name === 'pf_keep').map((c) => c.value ?? 'cleared')).toEqual(['1', 'cleared', '1']);
    calls.length = 0;
    clearSessionCookie(req(), res, 'https://portail.auterive.fr');
    expect(calls).toEqual([
      { name: 'pf_refresh', options: { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth' } },
      { name: 'pf_keep', options: { httpOnly: true, secure: true, sameSite: 'strict', path: '/auth' } },
    ]);
  });

  it('is read from the Cookie header among others, and only asked for with the portal header', () => {
    expect(sessionCookieOf(req({ cookie: 'a=1; pf_refresh=abc.def%3D; b=2' }))).toBe('abc.def=');
    expect(sessionCookieOf(req({ cookie: 'a=1' }))).toBeNull();
    expect(sessionCookieOf(req({ cookie: 'pf_refresh=%E0%A4%A' }))).toBeNull();
    expect(wantsSessionCookie(req({ 'x-portail-session': 'cookie' }))).toBe(true);
    expect(wantsSessionCookie(req({}))).toBe(false);
    expect(wantsSessionCookie(req({ 'x-portail-session': 'cookie; remember' }))).toBe(true);
    expect(asksToBeRemembered(req({ 'x-portail-session': 'cookie; remember' }))).toBe(true);
    expect(asksToBeRemembered(req({ 'x-portail-session': 'cookie' }))).toBe(false);
    expect(isRemembered(req({ cookie: 'pf_refresh=a.b; pf_keep=1' }))).toBe(true);
    expect(isRemembered(req({ cookie: 'pf_refresh=a.b' }))).toBe(false);
  });
});
