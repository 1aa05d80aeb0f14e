/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { CommuneOnboarding } from '../../src/setup/commune-onboarding.service';
import { checkScreen, launchBrowser, linkIn, openScreen, plain, Screen, see, startPortalApp } from '../helpers/browser';
import { Mailbox } from '../helpers/mailbox';
import { PASSWORD, TestApp } from '../helpers/test-app';

const WIDTH = 1280;
const NEW_PASSWORD = 'Bruguieres-Cantine-2027';

async function footer(page: Page): Promise<string> {
  await see(page.locator('footer address')).toBeVisible();
  return plain(await page.locator('footer').textContent());
}

/** The commune the address names (its case as the link gave it). */
const domaineOf = (page: Page) => new URL(page.url()).searchParams.get('domaine')?.toUpperCase() ?? null;

async function signIn(page: Page, identifier: string, password: string): Promise<void> {
  await page.getByLabel('Identifiant ou adresse e-mail').fill(identifier);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/**
 * SPEC §2 "Communes", in the browser: a second commune on the demo's deployment, reached with
 * `?domaine=` (any case); the tab keeps it, sends it with every request, its mail links carry it; an
 * unknown code is said so. Chromium at 1280 px.
 */
describe('several communes on one deployment, in the browser', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  const screens: Screen[] = [];
  let family: { login: string };

  const screen = async () => {
    const s = await openScreen(browser, WIDTH);
    screens.push(s);
    return s;
  };

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    // Bruguières beside the demo's Auterive, its front-end on this same server.
    await app.get<CommuneOnboarding>(CommuneOnboarding).createCommune(
      {
        code: 'BRUGUIERES',
        name: 'Mairie de Bruguières',
        address: '1 place de la Mairie',
        postalCode: '31150',
        city: 'Bruguières',
        phone: '05.61.82.20.00',
        email: 'contact@bruguieres.test',
        publicUrl: base,
      },
      { email: 'admin@bruguieres.test' },
    );
    const adminToken = await app.activate(Mailbox.token(await app.mailbox.waitFor('admin@bruguieres.test')), 'BRUGUIERES');
    family = await app.family('BRUGUIERES', adminToken, { email: 'ines.roux@exemple.fr', firstName: 'Inès', lastName: 'Roux' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const s of screens) await s.context.close();
    await browser?.close();
    await app?.stop();
  });

  it('a family of the second commune logs in from `/?domaine=` in lower case, with that commune’s footer', async () => {
    const { page } = await screen();
    await page.goto(`${base}/?domaine=bruguieres`);
    await page.waitForURL(/\/connexion\?.*domaine=BRUGUIERES/);
    const text = await footer(page);
    expect(text).toContain('Mairie de Bruguières');
    expect(text).toContain('1 place de la Mairie');
    expect(text).toContain('31150 Bruguières');
    expect(text).toContain('05.61.82.20.00');
    expect(text).toContain('Contactez-nous');
    expect(text).not.toContain('Auterive');
    await see(page.locator('footer a', { hasText: 'Contactez-nous' })).toHaveAttribute('href', 'mailto:contact@bruguieres.test');

    await signIn(page, family.login, PASSWORD);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Inès Roux');
    expect(domaineOf(page)).toBe('BRUGUIERES');
    await see(page.locator('.brand-town')).toHaveText('Mairie de Bruguières');

    // Moving about keeps the commune in the address.
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/mon-compte');
    expect(domaineOf(page)).toBe('BRUGUIERES');
  });

  it('the tab keeps its commune: a reload, and an address typed without it', async () => {
    const { page } = screens[0];
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    expect(await footer(page)).toContain('Mairie de Bruguières');

    await page.goto(`${base}/enfants`);
    await page.getByRole('heading', { level: 1, name: 'Mes Enfants' }).waitFor();
    expect(domaineOf(page)).toBe('BRUGUIERES'); // put back in the address
    expect(await footer(page)).toContain('Mairie de Bruguières');
  });

  it('a forgotten password: the mail’s link names the commune and opens its reset page, which works', async () => {
    const { page } = screens[0];
    await page.getByRole('button', { name: 'Déconnexion' }).first().click();
    await page.waitForURL(/\/connexion/);
    await page.getByRole('link', { name: 'Identifiant ou Mot de passe oublié ?' }).click();
    await page.getByLabel('Adresse e-mail').fill('ines.roux@exemple.fr');
    await page.getByRole('button', { name: 'Valider' }).click();
    await see(page.getByText(/un mail vient de lui être envoyé/)).toBeVisible();

    const mail = await app.mailbox.waitFor('ines.roux@exemple.fr', 2); // the first was the activation
    const link = linkIn(mail.text, base);
    expect(link).toContain('/reinitialisation?domaine=BRUGUIERES&token=');

    // Opened from the mail: a new tab that has chosen nothing yet.
    const fresh = (await screen()).page;
    await fresh.goto(link);
    await fresh.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
    expect(await footer(fresh)).toContain('Mairie de Bruguières');
    await fresh.getByLabel(/^Nouveau mot de passe/).fill(NEW_PASSWORD);
    await fresh.getByLabel(/^Ressaisissez le mot de passe/).fill(NEW_PASSWORD);
    await fresh.getByRole('button', { name: /Valider|Enregistrer|Choisir/ }).click();
    await see(fresh.getByText('Mot de passe modifié avec succès.')).toBeVisible();
    await fresh.getByRole('link', { name: 'Se connecter' }).click();
    await fresh.waitForURL(/\/connexion\?.*domaine=BRUGUIERES/);
    await signIn(fresh, family.login, NEW_PASSWORD);
    await see(fresh.getByRole('heading', { level: 1 })).toHaveText('Bonjour Inès Roux');
  });

  it('the commune’s staff log in on `/agents?domaine=`', async () => {
    const { page } = await screen();
    await page.goto(`${base}/agents?domaine=BRUGUIERES`);
    await page.waitForURL(/\/agents\/connexion\?.*domaine=BRUGUIERES/);
    await signIn(page, 'admin.bruguieres', PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    expect(await footer(page)).toContain('Mairie de Bruguières');
    expect(domaineOf(page)).toBe('BRUGUIERES');
  });

  it('an unknown code: « Commune inconnue », on the portal and the back-office, no login form', async () => {
    const s = await screen();
    for (const path of ['/?domaine=NULLEPART', '/agents?DOMAINE=nullepart', '/connexion?domaine=%3Cb%3E']) {
      await s.page.goto(`${base}${path}`);
      await s.page.getByRole('heading', { level: 1, name: 'Commune inconnue' }).waitFor();
      expect(await s.page.getByLabel('Identifiant ou adresse e-mail').count()).toBe(0);
    }
    await s.page.goto(`${base}/?domaine=NULLEPART`);
    await see(s.page.getByRole('heading', { level: 1 })).toHaveText('Commune inconnue');
    await see(s.page.locator('main')).toContainText('« NULLEPART »');
    await checkScreen(s, 'commune-inconnue');
  });

  it('nothing named on a deployment of several: the page says how to reach one’s commune', async () => {
    const s = await screen();
    await s.page.goto(`${base}/`);
    await see(s.page.getByRole('heading', { level: 1 })).toHaveText('Choisissez votre commune');
    expect(await s.page.getByLabel('Identifiant ou adresse e-mail').count()).toBe(0);
    // The demo's commune, named, still opens.
    await s.page.goto(`${base}/connexion?domaine=auterive`);
    await s.page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    expect(await footer(s.page)).toContain('Auterive');
  });
});
