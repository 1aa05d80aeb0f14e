import { Browser } from 'playwright-core';
import request from 'supertest';
import { launchBrowser } from '../helpers/browser';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * Pages the server writes itself, besides the portal: GraphiQL and the test bank. Each carries a
 * Content-Security-Policy that forbids other sites' frames (clickjacking), and GraphiQL still works
 * under its policy (no inline script).
 */
describe('GraphiQL and the test bank: their security headers', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await TestApp.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const framesForbidden = (headers: Record<string, string>) => {
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
  };

  it('GraphiQL’s page, and the script that starts it, forbid frames and inline scripts', async () => {
    const page = await request(app.server).get('/graphql').set('accept', 'text/html');
    expect(page.status).toBe(200);
    framesForbidden(page.headers);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(page.text).not.toMatch(/<script>/);
    framesForbidden((await request(app.server).get('/graphiql/start.js')).headers);
  });

  it('GraphiQL runs under that policy: the editor shows and a query gets its answer, no CSP violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${app.portal.url}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    const answer = await page.evaluate(async () => {
      const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      return res.json();
    });
    expect(answer).toEqual({ data: { __typename: 'Query' } });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('the test bank’s pages forbid frames too', async () => {
    framesForbidden((await request(app.server).get('/test-bank/systempay')).headers);
    const refused = await request(app.server).post('/test-bank/systempay').type('form').send({ vads_amount: '100' });
    expect(refused.status).toBe(400);
    framesForbidden(refused.headers);
  });
});
