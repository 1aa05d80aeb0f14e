import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { startPortalApp } from '../helpers/browser';
import { TestApp } from '../helpers/test-app';

const WEB = join(__dirname, '..', '..', 'dist', 'web');
const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken account { login } } }`;
const DEMO = { identifier: 'famille.demo', password: 'Portail-Demo-2026' };

/** The cookie's attributes from a Set-Cookie header. */
function sessionCookie(res: request.Response): { value: string; attributes: string[] } | null {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('pf_refresh='));
  if (!header) return null;
  const [pair, ...attributes] = header.split(';').map((s) => s.trim());
  return { value: decodeURIComponent(pair.slice('pf_refresh='.length)), attributes: attributes.map((a) => a.toLowerCase()) };
}

describe('the portal as served by the API process', () => {
  let app: TestApp;

  beforeAll(async () => {
    ({ app } = await startPortalApp());
  });
  afterAll(async () => app?.stop());

  it('answers every portal route with the page, never cached, under a strict Content-Security-Policy', async () => {
    for (const path of ['/', '/connexion', '/reservations/nouvelle', '/factures/paiement?paiement=x', '/activation?token=abc']) {
      const res = await request(app.server).get(path).set('accept', 'text/html');
      expect({ path, status: res.status, type: res.type }).toEqual({ path, status: 200, type: 'text/html' });
      expect(res.text).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-store');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('gives its page the same headers when it is asked by its file name (/index.html)', async () => {
    const res = await request(app.server).get('/index.html');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('has no inline script in its page, and hashed assets cached for a year', async () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/assets\/[\w-]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style|style="/);
    const entry = html.match(/src="(\/assets\/[\w-]+\.js)"/)![1];
    const res = await request(app.server).get(entry);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(app.server).get('/assets/nope-123.js').set('accept', 'text/html');
    expect(missing.status).toBe(404);
  });

  it('keeps the first screen’s JavaScript under 150 KB gzipped, with no address of another host to load', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const files = [...html.matchAll(/(?:src|href)="\/assets\/([\w-]+\.js)"/g)].map((m) => m[1]);
    const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(WEB, 'assets', f)), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThan(150 * 1024);
    for (const f of files) {
      const code = readFileSync(join(WEB, 'assets', f), 'utf8');
      // Loads are fetch(…)/import(…) of our own paths: no URL of another host is ever requested.
      expect(code).not.toMatch(/fetch\(\s*["'`]https?:/);
      expect(code).not.toMatch(/import\(\s*["'`]https?:/);
    }
    expect(html).not.toMatch(/(?:src|href)="https?:/);
  });

  it('leaves the server’s own paths alone (GraphiQL, the PDFs, the health check)', async () => {
    const graphiql = await request(app.server).get('/graphql').set('accept', 'text/html');
    expect(graphiql.text).toContain('GraphiQL');
    const health = await request(app.server).get('/health').set('accept', 'text/html');
    expect(health.type).toBe('application/json');
    const pdf = await request(app.server).get('/invoices/00000000-0000-0000-0000-000000000000/pdf').set('accept', 'text/html');
    expect(pdf.status).toBe(401);
  });

  describe('the web session: the refresh token only in an HttpOnly cookie that only /auth/refresh reads', () => {
    it('login for the portal sets the cookie and leaves the token out of the body; other clients are unchanged', async () => {
      const web = await request(app.server)
        .post('/graphql')
        .set('x-portail-session', 'cookie')
        .send({ query: LOGIN, variables: { i: DEMO } });
      expect(web.body.data.login.refreshToken).toBe('');
      const cookie = sessionCookie(web)!;
      expect(cookie.value).toMatch(/^[0-9a-f-]{36}\./);
      expect(cookie.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/auth']));
      // A browser-session cookie unless « Rester connecté » was ticked.
      expect(cookie.attributes.some((a) => a.startsWith('max-age=') || a.startsWith('expires='))).toBe(false);
      expect(cookie.attributes).not.toContain('secure'); // plain http on localhost; https sets it (session-cookie.spec)

      const api = await request(app.server)
        .post('/graphql')
        .send({ query: LOGIN, variables: { i: DEMO } });
      expect(api.body.data.login.refreshToken).toMatch(/^[0-9a-f-]{36}\./);
      expect(sessionCookie(api)).toBeNull();
    });

    it('refreshes with the cookie (rotated), refuses a replayed one and then closes the session', async () => {
      const web = await request(app.server)
        .post('/graphql')
        .set('x-portail-session', 'cookie')
        .send({ query: LOGIN, variables: { i: DEMO } });
      const first = sessionCookie(web)!.value;

      const noHeader = await request(app.server)
        .post('/auth/refresh')
        .set('cookie', `pf_refresh=${encodeURIComponent(first)}`);
      expect(noHeader.status).toBe(401); // a cross-site form cannot add the header
      const noCookie = await request(app.server).post('/auth/refresh').set('x-portail-session', 'cookie');
      expect({ status: noCookie.status, body: noCookie.text }).toEqual({ status: 204, body: '' }); // no session: nothing to refresh, not an error

      const refreshed = await request(app.server)
        .post('/auth/refresh')
        .set('x-portail-session', 'cookie')
        .set('cookie', `pf_refresh=${encodeURIComponent(first)}`);
      expect(refreshed.status).toBe(200);
      expect(refreshed.headers['cache-control']).toBe('no-store');
      expect(refreshed.body).toEqual({ accessToken: expect.any(String), expiresAt: expect.any(String), account: expect.objectContaining({ role: 'FAMILY' }) });
      expect(JSON.stringify(refreshed.body)).not.toContain(first.split('.')[1]);
      const second = sessionCookie(refreshed)!.value;
      expect(second).not.toBe(first);
      const me = await app.gql(`{ me { login } }`, {}, { token: refreshed.body.accessToken });
      expect(me.data.me.login).toBe('famille.demo');

      const replay = await request(app.server)
        .post('/auth/refresh')
        .set('x-portail-session', 'cookie')
        .set('cookie', `pf_refresh=${encodeURIComponent(first)}`);
      expect(replay.status).toBe(401);
      expect(replay.body.reason).toBe('REFRESH_TOKEN_REUSED');
      expect(sessionCookie(replay)?.value).toBe(''); // cleared
      const after = await request(app.server)
        .post('/auth/refresh')
        .set('x-portail-session', 'cookie')
        .set('cookie', `pf_refresh=${encodeURIComponent(second)}`);
      expect(after.status).toBe(401); // the whole session was revoked
    });

    it('« Rester connecté »: a cookie of 30 days, kept so by each refresh', async () => {
      const web = await request(app.server)
        .post('/graphql')
        .set('x-portail-session', 'cookie; remember')
        .send({ query: LOGIN, variables: { i: DEMO } });
      const cookie = sessionCookie(web)!;
      expect(cookie.attributes).toContain(`max-age=${30 * 24 * 3600}`);
      const keep = ([] as string[]).concat(web.headers['set-cookie'] ?? []).find((c) => c.startsWith('pf_keep=1'));
      expect(keep).toMatch(/HttpOnly/);
      const refreshed = await request(app.server)
        .post('/auth/refresh')
        .set('x-portail-session', 'cookie')
        .set('cookie', `pf_refresh=${encodeURIComponent(cookie.value)}; pf_keep=1`);
      expect(sessionCookie(refreshed)!.attributes).toContain(`max-age=${30 * 24 * 3600}`);
    });

    it('POST /auth/logout (even with an expired access token) clears the cookies and closes the sessions', async () => {
      const web = await request(app.server)
        .post('/graphql')
        .set('x-portail-session', 'cookie')
        .send({ query: LOGIN, variables: { i: DEMO } });
      const cookie = sessionCookie(web)!.value;
      const refusedWithoutHeader = await request(app.server)
        .post('/auth/logout')
        .set('cookie', `pf_refresh=${encodeURIComponent(cookie)}`);
      expect(refusedWithoutHeader.status).toBe(401);
      const out = await request(app.server)
        .post('/auth/logout')
        .set('x-portail-session', 'cookie')
        .set('cookie', `pf_refresh=${encodeURIComponent(cookie)}`);
      expect(out.status).toBe(200);
      expect(sessionCookie(out)?.value).toBe('');
      const me = await app.gql(`{ me { login } }`, {}, { token: web.body.data.login.accessToken });
      expect(me.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      const again = await request(app.server).post('/auth/logout').set('x-portail-session', 'cookie');
      expect(again.status).toBe(200); // nothing to close: still answers, cookies cleared
    });

    it('logout clears the cookie and ends the session', async () => {
      const web = await request(app.server)
        .post('/graphql')
        .set('x-portail-session', 'cookie')
        .send({ query: LOGIN, variables: { i: DEMO } });
      const cookie = sessionCookie(web)!.value;
      const out = await request(app.server)
        .post('/graphql')
        .set('x-portail-session', 'cookie')
        .set('authorization', `Bearer ${web.body.data.login.accessToken}`)
        .send({ query: 'mutation { logout }' });
      expect(out.body.data.logout).toBe(true);
      expect(sessionCookie(out)?.value).toBe('');
      const refresh = await request(app.server)
        .post('/auth/refresh')
        .set('x-portail-session', 'cookie')
        .set('cookie', `pf_refresh=${encodeURIComponent(cookie)}`);
      expect(refresh.status).toBe(401);
    });
  });
});
