/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { addDays, LocalDate } from '../../src/common/dates/local-date';
import { checkScreen, eventually, launchBrowser, linkIn, openScreen, plain, Screen, see, startPortalApp } from '../helpers/browser';
import { addChild, C, createActivity, parisToday } from '../helpers/catalog';
import { R } from '../helpers/reservations';
import { CapturedMail, Mailbox } from '../helpers/mailbox';
import { waitForMail } from '../helpers/payments';
import { PASSWORD, TestApp } from '../helpers/test-app';

const DEMO_PASSWORD = 'Portail-Demo-2026';
const WIDTH = 1440;
/** « 02/09/2026 », as the back-office writes a day. */
const frenchDay = (iso: string) => `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

async function agentLogin(page: Page, base: string, identifier: string): Promise<void> {
  await page.goto(`${base}/agents`);
  await page.waitForURL(/\/agents\/connexion/);
  await page.getByLabel('Identifiant ou adresse e-mail').fill(identifier);
  await page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
}

async function go(screen: Screen, name: string): Promise<void> {
  await screen.page.getByRole('navigation', { name: 'Menu de l’espace agents' }).getByRole('link', { name, exact: true }).click();
  await screen.page.getByRole('heading', { level: 1 }).first().waitFor();
}

/** Presses Tab until the focused element's accessible name matches. */
async function tabTo(page: Page, name: RegExp, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return '';
      const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.innerText ?? el.innerText;
      const legend = el.closest('fieldset')?.querySelector('legend')?.textContent ?? '';
      return `${legend} ${label}`.replace(/\s+/g, ' ').trim();
    });
    if (name.test(focused)) return;
  }
  throw new Error(`nothing named ${name} reached with Tab`);
}

/** The Hébert parent, logged in on the family portal at a phone's width. */
async function parentScreen(browser: Browser, base: string): Promise<Screen> {
  const parent = await openScreen(browser, 360);
  await parent.page.goto(`${base}/connexion`);
  await parent.page.getByLabel('Identifiant ou adresse e-mail').fill('lea.hebert@exemple.fr');
  await parent.page.getByLabel(/^Mot de passe/).fill(PASSWORD);
  await parent.page.getByRole('button', { name: 'Se connecter' }).click();
  await parent.page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
  return parent;
}

/** The one portal page a mail links to, opened where the parent is logged in: its main heading. */
async function openMailLink(parent: Screen, mail: CapturedMail, base: string, path: string | RegExp): Promise<string> {
  const pages = Mailbox.pages(mail);
  expect(pages).toHaveLength(1);
  expect(pages[0].startsWith(`${base}/`)).toBe(true);
  const shown = pages[0].slice(base.length);
  if (typeof path === 'string') expect(shown).toBe(path);
  else expect(shown).toMatch(path);
  const link = (mail.text.match(/https?:\/\/[^\s)>\]"]+/) ?? [''])[0];
  await parent.page.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
  const h1 = parent.page.getByRole('heading', { level: 1 }).first();
  await h1.waitFor();
  await eventually(async () => expect(await parent.page.locator('.loading').count()).toBe(0));
  return plain(await h1.textContent());
}

/** Service days still free to book for a child, in one month (the first month that has `n`). */
async function freeDays(app: TestApp, token: string, childId: string, activityId: string, n: number): Promise<{ month: string; days: LocalDate[] }> {
  const start = addDays(parisToday(), 3);
  for (const month of [start.slice(0, 7), addDays(start, 31).slice(0, 7)]) {
    const data = await app.ok(R.planning, { childId, activityId, month }, { token });
    const days = data.planning.weeks
      .flatMap((w: any) => w.days)
      .filter((d: any) => d.inMonth && d.modifiable && d.state === 'FREE' && d.date >= start)
      .map((d: any) => d.date as LocalDate);
    if (days.length >= n) return { month, days: days.slice(0, n) };
  }
  throw new Error('no free days to book');
}

/**
 * An agent's day in the back-office, in Chromium at 1440 px: every screen checked with axe-core and
 * photographed; then every screen again at 1024 px.
 */
describe('the staff back-office', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let screen: Screen;
  let staffToken: string;
  let activity: { id: string; name: string };
  let family: { token: string; familyId: string };
  let leo: { id: string };
  let reservationDays: LocalDate[];
  let reservationMonth: string;
  const mailTo = (to: string, subject: RegExp) => waitForMail(app, to, subject);

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    browser = await launchBrowser();
    screen = await openScreen(browser, WIDTH);
    staffToken = (await app.ok(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { identifier: 'agent.demo', password: DEMO_PASSWORD } })).login.accessToken;
    const demo = (await app.ok(C.activities, {}, { token: staffToken })).activities[0];
    // An activity decided by the agents (not automatic), bookable up to the day before.
    activity = await createActivity(app, staffToken, demo.establishment.id, { name: 'CANTINE SUR DÉCISION', autoAccept: false, modificationLeadDays: 1, startDate: addDays(parisToday(), -10) });
    family = await app.family('AUTERIVE', staffToken, { email: 'lea.hebert@exemple.fr', firstName: 'Léa', lastName: 'Hébert' });
    leo = await addChild(app, family.token, {
      firstName: 'Léo',
      lastName: 'HÉBERT',
      diet: 'VEGETARIAN',
      birthDate: '2017-05-02',
      grade: 'CE1',
      school: 'Ecole Louis Gauthier',
      allergies: 'Allergie aux arachides (PAI)',
    });
    const chloe = await addChild(app, family.token, { firstName: 'Chloé', lastName: 'HÉBERT', birthDate: '2019-09-12' });
    const reg = await app.ok(C.registerChild, { i: { childId: leo.id, activityId: activity.id } }, { token: family.token });
    await app.ok(C.decideRegistration, { i: { registrationId: reg.registerChild.id, accept: true } }, { token: staffToken });
    await app.ok(C.registerChild, { i: { childId: chloe.id, activityId: activity.id } }, { token: family.token }); // pending: decided on screen
    ({ month: reservationMonth, days: reservationDays } = await freeDays(app, family.token, leo.id, activity.id, 3));
    await app.ok(R.submit, { i: { childId: leo.id, activityId: activity.id, month: reservationMonth, book: reservationDays } }, { token: family.token });
    await app.idle('reservations');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('refuses a family account with a clear message', async () => {
    const other = await openScreen(browser, WIDTH);
    await other.page.goto(`${base}/agents/connexion`);
    await other.page.getByLabel('Identifiant ou adresse e-mail').fill('famille.demo');
    await other.page.getByLabel(/^Mot de passe/).fill(DEMO_PASSWORD);
    await other.page.getByRole('button', { name: 'Se connecter' }).click();
    await see(other.page.getByRole('alert')).toContainText('Ce compte est un compte famille');
    await checkScreen(other, 'agents-compte-famille-refuse');
    await other.context.close();
  });

  it('shows the dashboard: what waits for a decision, the kitchen’s next days', async () => {
    await agentLogin(screen.page, base, 'agent.demo');
    const { page } = screen;
    await see(page.getByRole('link', { name: /inscription(s)? en attente/ })).toHaveText('1 inscription en attente');
    await see(page.getByRole('link', { name: /réservation(s)? en attente/ })).toHaveText('1 réservation en attente');
    await see(page.getByRole('heading', { level: 3, name: /CANTINE SUR DÉCISION/ })).toBeVisible();
    expect(await page.getByRole('link', { name: 'Agents', exact: true }).count()).toBe(0); // STAFF: no « Agents » screen
    const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
    expect(storage).toEqual({ local: 0, session: 0 }); // the access token lives in memory only
    const cookies = await screen.context.cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, path: c.path, sameSite: c.sameSite }))).toEqual([{ name: 'pf_refresh', httpOnly: true, path: '/auth', sameSite: 'Strict' }]);
    await checkScreen(screen, 'agents-tableau-de-bord');
  });

  it('finds a family by a name typed without its accent, and opens its file', async () => {
    const { page } = screen;
    await go(screen, 'Familles');
    await page.getByLabel(/^Nom, identifiant ou adresse e-mail/).fill('hebert');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await see(page.getByRole('table')).toContainText('lea.hebert@exemple.fr');
    await checkScreen(screen, 'agents-familles');
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /^Famille / }).waitFor();
    await see(page.locator('#enfants').locator('..')).toContainText('Végétarien');
    await checkScreen(screen, 'agents-fiche-famille');
  });

  it('creates a family account whose activation mail opens the family portal', async () => {
    const { page } = screen;
    await go(screen, 'Familles');
    await page.getByRole('link', { name: 'Créer un compte famille' }).click();
    await page.getByLabel(/^Prénom/).fill('Noémie');
    await page.getByLabel(/^Nom/).fill('Lefèvre');
    await page.getByLabel(/^Adresse e-mail/).fill('noemie.lefevre@exemple.fr');
    await checkScreen(screen, 'agents-creer-famille');
    await page.getByRole('button', { name: /Créer le compte/ }).click();
    await see(page.getByRole('status')).toContainText('le mail « Activer mon compte » a été envoyé à noemie.lefevre@exemple.fr');
    const mail = await app.mailbox.waitFor('noemie.lefevre@exemple.fr');
    const parent = await openScreen(browser, 360);
    await parent.page.goto(linkIn(mail.text, base));
    await parent.page.getByLabel(/^Mot de passe/).fill('Cantine-Noemie-2027');
    await parent.page.getByLabel(/^Ressaisissez/).fill('Cantine-Noemie-2027');
    await parent.page.getByRole('button', { name: 'Activer mon compte' }).click();
    await see(parent.page.getByRole('heading', { level: 1 })).toHaveText('Bonjour Noémie Lefèvre');
    await parent.context.close();
  });

  it('accepts the pending registration', async () => {
    const { page } = screen;
    await go(screen, 'Inscriptions à traiter');
    await see(page.getByRole('heading', { level: 2, name: /HÉBERT Chloé/ })).toBeVisible();
    await checkScreen(screen, 'agents-inscriptions');
    await page.getByRole('button', { name: 'Accepter l’inscription de HÉBERT Chloé' }).click();
    await see(page.getByRole('status')).toHaveText('Inscription de HÉBERT Chloé à CANTINE SUR DÉCISION acceptée.');
    await see(page.getByText('Aucune inscription en attente.')).toBeVisible();
    const regs = await app.ok(C.myRegistrations, {}, { token: family.token });
    expect(regs.myRegistrations.items.map((r: any) => `${r.child.firstName}:${r.state}`).sort()).toEqual(['Chloé:ACCEPTED', 'Léo:ACCEPTED']);
  });

  it('with the keyboard only, accepts two days of the pending reservation and refuses one (its reason asked for first); the family sees it', async () => {
    const { page } = screen;
    await go(screen, 'Réservations à traiter');
    await checkScreen(screen, 'agents-reservations');
    await page.getByRole('link', { name: /^Décider la réservation n°/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Réservation n° / }).waitFor();
    await checkScreen(screen, 'agents-decider-reservation');
    // The third day: « Refuser » (arrow key in its radio group), then the reason, then the button.
    const third = reservationDays[2];
    const [y, , d] = third.split('-').map(Number);
    const label = new RegExp(`Décision pour \\w+ ${String(d).padStart(2, '0')} \\S+ ${y}`);
    await tabTo(page, label);
    await page.keyboard.press('ArrowDown');
    // Refused without a reason: the reason is asked for (and focused), nothing is sent.
    await tabTo(page, /Enregistrer la décision/);
    await page.keyboard.press('Enter');
    const reasonField = page.getByLabel(/^Motif du refus/);
    await eventually(async () => expect(await reasonField.evaluate((el) => el === document.activeElement)).toBe(true));
    await see(page.getByText('Indiquez le motif du refus : il est montré à la famille.')).toBeVisible();
    await see(page.getByRole('table').locator('tbody tr').nth(2)).toContainText('Présence en attente de traitement');
    await page.keyboard.type('Plus de place à la table des CP');
    await tabTo(page, /Enregistrer la décision/);
    await page.keyboard.press('Enter');
    await see(page.getByRole('status').filter({ hasText: 'Décision' })).toHaveText('Décision appliquée.');
    const rows = page.getByRole('table').locator('tbody tr');
    await see(rows).toHaveCount(3);
    await see(rows.nth(0)).toContainText('Présence acceptée');
    await see(rows.nth(1)).toContainText('Présence acceptée');
    await see(rows.nth(2)).toContainText('Présence refusée — Plus de place à la table des CP');

    const parent = await parentScreen(browser, base);
    await parent.page.goto(`${base}/reservations`);
    await parent.page
      .getByRole('link', { name: /^Voir la réservation n°/ })
      .first()
      .click();
    await see(parent.page.getByRole('table')).toContainText('Présence refusée — Plus de place à la table des CP');
    // The mail « votre réservation n° … a été traitée » opens that reservation.
    const processed = await mailTo('lea.hebert@exemple.fr', /a été traitée/);
    expect(await openMailLink(parent, processed, base, /^\/reservations\/[0-9a-f-]{36}$/)).toMatch(/^Réservation n° /);
    await see(parent.page.getByRole('table')).toContainText('Présence refusée — Plus de place à la table des CP');
    await parent.context.close();
  });

  it('reads the kitchen’s headcount with diets and each day’s children (class, diet, PAI) and downloads it as a French CSV', async () => {
    const { page } = screen;
    await go(screen, 'Effectifs');
    await page.getByLabel(/^Activité/).selectOption(activity.id);
    await page.getByLabel(/^Du/).fill(reservationDays[0]);
    await page.getByLabel(/^Au/).fill(reservationDays[2]);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await see(page.getByRole('table').first().locator('tbody tr')).toHaveCount(3);
    // Each day's children, for the kitchen to check the list: class and school, diet, the PAI note (staff only).
    const firstDay = page.getByRole('region', { name: /^Enfants du / }).first();
    await see(firstDay.getByRole('heading', { level: 3 })).toContainText('1 enfant');
    await see(firstDay.getByRole('row', { name: /HÉBERT Léo/ })).toContainText('CE1 — Ecole Louis Gauthier');
    await see(firstDay.getByRole('row', { name: /HÉBERT Léo/ })).toContainText('Végétarien');
    await see(firstDay.getByRole('row', { name: /HÉBERT Léo/ })).toContainText('Oui : Allergie aux arachides (PAI)');
    await see(page.getByRole('region', { name: /^Enfants du / }).nth(2)).toContainText('Aucun enfant inscrit ce jour-là.');
    await checkScreen(screen, 'agents-effectifs');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger (CSV)' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM
    const all = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    // The days' counts, an empty line, then the children of each day.
    const blank = all.indexOf('');
    const lines = all.slice(0, blank).map((l) => l.split(';'));
    const children = all.slice(blank + 1).map((l) => l.split(';'));
    expect(lines[0]).toEqual(['Activité', 'Date', 'Jour', 'Réservés', 'En attente', 'Capacité', 'Standard', 'Sans porc', 'Végétarien', 'Sans viande']);
    const fr = (iso: string) => `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    expect(children[0]).toEqual(['Activité', 'Date', 'Jour', 'Enfant', 'Classe', 'École', 'Régime', 'PAI / allergies']);
    expect(children.slice(1).map((c) => [c[1], c[3], c[4], c[5], c[6], c[7]])).toEqual(
      reservationDays.slice(0, 2).map((day) => [fr(day), 'HÉBERT Léo', 'CE1', 'Ecole Louis Gauthier', 'Végétarien', 'Oui']),
    );
    const byDate = new Map(lines.slice(1).map((l) => [l[1], l]));
    for (const day of reservationDays.slice(0, 2)) {
      const row = byDate.get(fr(day))!;
      expect({ day, booked: row[3], vegetarian: row[8], standard: row[6] }).toEqual({ day, booked: '1', vegetarian: '1', standard: '0' });
    }
    expect(byDate.get(fr(reservationDays[2]))![3]).toBe('0');
  });

  it('closes a day for a strike once confirmed (what it cancels said first): the family’s booked day shows closed; removing it makes the day bookable, not booked', async () => {
    const { page } = screen;
    await go(screen, 'Activités');
    await checkScreen(screen, 'agents-activites');
    await page.getByRole('link', { name: new RegExp(`^${activity.name}`) }).click();
    await page.getByRole('heading', { level: 2, name: /^Calendrier/ }).waitFor();
    const strike = reservationDays[0];
    await page.getByRole('form', { name: 'Ajouter une fermeture' }).getByLabel(/^Du/).fill(strike);
    await page.getByRole('form', { name: 'Ajouter une fermeture' }).getByLabel(/^Au/).fill(strike);
    await page
      .getByRole('form', { name: 'Ajouter une fermeture' })
      .getByLabel(/^Motif/)
      .fill('Grève');
    await page.getByRole('button', { name: 'Fermer ces jours' }).click();
    // Asked first, with what it cancels: nothing is closed yet.
    const ask = page.getByRole('alertdialog', { name: 'Confirmer la fermeture' });
    await see(ask).toContainText(`Fermer le ${frenchDay(strike)} (Grève) : 1 présence réservée ou demandée sera annulée, les places libérées et les familles prévenues par mail`);
    const dayOfLeo = async () =>
      (await app.ok(R.planning, { childId: leo.id, activityId: activity.id, month: reservationMonth }, { token: family.token })).planning.weeks
        .flatMap((w: any) => w.days)
        .find((d: any) => d.date === strike);
    expect((await dayOfLeo()).state).toBe('BOOKED');
    await checkScreen(screen, 'agents-confirmer-fermeture');
    await ask.getByRole('button', { name: 'Confirmer la fermeture' }).click();
    await see(page.getByRole('status').filter({ hasText: 'Fermeture' })).toHaveText('Fermeture enregistrée.');
    // Focus on the message, not lost on the page's body with the busy button.
    await eventually(async () => expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Fermeture enregistrée.'));
    await checkScreen(screen, 'agents-activite');
    await app.idle('reservations');
    const day = await dayOfLeo();
    expect({ state: day.state, label: day.closureLabel }).toEqual({ state: 'CLOSED', label: 'Grève' });
    // The family's mail about it opens « Les réservations ».
    const parent = await parentScreen(browser, base);
    expect(await openMailLink(parent, await mailTo('lea.hebert@exemple.fr', /fermeture \(Grève\)/), base, '/reservations')).toBe('Les réservations');
    await parent.context.close();

    // Removed (asked first): the day can be booked again, and is not booked again by itself.
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('Les jours redeviennent réservables');
      void dialog.accept();
    });
    await page.getByRole('button', { name: new RegExp(`^Retirer la fermeture Grève du ${frenchDay(strike)}`) }).click();
    await see(page.getByRole('status').filter({ hasText: 'retirée' })).toHaveText(`Fermeture du ${frenchDay(strike)} retirée : les jours sont de nouveau réservables.`);
    const reopened = await dayOfLeo();
    expect({ state: reopened.state, label: reopened.closureLabel }).toEqual({ state: 'FREE', label: null });
  });

  it('bills the month, the progress bar reaching the end', async () => {
    const { page } = screen;
    await go(screen, 'Facturation');
    await page.getByLabel(/^Mois/).fill(reservationMonth);
    // The month is not over: the agent is asked first, and confirms.
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('n’est pas terminé');
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Lancer la facturation' }).click();
    // The run just started, in the « Facturer un mois » section (older runs are listed further down).
    const launched = page.getByRole('region', { name: 'Facturer un mois' });
    const bar = launched.getByRole('progressbar', { name: /Avancement de la facturation/ });
    await eventually(async () => expect(await bar.getAttribute('value', { timeout: 2_000 })).toBe('100'), 30_000);
    await see(launched.getByRole('status')).toContainText('terminée — 1 famille sur 1, 1 facture créée');
    await see(page.getByRole('table').first()).toContainText('HÉBERT Léa');
    await checkScreen(screen, 'agents-facturation');
  });

  it('mails the family its invoice and, after a closure over a billed day, its credit note: each mail opens the invoice; both PDFs named alike', async () => {
    const parent = await parentScreen(browser, base);
    const invoiceMail = await mailTo('lea.hebert@exemple.fr', /nouvelle facture disponible/);
    expect(await openMailLink(parent, invoiceMail, base, /^\/factures\/[0-9a-f-]{36}$/)).toBe('Détail de la facture');
    const invoicePage = parent.page.url();
    const number = /n° (\S+)\)/.exec(invoiceMail.subject)![1];
    await see(parent.page.locator('dl.facts')).toContainText(number);

    await app.ok(C.addClosure, { i: { activityId: activity.id, from: reservationDays[1], to: reservationDays[1], label: 'Intempéries' } }, { token: staffToken });
    await app.idle('reservations');
    const noteMail = await mailTo('lea.hebert@exemple.fr', /avoir n° AV-/);
    await openMailLink(parent, noteMail, base, new URL(invoicePage).pathname);
    const note = /avoir n° (AV-\S+) établi/.exec(noteMail.subject)![1];
    await see(parent.page.getByText(`Avoir n° ${note}`, { exact: false })).toBeVisible();

    // The history's credit note and the invoice download under one scheme: « avoir-AV-… .pdf », « facture-… .pdf ».
    await parent.page.goto(`${base}/factures`);
    const [noteDownload] = await Promise.all([parent.page.waitForEvent('download', { timeout: 60_000 }), parent.page.getByRole('button', { name: `Télécharger l’avoir n° ${note}` }).click()]);
    expect(noteDownload.suggestedFilename()).toBe(`avoir-${note}.pdf`);
    await parent.page.goto(invoicePage);
    const [invoiceDownload] = await Promise.all([parent.page.waitForEvent('download', { timeout: 60_000 }), parent.page.getByRole('button', { name: 'Télécharger', exact: true }).click()]);
    expect(invoiceDownload.suggestedFilename()).toBe(`facture-${number}.pdf`);
    await parent.context.close();
  });

  it('records a cheque against an invoice (the family’s totals change) and hands another to the Trésor Public', async () => {
    const { page } = screen;
    await go(screen, 'Familles');
    await page.getByLabel(/^Nom, identifiant ou adresse e-mail/).fill('famille.demo');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /^Famille / }).waitFor();
    const form = page.getByRole('form', { name: 'Enregistrer un paiement' });
    await form.getByRole('checkbox', { name: /2006-00098/ }).check();
    await form.getByLabel(/^Moyen de paiement/).selectOption('CHECK');
    await form.getByLabel(/^N° du chèque/).fill('0012345');
    await form.getByLabel(/^Montant/).fill('249,96');
    await form.getByRole('button', { name: 'Enregistrer le paiement' }).click();
    await see(page.getByRole('status').filter({ hasText: 'Paiement n°' })).toContainText('249,96');
    const summary = await app.ok(
      `{ billingSummary { dueCents unsettledInvoiceCount paidCents paymentCount } }`,
      {},
      {
        token: (await app.ok(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { identifier: 'famille.demo', password: DEMO_PASSWORD } })).login.accessToken,
      },
    );
    expect(summary.billingSummary).toEqual({ dueCents: 72873 - 24996, unsettledInvoiceCount: 2, paidCents: 13300 + 24996, paymentCount: 2 });
    // Asked first (it cannot be undone): the agent confirms.
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('Transmettre la facture n° 2006-00097 (241,50');
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Transmettre au Trésor Public : facture n° 2006-00097' }).click();
    await see(
      page
        .locator('#factures')
        .locator('..')
        .getByRole('row', { name: /2006-00097/ }),
    ).toContainText('Paiement de cette facture géré par le Trésor Public');
    await checkScreen(screen, 'agents-fiche-famille-paiement');
  });

  it('lists payments with their states and the flagged ones', async () => {
    const { page } = screen;
    await go(screen, 'Paiements');
    await see(page.getByRole('table')).toContainText('249,96');
    await checkScreen(screen, 'agents-paiements');
    await page.getByLabel(/Seulement les paiements signalés/).check();
    await see(page.getByText('Aucun élément')).toBeVisible();
  });

  it('an ADMIN creates a STAFF account; a STAFF account has no such screen', async () => {
    const { page } = screen;
    await page.goto(`${base}/agents/agents`);
    await see(page.getByRole('heading', { level: 1 })).toHaveText('Accès réservé aux administrateurs');
    await page.getByRole('button', { name: 'Déconnexion' }).click();
    await agentLogin(page, base, 'admin.demo');
    await go(screen, 'Agents');
    await page.getByLabel(/^Prénom/).fill('Sami');
    await page.getByLabel(/^Nom/).fill('Benali');
    await page.getByLabel(/^Adresse e-mail/).fill('sami.benali@auterive.example');
    await page.getByLabel(/^Rôle/).selectOption('STAFF');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await see(page.getByRole('status')).toContainText('le mail d’activation a été envoyé à sami.benali@auterive.example');
    await see(page.getByRole('table')).toContainText('Benali Sami');
    await checkScreen(screen, 'agents-agents');
    await app.mailbox.waitFor('sami.benali@auterive.example');
  });

  it.each([1024, 768])('every screen at %i px (a tablet): no axe-core violation, no horizontal scrolling of the page', async (width) => {
    const tablet = await openScreen(browser, width);
    await agentLogin(tablet.page, base, 'admin.demo');
    for (const [path, name] of [
      ['/agents', 'tableau-de-bord'],
      ['/agents/familles?q=hebert', 'familles'],
      ['/agents/familles/nouvelle', 'creer-famille'],
      ['/agents/inscriptions', 'inscriptions'],
      ['/agents/reservations', 'reservations'],
      ['/agents/activites', 'activites'],
      ['/agents/activites/nouvelle', 'creer-activite'],
      ['/agents/effectifs', 'effectifs'],
      ['/agents/facturation', 'facturation'],
      ['/agents/paiements', 'paiements'],
      ['/agents/agents', 'agents'],
    ]) {
      await tablet.page.goto(`${base}${path}`);
      await tablet.page.getByRole('heading', { level: 1 }).first().waitFor();
      await checkScreen(tablet, `agents-${name}`);
    }
    await tablet.page.goto(`${base}/agents/familles/${family.familyId}`);
    await tablet.page.getByRole('heading', { level: 1, name: /^Famille / }).waitFor();
    await checkScreen(tablet, 'agents-fiche-famille');
    expect(plain(await tablet.page.locator('h1').textContent())).toMatch(/HÉBERT/);
    await tablet.context.close();
  });
});
