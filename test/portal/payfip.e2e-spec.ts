/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { loginOk } from '../helpers/accounts';
import { launchBrowser, openScreen, Screen, see } from '../helpers/browser';
import { startPortalApp } from '../helpers/browser';
import { TestApp } from '../helpers/test-app';

const UPDATE = `mutation($i: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $i) { onlineProvider } }`;

/**
 * SPEC "PayFiP": the demo commune's admin chose PayFiP (TEST); the family's « Payer en ligne » takes
 * one invoice at a time, says so, and goes through the test PayFiP's page and back.
 */
describe('paying through the test PayFiP', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let screen: Screen;

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    const admin = await loginOk(app, 'admin.demo', 'Portail-Demo-2026', { commune: 'AUTERIVE' });
    await app.ok(UPDATE, { i: { onlineProvider: 'PAYFIP', mode: 'TEST', payfipClientNumber: '123456' } }, { token: admin.accessToken });
    browser = await launchBrowser();
    screen = await openScreen(browser, 1280);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('one invoice at a time, PayFiP’s page, « Payer », back to the portal: the invoice is paid', async () => {
    const { page } = screen;
    await page.goto(`${base}/connexion`);
    await page.getByLabel('Identifiant ou adresse e-mail').fill('famille.demo');
    await page.getByLabel(/^Mot de passe/).fill('Portail-Demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((u) => !u.pathname.endsWith('/connexion'));
    await page.goto(`${base}/factures/payer`);
    await page.getByRole('heading', { level: 1, name: 'Paiement' }).waitFor();
    await see(page.locator('main')).toContainText('Avec PayFiP, les factures se règlent une à une.');
    const boxes = page.getByRole('checkbox');
    await see(boxes.nth(0)).toBeChecked();
    // Ticking another unticks the first: one invoice per payment.
    await boxes.nth(1).check();
    await see(boxes.nth(0)).notToBeChecked();
    await see(boxes.nth(1)).toBeChecked();
    const chosen = (await boxes.nth(1).getAttribute('aria-label'))!;
    const number = /n° (\S+)/.exec(chosen)![1];
    await page.getByRole('button', { name: 'Accéder au paiement' }).click();
    await page.waitForURL(/\/test-bank\/payfip\?idop=/);
    await see(page.locator('main')).toContainText(number.replace(/[^A-Za-z0-9]/g, ''));
    await page.getByRole('button', { name: 'Payer' }).click();
    await page.waitForURL(/\/factures\/paiement\?domaine=AUTERIVE&paiement=/);
    await see(page.getByRole('status').filter({ hasText: 'Le paiement' })).toContainText(number);
    const [row] = await app.dataSource.query(`SELECT p.provider, p.state, i.state AS invoice FROM payment p JOIN invoice i ON i.number = $1 WHERE p.provider = 'PAYFIP'`, [number]);
    expect(row).toEqual({ provider: 'PAYFIP', state: 'VALIDATED', invoice: 'PAID' });
  });
});
