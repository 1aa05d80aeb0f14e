/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openScreen, plain, Screen, see, startPortalApp } from '../helpers/browser';
import { billMonth, book, excuse, invoicesOf, recordPayment } from '../helpers/billing';
import { createReservationActivity, monthFromNow, registeredChild, serviceDays } from '../helpers/reservations';
import { PASSWORD, TestApp } from '../helpers/test-app';

jest.setTimeout(120_000);

/** A list of figures (`dl`) as a parent reads it: term → value. */
async function figures(page: Page, list: string): Promise<Record<string, string>> {
  const rows = page.locator(`${list} > div`);
  await rows.first().waitFor();
  const out: Record<string, string> = {};
  for (const row of await rows.all()) out[plain(await row.locator('dt').textContent())] = plain(await row.locator('dd').textContent());
  return out;
}

/**
 * Issue 16, « Money a reader can check », as a parent sees it: after credit notes, a payment and a
 * credit balance, the totals add up (facturé − avoirs − payé = restant dû − avoir disponible); an
 * invoice lists the days it bills and when to pay; a billed day says why it cannot change.
 */
describe('billing figures a parent can add up', () => {
  let app: TestApp;
  let base: string;
  let browser: Browser;
  let screen: Screen;
  const month = monthFromNow(2);
  const d = serviceDays(month);

  beforeAll(async () => {
    ({ app, url: base } = await startPortalApp());
    browser = await launchBrowser();
    screen = await openScreen(browser, 1280);
    const staffToken = (await app.ok(`mutation($i: LoginInput!) { login(input: $i) { accessToken } }`, { i: { identifier: 'agent.demo', password: 'Portail-Demo-2026' } })).login.accessToken;
    const cantine = await createReservationActivity(app, staffToken, { name: 'CANTINE DES AVOIRS', mealPriceCents: 340 });
    const fam = await app.family('AUTERIVE', staffToken, { email: 'avoirs@auterive.test', firstName: 'Julie', lastName: 'Avoir' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'LINA', lastName: 'AVOIR' });
    await book(app, fam.token, child.id, cantine.id, d.slice(0, 6));
    await billMonth(app, staffToken, month);
    const [invoice] = await invoicesOf(app, fam.token);
    // 20,40 € billed; 10,00 € paid; 3,40 € credited (the invoice owes 7,00 €), then 10,20 € more: 7,00 € off the invoice, 3,20 € to the family's credit.
    expect((await recordPayment(app, staffToken, { familyId: fam.familyId, invoiceIds: [invoice.id], amountCents: 1000, method: 'CHECK' })).errors).toBeUndefined();
    expect((await excuse(app, staffToken, { childId: child.id, activityId: cantine.id, dates: [d[0]] })).errors).toBeUndefined();
    expect((await excuse(app, staffToken, { childId: child.id, activityId: cantine.id, dates: [d[1], d[2], d[3]] })).errors).toBeUndefined();

    const { page } = screen;
    await page.goto(`${base}/connexion`);
    await page.getByLabel('Identifiant ou adresse e-mail').fill(fam.login);
    await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const expected = {
    'Total facturé': '20,40 € (1 facture)',
    'Total des avoirs': '13,60 € (2 avoirs)',
    'Total payé': '10,00 € (1 paiement)',
    'Total restant dû': '0,00 € (0 facture non soldée)',
    'Avoir disponible': '3,20 € (déduit de vos prochaines factures)',
  };

  it('the home page and « Mes Factures & Paiements » show the invoices’ amounts, the credit notes, the payments, what remains and the credit: they add up', async () => {
    const { page } = screen;
    expect(await figures(page, 'dl.totals')).toEqual(expected);
    await page.goto(`${base}/factures`);
    await page.getByRole('heading', { level: 1, name: 'Mes Factures & Paiements' }).waitFor();
    expect(await figures(page, 'dl.totals')).toEqual(expected);
  });

  it('« Détail de la facture » lists the days billed and the figures of the invoice', async () => {
    const { page } = screen;
    await page.getByRole('link', { name: /Détail de la facture n°/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Détail de la facture' }).waitFor();
    const facts = await figures(page, 'dl.facts');
    // 13,60 € of credit notes: 10,40 € off this invoice, 3,20 € left to the family (« Avoir disponible »).
    expect(facts).toMatchObject({ Montant: '20,40 €', 'Avoirs et crédit': '10,40 €', 'Déjà réglé': '10,00 €', 'Restant dû': '0,00 €' });
    // Settled: no date to pay by.
    expect(facts['À régler avant le']).toBeUndefined();
    const ddmm = (x: string) => x.slice(8, 10);
    await see(page.getByRole('table')).toContainText(`${d.slice(0, 6).map(ddmm).join(', ')}/${month.slice(5, 7)}/${month.slice(0, 4)}`);
  });

  it('the planning shows a billed day as billed, and why it cannot change', async () => {
    const { page } = screen;
    await page.goto(`${base}/reservations/nouvelle`);
    await page.getByLabel(/AVOIR LINA/).check();
    await page.getByLabel(/^Mois/).selectOption(month);
    await page.getByRole('button', { name: 'Afficher le planning' }).click();
    const billed = page.locator('.day[aria-label*="Facturée : ne peut plus être modifiée"]');
    await see(billed.first()).toBeVisible();
    // d[4] and d[5] at least: billed and not credited.
    expect(await billed.count()).toBeGreaterThanOrEqual(2);
    await see(billed.first()).toContainText('Facturée');
  });
});
