/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { checkScreen, eventually, launchBrowser, linkIn, openScreen, plain, Screen, see, startPortalApp } from '../helpers/browser';
import { clock, clockStart } from '../../src/common/dates/clock';
import { parisToday } from '../helpers/catalog';
import { pdfText } from '../helpers/pdf-text';
import { Mailbox } from '../helpers/mailbox';
import { waitForMail } from '../helpers/payments';
import { TestApp } from '../helpers/test-app';

const DEMO_PASSWORD = 'Portail-Demo-2026';
const NEW_PASSWORD = 'Cantine-Auterive-2027';

/** At a phone's width the menu is behind its button. */
async function menu(screen: Screen, name: string): Promise<void> {
  const toggle = screen.page.getByRole('button', { name: 'Menu' });
  if (await toggle.isVisible()) await toggle.click();
  await screen.page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
}

async function login(page: Page, base: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Identifiant ou adresse e-mail').fill(identifier);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
}

/**
 * Presses Tab until the focused element's name matches (the keyboard only, as a parent without a
 * mouse); every element reached shows its focus (an outline).
 */
async function tabTo(page: Page, name: RegExp, max = 80): Promise<string> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const labelled = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.innerText ?? el.innerText;
      const style = getComputedStyle(el);
      return { name: (labelled ?? '').replace(/\s+/g, ' ').trim(), outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    });
    if (!focused) continue;
    expect({ name: focused.name, focusVisible: focused.outline }).toEqual({ name: focused.name, focusVisible: true });
    if (name.test(focused.name)) return focused.name;
  }
  throw new Error(`nothing named ${name} reached with Tab`);
}

/** What the focused element says (its text, or its label), or null when focus was lost on the body. */
async function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    return (el.getAttribute('aria-label') ?? el.innerText ?? '').replace(/\s+/g, ' ').trim();
  });
}

/** Waits until focus is on something that says `words` (a success message, a heading). */
const focusOn = (page: Page, words: string | RegExp) =>
  eventually(async () => {
    const said = await focused(page);
    if (typeof words === 'string') expect(said).toContain(words);
    else expect(said).toMatch(words);
  });

