/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { addDays, LocalDate } from '../../src/common/dates/local-date';
import { DEMO_HELIOS_IDENTITY } from '../../src/modules/treasury/helios-identity';
import { checkScreen, launchBrowser, openScreen, plain, Screen, see, startPortalApp } from '../helpers/browser';
import { HOOK_TIMEOUT, parisToday } from '../helpers/catalog';
import { familiesWithInvoices, PayingFamily } from '../helpers/payments';
import { validatePes } from '../helpers/pes-xsd';
import { monthFromNow } from '../helpers/reservations';
import { PASSWORD, TestApp } from '../helpers/test-app';

jest.setTimeout(90_000);

const WIDTH = 1440;
const CODE = 'TRESOR';
/** A creditor with valid checksums (as in the direct-debit e2e tests). */
const CREDITOR = { id: 'FR72ZZZ123456', name: 'Mairie de Trésor — Régie', iban: 'FR7030002005500000157845Z02', bic: 'CRLYFRPPXXX' };
/** « 02/09/2026 », as the back-office writes a day. */
const frenchDay = (iso: string) => `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** What a download button handed to the browser: its name and its bytes. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  return { name: download.suggestedFilename(), body: readFileSync(await download.path()) };
}

/**
 * SPEC "The Trésor Public… SEPA direct debit", in the browser as an agent uses it (Chromium at
 * 1440 px): « Trésor Public » exports the titles up to today (its PES file downloaded and valid
 * against the DGFiP's XSD), a second export has nothing to send; a mandate recorded on a family's
 * file (a bad IBAN said on its field); « Prélèvements » makes a batch for a collection date (its
 * pain.008 file downloaded) and records a bank's reject on one of its payments.
 */
describe('the « Trésor Public » and « Prélèvements » screens', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let screen: Screen;
  let families: PayingFamily[];
  const today = parisToday();
  const collectionDate: LocalDate = addDays(today, 5);

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    // Two families, each with one invoice of 10,20 € (3 meals at 3,40 €).
    const town = await familiesWithInvoices(app, CODE, 2, [monthFromNow(2)], [3]);
    families = town.families;
    // The commune's ADMIN fills in the régie's Hélios identifiers and SEPA creditor (« Régie » screen).
    const h = DEMO_HELIOS_IDENTITY;
    await app.ok(
      `mutation($i: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $i) { heliosIdPost sepaCreditorId } }`,
      {
        i: {
          onlineProvider: 'NONE',
          mode: 'TEST',
          heliosIdPost: h.idPost,
          heliosIdColl: h.idColl,
          heliosCodCol: h.codCol,
          heliosCodBud: h.codBud,
          heliosCodProdLoc: h.codProdLoc,
          heliosNature: h.nature,
          sepaCreditorId: CREDITOR.id,
          sepaCreditorName: CREDITOR.name,
          sepaIban: CREDITOR.iban,
          sepaBic: CREDITOR.bic,
        },
      },
      { token: town.adminToken },
    );
    // The second family's mandate recorded earlier; the first one's is recorded on screen.
    await app.ok(
      `mutation($i: CreateMandateInput!) { createMandate(input: $i) { id } }`,
      { i: { familyId: families[1].familyId, debtorName: 'Parent2 FAMILLE2', iban: 'FR1420041010050500013M02606', signedOn: today } },
      { token: town.staffToken },
    );
    browser = await launchBrowser();
    screen = await openScreen(browser, WIDTH);
    const { page } = screen;
    await page.goto(`${base}/agents?domaine=${CODE}`);
    await page.waitForURL(/\/agents\/connexion/);
    await page.getByLabel('Identifiant ou adresse e-mail').fill(`agent@${CODE.toLowerCase()}.test`);
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  }, HOOK_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const go = async (name: string) => {
    await screen.page.getByRole('navigation', { name: 'Menu de l’espace agents' }).getByRole('link', { name, exact: true }).click();
    await screen.page.getByRole('heading', { level: 1, name }).waitFor();
  };

  it('« Trésor Public »: an export up to today listed with its invoices, amount and file; a second one has nothing to export', async () => {
    const { page } = screen;
    await go('Trésor Public');
    const main = page.locator('main');
    await see(main).toContainText('Aucun export pour le moment.');
    const upTo = page.getByRole('textbox', { name: /^Exporter jusqu’au/ });
    expect(await upTo.inputValue()).toBe(today);
    await page.getByRole('button', { name: 'Exporter', exact: true }).click();
    await see(page.getByRole('status')).toContainText('Export n° 1 : 2 facture(s), 0 avoir(s), 20,40 €.');

    // The list refreshed with the export: its count, amount and file.
    const table = page.getByRole('table', { name: /Exports au Trésor Public/ });
    await see(table.locator('caption')).toHaveText('Exports au Trésor Public (1)');
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '1', exact: true }) });
    const cells = (await row.getByRole('cell').allTextContents()).map(plain);
    expect(cells.slice(1)).toEqual([frenchDay(today), '2', '0', '20,40 €', 'XML']);
    const file = await downloaded(page, () => row.getByRole('button', { name: /^Télécharger le fichier de l’export n° 1 \(.+\.xml\)$/ }).click());
    expect(file.name).toMatch(/\.xml$/);
    expect(validatePes(file.body)).toEqual({ ok: true, errors: '' });
    const pes = file.body.toString('latin1');
    expect(pes).toContain('<NbrPce V="2"/>');
    expect(pes).toContain('<MtBordHt V="20.40"/>');
    expect(pes).toContain('<Nom V="FAMILLE1"/>');

    // Everything has gone: the French message, the list unchanged.
    await page.getByRole('button', { name: 'Exporter', exact: true }).click();
    await see(main).toContainText(`Rien à exporter : toutes les factures et tous les avoirs émis jusqu’au ${frenchDay(today)} ont déjà été transmis au Trésor Public.`);
    expect(await page.getByRole('status').filter({ hasText: 'Export n°' }).count()).toBe(0);
    await see(table.locator('caption')).toHaveText('Exports au Trésor Public (1)');
    await checkScreen(screen, 'agents-tresor-public');
  });

  it('a family’s file: a bad IBAN said on its field, then the mandate recorded with its RUM and masked IBAN', async () => {
    const { page } = screen;
    await page.goto(`${base}/agents/familles/${families[0].familyId}`);
    await page.getByRole('heading', { level: 1, name: /^Famille / }).waitFor();
    const panel = page.getByRole('region', { name: 'Mandats de prélèvement' });
    await see(panel).toContainText('Aucun mandat.');
    await panel.getByLabel(/^Titulaire du compte/).fill('Parent1 FAMILLE1');
    const iban = panel.getByLabel(/^IBAN/);
    await iban.fill('FR76 3000 6000 0112 3456 7890 188');
    await panel.getByRole('button', { name: 'Enregistrer le mandat' }).click();
    await see(iban).toHaveAttribute('aria-invalid', 'true');
    await see(panel).toContainText('IBAN invalide');
    await see(panel).toContainText('clé de contrôle');
    await see(panel).toContainText('Aucun mandat.');

    await iban.fill('FR76 3000 6000 0112 3456 7890 189');
    await panel.getByRole('button', { name: 'Enregistrer le mandat' }).click();
    await see(panel.getByRole('status')).toContainText(/^Mandat [A-Z0-9]+-[0-9A-F]{8}-\d{6} enregistré\.$/);
    const rum = /Mandat (\S+) enregistré/.exec(plain(await panel.getByRole('status').textContent()))![1];
    const item = panel.getByRole('listitem');
    await see(item).toHaveText(`${rum} — Parent1 FAMILLE1, FR76 •••• •••• •••• •••• •••• 189, signé le ${frenchDay(today)} — actif Révoquer`);
    expect(await iban.inputValue()).toBe('');
    expect(await iban.getAttribute('aria-invalid')).not.toBe('true');
    expect(plain(await panel.textContent())).not.toContain('1234567890');
    await checkScreen(screen, 'agents-fiche-famille-mandats');
  });

  it('« Prélèvements »: a batch for a collection date with its payments, amount and file; a reject (AM04) shows the payment refused', async () => {
    const { page } = screen;
    await go('Prélèvements');
    await page.getByLabel(/^Date de prélèvement/).fill(collectionDate);
    await page.getByRole('button', { name: 'Créer un lot' }).click();
    await see(page.getByRole('status')).toContainText('Lot n° 1 créé : 2 facture(s), 20,40 €.');

    // The batch listed at once, with its two payments.
    const batch = page.getByRole('region', { name: `Lot n° 1 — prélèvement le ${frenchDay(collectionDate)}` });
    await see(batch).toContainText('2 facture(s), 20,40 €.');
    const rows = batch.getByRole('table', { name: 'Paiements du lot n° 1' }).locator('tbody tr');
    await see(rows).toHaveCount(2);
    for (const text of (await rows.allTextContents()).map(plain)) expect(text).toContain('10,20 €');
    const fileButton = batch.getByRole('button', { name: /^Télécharger le fichier .+\.xml$/ });
    await see(fileButton).toHaveText('XML');
    const file = await downloaded(page, () => fileButton.click());
    expect(file.name).toMatch(/\.xml$/);
    const xml = file.body.toString('utf8');
    expect(xml).toContain(`<ReqdColltnDt>${collectionDate}</ReqdColltnDt>`);
    expect(xml).toContain('<CtrlSum>20.40</CtrlSum>');
    expect(xml).toContain('<IBAN>FR7630006000011234567890189</IBAN>');

    // The bank rejects the first family's debit: insufficient funds.
    const first = rows.filter({ hasText: 'FAMILLE1' });
    const state = first.getByRole('cell').nth(4);
    await see(state).toHaveText('Règlement en attente de validation');
    await first.getByLabel(/^Motif du rejet du paiement n° \d+/).selectOption('AM04');
    await first.getByRole('button', { name: 'Enregistrer le rejet' }).click();
    await see(state).toHaveText('Règlement refusé par la banque — Provision insuffisante (rejet AM04)');
    await see(first.getByRole('button', { name: 'Enregistrer le rejet' })).toHaveCount(0);
    // The other payment still waits for its date.
    const second = rows.filter({ hasText: 'FAMILLE2' });
    await see(second.getByRole('button', { name: 'Enregistrer le rejet' })).toHaveCount(1);
    const [payment] = await app.dataSource.query(`SELECT p.state, p.reason FROM payment p JOIN direct_debit_payment d ON d.payment_id = p.id WHERE d.invoice_id = $1`, [families[0].invoices[0].id]);
    expect(payment).toMatchObject({ state: 'REFUSED', reason: 'Provision insuffisante (rejet AM04)' });
    await checkScreen(screen, 'agents-prelevements');
  });
});
