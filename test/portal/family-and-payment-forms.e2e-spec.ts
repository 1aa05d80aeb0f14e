/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { checkScreen, launchBrowser, openScreen, plain, Screen, see, startPortalApp } from '../helpers/browser';
import { TestApp } from '../helpers/test-app';

const DEMO_PASSWORD = 'Portail-Demo-2026';
const WIDTH = 1280;

async function familyLogin(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/connexion`);
  await page.getByLabel('Identifiant ou adresse e-mail').fill('famille.demo');
  await page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
}

async function agentLogin(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/agents/connexion`);
  await page.getByLabel('Identifiant ou adresse e-mail').fill('agent.demo');
  await page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
}

/**
 * Issue 16, as a family and an agent saw it with the guide's data: a child entered twice, « Payer en
 * ligne » from an invoice's detail, the back-office's absence and cheque forms, and a home page whose
 * only invoice left is the Trésor Public's.
 */
describe('children, « Payer en ligne » and the régie’s forms', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let family: Screen;
  let agent: Screen;

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    browser = await launchBrowser();
    family = await openScreen(browser, WIDTH);
    agent = await openScreen(browser, WIDTH);
    await familyLogin(family.page, base);
    await agentLogin(agent.page, base);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function addChild(page: Page, firstName: string, lastName: string, birthDate: string) {
    await page.goto(`${base}/enfants/nouveau`);
    await page.getByLabel(/^Prénom/).fill(firstName);
    await page.getByLabel(/^Nom/).fill(lastName);
    await page.getByLabel(/^Date de naissance/).fill(birthDate);
    await page
      .getByRole('button', { name: /Enregistrer|Ajouter/ })
      .last()
      .click();
  }

  it('a saved child is announced; the same child again is refused with a French message', async () => {
    const { page } = family;
    await addChild(page, 'Léa', 'Martin', '2018-03-04');
    await page.waitForURL(/\/enfants\?/);
    await see(page.getByRole('status')).toHaveText('Enfant enregistré : Léa Martin.');
    await checkScreen(family, 'enfant-enregistre');
    await addChild(page, 'LEA', 'martin', '2018-03-04');
    await see(page.getByRole('alert').or(page.locator('.field-error'))).toContainText('LEA martin, né(e) le 04/03/2018, est déjà enregistré(e) dans votre famille.');
    expect(page.url()).toContain('/enfants/nouveau');
    const names = await app.dataSource.query(`SELECT count(*)::int AS n FROM child WHERE last_name ILIKE 'martin'`);
    expect(names[0].n).toBe(1);
  });

  it('« Payer en ligne » from the detail of 2006-00098 ticks 2006-00098; from the list, the oldest', async () => {
    const { page } = family;
    await page.goto(`${base}/factures`);
    await page.getByRole('link', { name: /Détail de la facture n° 2006-00098/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de la facture' }).waitFor();
    await page.getByRole('link', { name: 'Payer en ligne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Paiement' }).waitFor();
    await see(page.getByRole('checkbox', { name: /2006-00098/ })).toBeChecked();
    await see(page.getByRole('checkbox', { name: /2006-00096/ })).notToBeChecked();
    expect(plain(await page.locator('.pay-total').textContent())).toBe('Montant du paiement : 249,96 €');

    await page.goto(`${base}/factures`);
    await page.getByRole('link', { name: 'Payer en ligne' }).click();
    await page.getByRole('heading', { level: 1, name: 'Paiement' }).waitFor();
    await see(page.getByRole('checkbox', { name: /2006-00096/ })).toBeChecked();
    await see(page.getByRole('checkbox', { name: /2006-00098/ })).notToBeChecked();
  });

  it('« Excuser une absence » takes its days from date fields, checked before sending', async () => {
    const { page } = agent;
    await page.goto(`${base}/agents/familles?q=famille.demo`);
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /^Famille / }).waitFor();
    const form = page.getByRole('form', { name: 'Excuser une absence' });
    await form.getByLabel(/^Enfant/).selectOption({ index: 1 });
    await form.getByLabel(/^Activité/).selectOption({ index: 1 });
    expect(await form.getByLabel(/^Jour 1/).getAttribute('type')).toBe('date');
    await form.getByLabel(/^Jour 1/).fill('2009-11-02');
    await form.getByRole('button', { name: 'Ajouter un jour' }).click();
    await form.getByLabel(/^Jour 2/).fill('2009-11-02');
    await form.getByLabel(/^Motif/).fill('Certificat médical');
    await form.getByRole('button', { name: 'Excuser l’absence' }).click();
    await see(form.locator('.field-error')).toContainText('Le lundi 2 novembre est déjà dans la liste.');
    await form.getByRole('button', { name: 'Retirer le jour 2' }).click();
    await form.getByRole('button', { name: 'Excuser l’absence' }).click();
    // The day reached the server as a date: it answers about that day.
    await see(form.getByRole('alert')).toContainText('n’est pas une présence réservée');
    await checkScreen(agent, 'agents-excuser-absence');
  });

  it('a cheque needs its number: refused in French when malformed, then shown with its bank in the payments', async () => {
    const { page } = agent;
    const form = page.getByRole('form', { name: 'Enregistrer un paiement' });
    await form.getByRole('checkbox', { name: /2006-00097/ }).check();
    await form.getByLabel(/^Moyen de paiement/).selectOption('CHECK');
    await form.getByLabel(/^Montant/).fill('241,50');
    await form.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await see(form.locator('.field-error')).toContainText('Ce champ est obligatoire.');
    await form.getByLabel(/^N° du chèque/).fill('12A');
    await form.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await see(form.locator('.field-error')).toContainText('Le numéro du chèque ne contient que des chiffres');
    await form.getByLabel(/^N° du chèque/).fill('1234567');
    await form.getByLabel(/^Banque/).fill('La Banque Postale');
    await checkScreen(agent, 'agents-paiement-cheque');
    await form.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await see(page.getByRole('status').filter({ hasText: 'Paiement n°' })).toContainText('241,50');
    await see(page.getByRole('table', { name: /^Paiements/ })).toContainText('Chèque n° 1234567 (La Banque Postale)');
    await page.goto(`${base}/agents/paiements`);
    await see(page.getByRole('table')).toContainText('Chèque n° 1234567 (La Banque Postale)');
  });

  it('with only a Trésor Public invoice left, the home page says why there is nothing to pay online', async () => {
    const { page } = agent;
    await page.goto(`${base}/agents/familles?q=famille.demo`);
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /^Famille / }).waitFor();
    const form = page.getByRole('form', { name: 'Enregistrer un paiement' });
    await form.getByRole('checkbox', { name: /2006-00098/ }).check();
    await form.getByLabel(/^Moyen de paiement/).selectOption('TRANSFER');
    await form.getByLabel(/^Montant/).fill('249,96');
    await form.getByLabel(/^Référence du virement/).fill('VIR DUPONT 11/2009');
    await form.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await see(page.getByRole('status').filter({ hasText: 'Paiement n°' })).toContainText('249,96');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Transmettre au Trésor Public : facture n° 2006-00096' }).click();
    await see(
      page
        .locator('#factures')
        .locator('..')
        .getByRole('row', { name: /2006-00096/ }),
    ).toContainText('Paiement de cette facture géré par le Trésor Public');
    await see(page.getByRole('table', { name: /^Paiements/ })).toContainText('Virement : VIR DUPONT 11/2009');

    await family.page.goto(`${base}/`);
    const bloc = family.page.getByRole('region', { name: 'Mes Factures & Paiements' });
    await see(bloc).toContainText('237,27');
    await see(bloc).toContainText('géré par le Trésor Public');
    expect(await family.page.getByRole('link', { name: 'Payer en ligne' }).count()).toBe(0);
    await checkScreen(family, 'accueil-tresor-public');
    await family.page.goto(`${base}/factures`);
    await see(family.page.getByRole('main')).toContainText('géré par le Trésor Public');
    expect(await family.page.getByRole('link', { name: 'Payer en ligne' }).count()).toBe(0);
  });
});