/** A mail's portal link, opened on this server. */
function linkOf(mail: { text: string }, base: string): string {
  const link = new URL(mail.text.match(/https?:\/\/[^\s)>\]"]+/)![0]);
  return `${base}${link.pathname}${link.search}`;
}

/** The figures of « Mes Factures & Paiements », as a parent reads them. */
async function totals(page: Page, list = 'dl.totals'): Promise<Record<string, string>> {
  const rows = page.locator(`${list} > div`);
  await rows.first().waitFor();
  const out: Record<string, string> = {};
  for (const row of await rows.all()) out[plain(await row.locator('dt').textContent())] = plain(await row.locator('dd').textContent());
  return out;
}

/**
 * The guide, done in Chromium by a parent at one screen width: every screen checked with axe-core
 * (WCAG 2.1 A/AA), for horizontal scrolling, and photographed.
 */
export function familyJourney(width: number): void {
  describe(`the family portal at ${width} px`, () => {
    let app: TestApp;
    let base: string;
    let browser: Browser;
    let screen: Screen;
    let staffToken: string;
    const requested = new Set<string>();

    beforeAll(async () => {
      ({ app, url: base } = await startPortalApp());
      browser = await launchBrowser();
      screen = await openScreen(browser, width);
      screen.context.on('request', (r) => requested.add(new URL(r.url()).origin));
      const staff = await app.ok(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { identifier: 'agent.demo', password: DEMO_PASSWORD } });
      staffToken = staff.login.accessToken;
    });

    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it('logs the demo family in (a wrong password told in French), keeps no token where scripts can read it, survives a reload', async () => {
      const { page } = screen;
      // Logged out, nothing to refresh: no error in the console (no 401 from /auth/refresh).
      const consoleErrors: string[] = [];
      page.on('console', (m) => (m.type() === 'error' ? consoleErrors.push(m.text()) : undefined));
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(`${base}/`);
      await page.waitForURL(/\/connexion\?retour=/);
      await checkScreen(screen, 'connexion');
      expect(consoleErrors).toEqual([]);
      page.removeAllListeners('console');
      page.removeAllListeners('pageerror');
      await page.getByLabel('Identifiant ou adresse e-mail').fill('famille.demo');
      await page.getByLabel(/^Mot de passe/).fill('pas-le-bon-mot-de-passe');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await see(page.getByRole('alert')).toHaveText('Identifiant ou mot de passe incorrect.');
      await checkScreen(screen, 'connexion-erreur');

      await login(page, base, 'famille.demo', DEMO_PASSWORD);
      await see(page.getByRole('contentinfo')).toContainText('Mairie d’Auterive');
      await see(page.getByRole('contentinfo')).toContainText('Place du 11 novembre');
      await see(page.getByRole('contentinfo')).toContainText('31190 Auterive');
      await see(page.getByRole('contentinfo')).toContainText('05.61.50.96.76');
      await see(page.getByRole('contentinfo').getByRole('link', { name: 'Contactez-nous' })).toBeVisible();
      await checkScreen(screen, 'accueil');

      const storage = await page.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), cookies: document.cookie }));
      expect(storage).toEqual({ local: '{}', session: '{}', cookies: '' });
      const cookies = await screen.context.cookies();
      // A browser-session cookie (no « Rester connecté »): closing the browser ends the session.
      expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite, path: c.path, expires: c.expires }))).toEqual([
        { name: 'pf_refresh', httpOnly: true, sameSite: 'Strict', path: '/auth', expires: -1 },
      ]);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();

      // At a phone's width the menu opens from its button, and Escape closes it, focus back on the button.
      const toggle = page.getByRole('button', { name: 'Menu' });
      if (await toggle.isVisible()) {
        await toggle.click();
        await see(toggle).toHaveAttribute('aria-expanded', 'true');
        await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mon compte' }).focus();
        await page.keyboard.press('Escape');
        await see(toggle).toHaveAttribute('aria-expanded', 'false');
        expect(await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Mon compte' }).isVisible()).toBe(false);
        expect(await focused(page)).toBe('Menu');
      }

      // Five more tabs opened at once (a parent opening links in new tabs, a restored session): each refreshes the shared
      // cookie in turn, and none is logged out for a « replay ».
      const tabs = await Promise.all([1, 2, 3, 4, 5].map(() => screen.context.newPage()));
      await Promise.all(tabs.map((t) => t.goto(`${base}/factures`)));
      for (const tab of tabs) await tab.getByRole('heading', { level: 1, name: 'Mes Factures & Paiements' }).waitFor();
      await Promise.all(tabs.map((t) => t.close()));
      await page.reload();
      await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
    });

    it('shows the demo family its totals, history and legend (« Mes Factures & Paiements »)', async () => {
      const { page } = screen;
      await menu(screen, 'Mes Factures & Paiements');
      await page.getByRole('heading', { level: 1, name: 'Mes Factures & Paiements' }).waitFor();
      expect(await totals(page)).toEqual({
        'Total facturé': '861,73 € (4 factures)',
        'Total des avoirs': '0,00 € (0 avoir)',
        'Total payé': '133,00 € (1 paiement)',
        'Total restant dû': '728,73 € (3 factures non soldées)',
      });
      const history = page.getByRole('table');
      await see(history).toContainText('Paiement n° 04083 (par PAYLINE)');
      await see(history).toContainText('Facture n° 2006-00098');
      await see(history).toContainText('Règlement validé');
      await see(history).toContainText('Facture non soldée');
      await page.getByText('Légende (état de la facture)').click();
      await see(page.getByText('Paiement de cette facture géré par le Trésor Public')).toBeVisible();
      await checkScreen(screen, 'factures');
      await page
        .getByRole('button', { name: 'Page suivante' })
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
    });

    it('opens « Détail de la facture » of 2006-00096 and downloads its PDF', async () => {
      const { page } = screen;
      await page.getByRole('link', { name: /Détail de la facture n° 2006-00096/ }).click();
      await page.getByRole('heading', { level: 1, name: 'Détail de la facture' }).waitFor();
      expect(await totals(page, 'dl.facts')).toEqual({
        'Facture N°': '2006-00096',
        'Date de la facture': '30/11/2009',
        Montant: '237,27 €',
        'Restant dû': '237,27 €',
        'À régler avant le': '30/12/2009',
        Etat: 'Facture non soldée',
        'Période de facturation': 'du 01/11/2009 au 30/11/2009',
        Référent: 'DEMO Emilie / DEMO Tom',
        Etablissement: 'RESTAURANT / MULTI ACCUEIL',
        Accueil: 'Restaurant / REGULIER',
      });
      await checkScreen(screen, 'facture-detail');
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Télécharger' }).click()]);
      expect(download.suggestedFilename()).toBe('facture-2006-00096.pdf');
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(await pdfText(pdf)).toContain('2006-00096');
    });

    it('pays invoice 2006-00096 at the test bank and comes back to the guide’s sentence; the totals follow', async () => {
      const { page } = screen;
      await menu(screen, 'Mes Factures & Paiements');
      await page.getByRole('link', { name: 'Payer en ligne' }).click();
      await page.getByRole('heading', { level: 1, name: 'Paiement' }).waitFor();
      const boxes = page.getByRole('checkbox');
      await see(boxes).toHaveCount(3);
      await see(boxes.nth(0)).toHaveAccessibleName(/2006-00096/);
      await see(boxes.nth(0)).toBeChecked();
      await see(boxes.nth(1)).notToBeChecked();
      expect(plain(await page.locator('.pay-total').textContent())).toBe('Montant du paiement : 237,27 €');
      await checkScreen(screen, 'payer');
      await page.getByRole('button', { name: 'Accéder au paiement' }).click();
      await page.waitForURL(/\/test-bank\/systempay/);
      await page.getByRole('button', { name: 'Payer' }).click();
      await page.waitForURL(/\/factures\/paiement\?domaine=AUTERIVE&paiement=/); // the bank's return names the commune
      await see(page.getByRole('status').filter({ hasText: 'Le paiement' })).toHaveText('Le paiement de votre facture n°2006-00096 a bien été pris en compte.');
      await checkScreen(screen, 'paiement-accepte');
      // The mail « paiement … validé » links to « Mes Factures & Paiements ».
      const validated = await waitForMail(app, 'famille.demo@auterive.example', /validé/);
      expect(Mailbox.pages(validated)).toEqual([`${base}/factures`]);
      await page.getByRole('link', { name: 'Mes Factures & Paiements' }).last().click();
      expect(await totals(page)).toEqual({
        'Total facturé': '861,73 € (4 factures)',
        'Total des avoirs': '0,00 € (0 avoir)',
        'Total payé': '370,27 € (2 paiements)',
        'Total restant dû': '491,46 € (2 factures non soldées)',
      });
    });

    it('a payment the bank refuses: said so, and the invoice stays due', async () => {
      const { page } = screen;
      await page.getByRole('link', { name: 'Payer en ligne' }).click();
      const boxes = page.getByRole('checkbox');
      await see(boxes).toHaveCount(2);
      await see(boxes.nth(0)).toHaveAccessibleName(/2006-00097/);
      await page.getByRole('button', { name: 'Accéder au paiement' }).click();
      await page.waitForURL(/\/test-bank\/systempay/);
      await page.getByRole('button', { name: 'Refuser' }).click();
      await page.waitForURL(/\/factures\/paiement\?domaine=AUTERIVE&paiement=/); // the bank's return names the commune
      await see(page.getByRole('alert')).toContainText('Le paiement a été refusé par la banque : votre facture n°2006-00097 reste à régler.');
      // Payment.reason: why, in the bank's words as the portal says them.
      expect((await totals(page, 'dl.facts')).Motif).toBe('Paiement refusé par la banque');
      await checkScreen(screen, 'paiement-refuse');
      // The mail « paiement … refusé » links to « Payer en ligne », which opens here.
      const refused = await waitForMail(app, 'famille.demo@auterive.example', /refusé/);
      expect(Mailbox.pages(refused)).toEqual([`${base}/factures/payer`]);
      await page.goto(linkOf(refused, base));
      await page.getByRole('heading', { level: 1, name: 'Paiement' }).waitFor();
      await see(page.getByRole('checkbox')).toHaveCount(2);
      await menu(screen, 'Mes Factures & Paiements');
      expect((await totals(page))['Total restant dû']).toBe('491,46 € (2 factures non soldées)');
      // Six entries now: « Page suivante », then focus on the list it shows (not lost with the button, now disabled).
      const pager = page.getByRole('navigation', { name: /^Pages : / });
      // « Page 1 sur 2 » does not touch its buttons.
      const gaps = await pager.evaluate((nav) => {
        const [previous, words, next] = [...nav.querySelectorAll('.pager-buttons > *')].map((el) => el.getBoundingClientRect());
        // Side by side: the space between them; one above the other (a narrow screen): the space below.
        const gap = (a: DOMRect, b: DOMRect) => (b.top < a.bottom && a.top < b.bottom ? b.left - a.right : b.top - a.bottom);
        return [gap(previous, words), gap(words, next)];
      });
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(8);
      await pager.getByRole('button', { name: 'Page suivante' }).click();
      await see(pager).toContainText(/^De 6 à \d+ sur \d+ éléments/);
      await eventually(async () => expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TABLE'));
    });

    it('adds a child (a missing name refused in French next to the field), then registers it', async () => {
      const { page } = screen;
      await menu(screen, 'Mes Enfants');
      await see(page.getByRole('heading', { level: 2, name: /TEST VALENTINA/ })).toBeVisible();
      await checkScreen(screen, 'enfants');
      await page.getByRole('link', { name: 'Ajouter un enfant' }).click();
      await page.getByLabel(/^Nom/).fill('TEST');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      // Every required field left empty is said at once, before anything is sent; focus on the first.
      const firstName = page.getByLabel(/^Prénom/);
      await see(firstName).toHaveAttribute('aria-invalid', 'true');
      await see(page.getByLabel(/^Date de naissance/)).toHaveAttribute('aria-invalid', 'true');
      await see(page.locator('.field-error')).toHaveCount(2);
      await see(page.locator('.field-error').first()).toHaveText('Ce champ est obligatoire.');
      expect(await firstName.evaluate((el) => el === document.activeElement)).toBe(true);
      await checkScreen(screen, 'enfant-ajout-erreur');
      // The API's own refusal, in its words, next to the field it names.
      await firstName.fill('LUCIE');
      await page.getByLabel(/^Date de naissance/).fill(`${Number(parisToday().slice(0, 4)) + 2}-03-14`);
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await see(page.getByLabel(/^Date de naissance/)).toHaveAttribute('aria-invalid', 'true');
      await see(page.locator('.field-error')).toHaveText('La date de naissance ne peut pas être dans le futur.');
      await page.getByLabel(/^Date de naissance/).fill('2019-03-14');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await see(page.getByRole('heading', { level: 2, name: /TEST LUCIE/ })).toBeVisible();
      await see(page.getByRole('heading', { level: 2, name: /TEST LUCIE/ })).toContainText('ans');

      await menu(screen, 'Les inscriptions');
      await page.getByRole('link', { name: 'Nouvelle inscription' }).click();
      await page.getByLabel(/^Enfant/).selectOption({ label: 'TEST LUCIE' });
      await page.getByLabel(/^Activité/).selectOption({ index: 1 });
      await checkScreen(screen, 'inscription-nouvelle');
      await page.getByRole('button', { name: 'Valider l’inscription' }).click();
      await see(page.getByRole('status')).toContainText(/Inscription acceptée|en attente de traitement/);
      await focusOn(page, /Inscription acceptée|en attente de traitement/);
      await page.getByRole('link', { name: 'Terminer' }).click();
      await see(page.getByRole('table')).toContainText('TEST LUCIE');
      await checkScreen(screen, 'inscriptions');
    });

    let bookedDays = 0;

    it('books a whole week: planning, « Validation du planning », « Demande de réservation enregistrée » following the worker to « Réservation acceptée »', async () => {
      const { page } = screen;
      await menu(screen, 'Les réservations');
      await page.getByRole('link', { name: 'Nouvelle réservation' }).click();
      await page.getByLabel(/TEST VALENTINA/).check();
      await checkScreen(screen, 'reservation-choix');
      await page.getByRole('button', { name: 'Afficher le planning' }).click();
      await see(page.getByText(/^Vous avez jusqu’au \d\d\/\d\d\/\d{4} pour valider vos réservations\.$/)).toBeVisible();
      const week = page.getByRole('button', { name: /réserver toute la semaine/ }).first();
      await week.click();
      bookedDays = await page.locator('.day-toggle[aria-pressed="true"]').count();
      expect(bookedDays).toBeGreaterThanOrEqual(1);
      await page.getByText('Légende', { exact: true }).click();
      await checkScreen(screen, 'planning');
      await page.getByRole('button', { name: 'Continuer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Validation du planning' }).waitFor();
      await see(page.getByRole('table').getByText('Nouvelle demande de réservation')).toHaveCount(bookedDays);
      await checkScreen(screen, 'validation-planning');
      await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demande de réservation enregistrée' }).waitFor();
      await see(page.locator('dl.facts')).toContainText('N° de la réservation');
      await see(page.locator('dl.facts')).toContainText('TEST VALENTINA');
      // The screen follows the worker: the demo canteen accepts by itself, and the page says so.
      await see(page.getByRole('status').filter({ hasText: 'Votre demande' })).toHaveText('Votre demande de réservation a été traitée : Réservation acceptée.');
      await see(page.locator('dl.facts')).toContainText('Réservation acceptée');
      await see(page.getByRole('table').getByText('Présence acceptée')).toHaveCount(bookedDays);
      await checkScreen(screen, 'reservation-enregistree');
      await page.getByRole('button', { name: 'Terminer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Les réservations' }).waitFor();
      await see(page.getByRole('table')).toContainText('TEST VALENTINA');
      await page.getByText('Légende (état de la réservation)').click();
      await checkScreen(screen, 'reservations');
      await page
        .getByRole('link', { name: /^Voir la réservation n°/ })
        .first()
        .click();
      await page.getByRole('heading', { level: 1, name: /^Réservation n° / }).waitFor();
      await see(page.getByRole('table')).toContainText(/Présence acceptée|Présence en attente de traitement|Demande de réservation/);
      await checkScreen(screen, 'reservation-detail');
      await page.getByRole('link', { name: 'Retour aux réservations' }).click();
    });

    it('cancels the same days the same way (« Demande d’annulation »); the booking then says « Annulée par la demande n° … »', async () => {
      const { page } = screen;
      await app.idle('reservations');
      await page.getByRole('link', { name: 'Nouvelle réservation' }).click();
      await page.getByLabel(/TEST VALENTINA/).check();
      await page.getByRole('button', { name: 'Afficher le planning' }).click();
      await page
        .getByRole('button', { name: /annuler toute la semaine/ })
        .first()
        .click();
      await see(page.locator('.day-toggle[aria-pressed="true"]')).toHaveCount(bookedDays);
      await page.getByRole('button', { name: 'Continuer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Validation du planning' }).waitFor();
      await see(page.getByRole('table').getByText('Demande d’annulation')).toHaveCount(bookedDays);
      await page.getByRole('button', { name: 'Confirmer la réservation' }).click();
      await page.getByRole('heading', { level: 1, name: 'Demande de réservation enregistrée' }).waitFor();
      await see(page.getByRole('status').filter({ hasText: 'Votre demande' })).toHaveText('Votre demande de réservation a été traitée : Réservation acceptée.');
      await see(page.getByRole('table').getByText('Annulation acceptée')).toHaveCount(bookedDays);
      await checkScreen(screen, 'annulation-enregistree');
      // The booking's own detail says which request cancelled its days, not « Présence acceptée » any more.
      const cancelNumber = /N° de la réservation\s*(\d{6})/.exec(plain(await page.locator('dl.facts').textContent()))![1];
      await page.getByRole('button', { name: 'Terminer' }).click();
      await page.getByRole('heading', { level: 1, name: 'Les réservations' }).waitFor();
      await page
        .getByRole('link', { name: /^Voir la réservation n°/ })
        .nth(1)
        .click();
      await page.getByRole('heading', { level: 1, name: /^Réservation n° / }).waitFor();
      await see(page.getByRole('table').getByText(`— Annulée par la demande n° ${cancelNumber}`)).toHaveCount(bookedDays);
      await see(page.getByRole('table').getByText('Présence acceptée')).toHaveCount(0);
      await checkScreen(screen, 'reservation-annulee-par');
    });

    it('books a week with the keyboard only, from the home page to « Demande de réservation enregistrée »', async () => {
      const { page } = screen;
      await page.goto(`${base}/`);
      await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
      await tabTo(page, /^Nouvelle réservation$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Nouvelle réservation' }).waitFor();
      let child = await tabTo(page, /^TEST /);
      for (let i = 0; i < 4 && !/ROMEO/.test(child); i++) {
        await page.keyboard.press('ArrowDown');
        child = await page.evaluate(() => (document.activeElement as HTMLInputElement).labels?.[0]?.innerText ?? '');
      }
      await see(page.getByLabel(/TEST ROMEO/)).toBeChecked();
      await tabTo(page, /^Afficher le planning$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: /^Planning/ }).waitFor();
      await tabTo(page, /réserver toute la semaine/);
      await page.keyboard.press('Space');
      const days = await page.locator('.day-toggle[aria-pressed="true"]').count();
      expect(days).toBeGreaterThanOrEqual(1);
      await tabTo(page, /^Continuer$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Validation du planning' }).waitFor();
      await see(page.getByRole('table').getByText('Nouvelle demande de réservation')).toHaveCount(days);
      await tabTo(page, /^Confirmer la réservation$/);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Demande de réservation enregistrée' }).waitFor();
      await see(page.locator('dl.facts')).toContainText('TEST ROMEO');
    });

    it('logs out: the session cookie is gone and a reload shows the login page', async () => {
      const { page } = screen;
      const toggle = page.getByRole('button', { name: 'Menu' });
      if (await toggle.isVisible()) await toggle.click();
      await page.getByRole('button', { name: 'Déconnexion' }).click();
      await page.waitForURL(/\/connexion/);
      expect(await screen.context.cookies()).toEqual([]);
      await page.goto(`${base}/factures`);
      await page.waitForURL(/\/connexion\?retour=%2Ffactures/);
    });

    it('first connection from the activation mail (« Activer mon compte »), then a password reset from the mail’s link', async () => {
      const email = `parent.${width}@exemple.fr`;
      await app.ok(`mutation($i: CreateFamilyAccountInput!) { createFamilyAccount(input: $i) { id } }`, { i: { email, firstName: 'Chloé', lastName: 'Martin' } }, { token: staffToken });
      const activation = await app.mailbox.waitFor(email);
      const fresh = await openScreen(browser, width);
      const { page } = fresh;
      await page.goto(linkIn(activation.text, base));
      await page.getByRole('heading', { level: 1, name: 'Activer mon compte' }).waitFor();
      await checkScreen(fresh, 'activation');
      await page.getByLabel(/^Mot de passe/).fill(NEW_PASSWORD);
      await page.getByLabel(/^Ressaisissez/).fill('autre-chose-2027');
      await page.getByRole('button', { name: 'Activer mon compte' }).click();
      await see(page.locator('.field-error')).toContainText('Les deux saisies ne sont pas identiques.');
      await page.getByLabel(/^Ressaisissez/).fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Activer mon compte' }).click();
      await see(page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Chloé Martin');
      // The same link again: said dead at once, with what to do, and no password asked.
      await page.goto(linkIn(activation.text, base));
      await see(page.getByRole('alert')).toContainText('Ce lien n’est plus valide.');
      expect(await page.getByLabel(/^Mot de passe/).count()).toBe(0);
      await see(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
      await checkScreen(fresh, 'activation-lien-mort');
      await fresh.context.close();

      const other = await openScreen(browser, width);
      await other.page.goto(`${base}/connexion`);
      await other.page.getByRole('link', { name: 'Identifiant ou Mot de passe oublié ?' }).click();
      await other.page.getByLabel(/^Adresse e-mail/).fill(email);
      await checkScreen(other, 'mot-de-passe-oublie');
      await other.page.getByRole('button', { name: 'Valider' }).click();
      await see(other.page.getByRole('status')).toContainText('un mail vient de lui être envoyé');
      await focusOn(other.page, 'un mail vient de lui être envoyé');
      const reset = await app.mailbox.waitFor(email, 2);
      await other.page.goto(linkIn(reset.text, base));
      await other.page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
      await checkScreen(other, 'reinitialisation');
      const again = 'Nouvelle-Cantine-2028';
      await other.page.getByLabel(/^Nouveau mot de passe/).fill(again);
      await other.page.getByLabel(/^Ressaisissez/).fill(again);
      await other.page.getByRole('button', { name: 'Valider' }).click();
      await see(other.page.getByRole('status')).toHaveText('Mot de passe modifié avec succès.');
      await focusOn(other.page, 'Mot de passe modifié avec succès.');
      await other.page.goto(linkIn(reset.text, base));
      await see(other.page.getByRole('alert')).toContainText('Ce lien n’est plus valide.');
      expect(await other.page.getByLabel(/^Nouveau mot de passe/).count()).toBe(0);
      await see(other.page.getByRole('link', { name: 'Demander un nouveau lien' })).toBeVisible();
      await login(other.page, base, email, again);

      // « Mon compte »: details, login e-mail (confirmed from the mail), password (wrong one first).
      const { page: account } = other;
      await menu(other, 'Mon compte');
      await account.getByLabel(/^Téléphone/).fill('06 12 34 56 78');
      await account.getByRole('button', { name: 'Enregistrer' }).click();
      await see(account.getByRole('status')).toHaveText('Informations enregistrées.');
      await checkScreen(other, 'mon-compte');
      const newEmail = `chloe.${width}@exemple.fr`;
      await account.getByLabel(/^Nouvelle adresse e-mail/).fill(newEmail);
      await account.getByLabel(/^Mot de passe actuel/).fill(again);
      await account.getByRole('button', { name: 'Modifier' }).first().click();
      await see(account.getByRole('status').filter({ hasText: 'mail de confirmation' })).toContainText(newEmail);
      await focusOn(account, 'Un mail de confirmation a été envoyé');
      const confirmation = await app.mailbox.waitFor(newEmail);
      await account.goto(linkIn(confirmation.text, base));
      await see(account.getByRole('status').filter({ hasText: 'adresse e-mail' })).toContainText(`Votre adresse e-mail est maintenant ${newEmail}`);
      await checkScreen(other, 'confirmation-email');
      await account.goto(linkIn(confirmation.text, base));
      await see(account.getByRole('alert')).toContainText('Ce lien n’est plus valide.');
      expect(await account.getByRole('status').filter({ hasText: 'adresse e-mail est maintenant' }).count()).toBe(0);
      // « Modifier mon mot de passe » from the home page: its section shown and focused.
      await account.goto(`${base}/`);
      await account.getByRole('link', { name: 'Modifier mon mot de passe' }).click();
      await focusOn(account, 'Modification de votre mot de passe');
      await account.getByLabel(/^Ancien mot de passe/).fill('pas-le-bon-2027');
      await account.getByLabel(/^Nouveau mot de passe/).fill('Encore-Une-Cantine-2029');
      await account.getByLabel(/^Ressaisissez votre nouveau/).fill('Encore-Une-Cantine-2029');
      await account.getByRole('button', { name: 'Modifier' }).last().click();
      await see(account.getByLabel(/^Ancien mot de passe/)).toHaveAttribute('aria-invalid', 'true');
      await see(account.locator('.field-error')).toContainText('Mot de passe actuel incorrect.');
      await account.getByLabel(/^Ancien mot de passe/).fill(again);
      await account.getByRole('button', { name: 'Modifier' }).last().click();
      await account.waitForURL(/\/connexion\?mot-de-passe=modifie/);
      await see(account.getByRole('status')).toContainText('Mot de passe modifié avec succès.');
      await login(account, base, newEmail, 'Encore-Une-Cantine-2029');
      await other.context.close();
    });

    it('sends a staff account that logs in on the family portal away, with a clear message', async () => {
      const staff = await openScreen(browser, width);
      await staff.page.goto(`${base}/connexion`);
      await staff.page.getByLabel('Identifiant ou adresse e-mail').fill('agent.demo');
      await staff.page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
      await staff.page.getByRole('button', { name: 'Se connecter' }).click();
      await see(staff.page.getByRole('heading', { level: 1 })).toHaveText('Espace réservé aux familles');
      await checkScreen(staff, 'compte-agent-refuse');
      await staff.context.close();
    });

    it('a login link whose « retour » leads off the site (/..//evil.test/) logs in and stays here, on the home page', async () => {
      const visitor = await openScreen(browser, width);
      const errors: string[] = [];
      visitor.page.on('pageerror', (e) => errors.push(e.message));
      await visitor.page.goto(`${base}/connexion?retour=/..//evil.test/`);
      await visitor.page.getByLabel('Identifiant ou adresse e-mail').fill('famille.demo');
      await visitor.page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
      await visitor.page.getByRole('button', { name: 'Se connecter' }).click();
      await visitor.page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
      expect(new URL(visitor.page.url()).origin).toBe(new URL(base).origin);
      expect(new URL(visitor.page.url()).pathname).toBe('/');
      expect(errors).toEqual([]);
      await visitor.context.close();
    });

    it('a computer whose clock is two years ahead keeps its session, without renewing it at every request', async () => {
      const off = await openScreen(browser, width);
      const ahead = new Date(clock.now().getTime() + 2 * 365 * 86_400_000);
      // openScreen installed the tests' clock when the run moved it (CLOCK_START): move that one.
      if (clockStart()) await off.context.clock.setSystemTime(ahead);
      else await off.context.clock.install({ time: ahead });
      let refreshes = 0;
      off.page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/auth/refresh') refreshes++;
      });
      await login(off.page, base, 'famille.demo', DEMO_PASSWORD);
      const atLogin = refreshes;
      for (const name of ['Les réservations', 'Mes Factures & Paiements', 'Les inscriptions']) {
        await menu(off, name);
        await off.page.getByRole('heading', { level: 1, name }).waitFor();
      }
      expect(refreshes - atLogin).toBe(0);
      await off.context.close();
    });

    it('asked nothing of any other host (fonts and icons are shipped)', () => {
      expect([...requested]).toEqual([base]);
    });
  });
}
