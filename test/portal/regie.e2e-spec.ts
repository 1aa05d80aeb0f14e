/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { checkScreen, launchBrowser, openScreen, Screen, see, startPortalApp } from '../helpers/browser';
import { TestApp } from '../helpers/test-app';

/** SPEC §8 « Régie » (ADMIN): the commune's shop and creditor identity saved; the key and IBAN never shown back. */
describe('the « Régie » screen', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let admin: Screen;

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    browser = await launchBrowser();
    admin = await openScreen(browser, 1280);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('an ADMIN saves the régie: a bad IBAN shown on its field, then « clé enregistrée » and the masked IBAN', async () => {
    const { page } = admin;
    await page.goto(`${base}/agents/connexion`);
    await page.getByLabel('Identifiant ou adresse e-mail').fill('admin.demo');
    await page.getByLabel(/^Mot de passe/).fill('Portail-Demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('link', { name: 'Régie' }).click();
    await page.getByRole('heading', { level: 1, name: 'Régie' }).waitFor();
    await see(page.locator('main')).toContainText('réglages du serveur');

    await page.getByLabel(/^Moyen de paiement en ligne/).selectOption('SYSTEMPAY');
    await page.getByLabel(/^Identifiant de boutique Systempay/).fill('87654321');
    await page.getByLabel(/^Clé Systempay/).fill('auterive-test-key-2026');
    await page.getByLabel(/^Identifiant créancier SEPA/).fill('FR72ZZZ123456');
    await page.getByLabel(/^Nom du créancier/).fill('Régie cantine Auterive');
    await page.getByLabel(/^IBAN de la régie/).fill('FR76 3000 6000 0112 3456 7890 188');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const iban = page.getByLabel(/^IBAN de la régie/);
    await see(iban).toHaveAttribute('aria-invalid', 'true');
    await see(page.locator('#contenu')).toContainText('IBAN invalide');

    await iban.fill('FR76 3000 6000 0112 3456 7890 189');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page.getByRole('status')).toContainText('réglages de la régie sont enregistrés');
    const main = page.locator('main');
    await see(main).toContainText(/clé enregistrée/i);
    await see(main).toContainText('FR76 •••• •••• •••• •••• •••• 189');
    expect(await page.getByLabel(/^Clé Systempay/).inputValue()).toBe('');
    expect(await main.textContent()).not.toContain('auterive-test-key-2026');
    await checkScreen(admin, 'agents-regie');

    // What the server holds: the commune's own shop, the key encrypted.
    const [row] = await app.dataSource.query(`SELECT online_provider, systempay_site_id, systempay_key FROM commune_payment_settings`);
    expect(row).toMatchObject({ online_provider: 'SYSTEMPAY', systempay_site_id: '87654321' });
    expect(row.systempay_key).not.toContain('auterive-test-key-2026');
  });
});
