/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { checkScreen, launchBrowser, linkIn, openScreen, Screen, see, startPortalApp } from '../helpers/browser';
import { TestApp } from '../helpers/test-app';

const DEMO_PASSWORD = 'Portail-Demo-2026';
const NEW_PASSWORD = 'Agent-Cantine-2027';
const WIDTH = 1280;

async function agentLogin(page: Page, base: string, identifier: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${base}/agents/connexion`);
  await page.getByLabel('Identifiant ou adresse e-mail').fill(identifier);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** SPEC §2 Accounts and §8 « Agents »: a staff account's own activation page; edit, deactivate, reactivate; roles in French. */
describe('the « Agents » screen and a staff account’s first connection', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let admin: Screen;
  let agent: Screen;

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    browser = await launchBrowser();
    admin = await openScreen(browser, WIDTH);
    agent = await openScreen(browser, WIDTH);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('an agent created by the ADMIN activates from the mail on a staff page, never the families’ text, and lands on the back-office', async () => {
    const { page } = admin;
    await agentLogin(page, base, 'admin.demo');
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.goto(`${base}/agents/agents`);
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    // Roles are French words, never STAFF / ADMIN.
    expect(await page.getByLabel(/^Rôle/).locator('option').allTextContents()).toEqual(['Agent', 'Administrateur']);
    await see(page.getByRole('table')).toContainText('Administrateur');
    expect(await page.locator('main').textContent()).not.toMatch(/STAFF|ADMIN\b/);
    await page.getByLabel(/^Prénom/).fill('Sami');
    await page.getByLabel(/^Nom/).fill('Benali');
    await page.getByLabel(/^Adresse e-mail/).fill('sami.benali@auterive.example');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await see(page.getByRole('status')).toContainText('le mail d’activation a été envoyé');

    const mail = await app.mailbox.waitFor('sami.benali@auterive.example');
    expect(mail.text).toContain('votre compte agent');
    await agent.page.goto(linkIn(mail.text, base));
    expect(agent.page.url()).toMatch(/\/agents\/activation\?(.*&)?token=/);
    await agent.page.getByRole('heading', { level: 1, name: 'Activer mon compte agent' }).waitFor();
    const text = await agent.page.locator('main').textContent();
    expect(text).toContain('compte agent');
    expect(text).not.toMatch(/inscription|famille/i);
    await checkScreen(agent, 'agents-activation');
    await agent.page.getByLabel(/^Mot de passe/).fill(NEW_PASSWORD);
    await agent.page.getByLabel(/^Ressaisissez/).fill(NEW_PASSWORD);
    await agent.page.getByRole('button', { name: 'Activer mon compte agent' }).click();
    await agent.page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await see(agent.page.locator('.who')).toHaveText('Sami Benali (Agent)');
  });

  it('the ADMIN renames the agent and makes them Administrateur', async () => {
    const { page } = admin;
    await page.reload();
    await page.getByRole('button', { name: 'Modifier le compte de Sami Benali' }).click();
    const form = page.getByRole('form', { name: 'Modifier le compte de Sami Benali' });
    await form.getByLabel(/^Prénom/).fill('Samir');
    await form.getByLabel(/^Rôle/).selectOption({ label: 'Administrateur' });
    await checkScreen(admin, 'agents-agents-modifier');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page.getByRole('status')).toContainText('Compte de Samir Benali enregistré.');
    await see(page.getByRole('row', { name: /Benali Samir/ })).toContainText('Administrateur');
    await page.getByRole('button', { name: 'Modifier le compte de Samir Benali' }).click();
    await page.getByRole('form', { name: 'Modifier le compte de Samir Benali' }).getByLabel(/^Rôle/).selectOption({ label: 'Agent' });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await see(page.getByRole('row', { name: /Benali Samir/ })).toContainText('Agent');
  });

  it('deactivated, the agent is put out at their next step and refused at login in French; reactivated, logs in again', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Désactiver le compte de Samir Benali' }).click();
    await see(page.getByRole('status')).toContainText('Compte de Samir Benali désactivé');
    await see(page.getByRole('row', { name: /Benali Samir/ })).toContainText('Désactivé');
    // No button to deactivate oneself.
    const own = page.getByRole('row', { name: /\(vous\)/ });
    await see(own).toContainText('Administrateur');
    expect(await own.getByRole('button', { name: /^Désactiver/ }).count()).toBe(0);
    await checkScreen(admin, 'agents-agents-desactive');

    await agent.page.getByRole('navigation', { name: 'Menu de l’espace agents' }).getByRole('link', { name: 'Paiements', exact: true }).click();
    await agent.page.waitForURL(/\/agents\/connexion/);
    await agentLogin(agent.page, base, 'sami.benali', NEW_PASSWORD);
    await see(agent.page.getByRole('alert')).toContainText('Ce compte a été désactivé. Adressez-vous à un administrateur de la mairie.');

    await page.getByRole('button', { name: 'Réactiver le compte de Samir Benali' }).click();
    await see(page.getByRole('status')).toContainText('réactivé');
    await agentLogin(agent.page, base, 'sami.benali', NEW_PASSWORD);
    await agent.page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  });
});
