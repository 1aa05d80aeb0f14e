import { loginOk } from '../helpers/accounts';
import { communeWithStaff, createEstablishment, expectFrenchMessage, HOOK_TIMEOUT, parisToday, randomId, schoolYearOf } from '../helpers/catalog';
import { BillingDocuments } from '../../src/modules/billing/documents/billing-documents.service';
import { PdfRenderPool } from '../../src/modules/billing/documents/pdf-render-pool';
import { afterBilling, B, billMonth, book, CreditNote, dueDate, excuse, frDate, frEuros, getPdf, historyOf, Invoice, invoiceOf, invoicesOf, periodLabel, recordPayment } from '../helpers/billing';
import { normalizeSpaces, pdfText } from '../helpers/pdf-text';
import { createReservationActivity, monthFromNow, registeredChild, serviceDays } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** `GET /invoices/:id/pdf` and `/credit-notes/:id/pdf`: what the family downloads, and who may. */
describe('invoice and credit-note PDFs', () => {
  let app: TestApp;
  let staffToken: string;
  let lefebvre: { token: string; familyId: string };
  let moreau: { token: string; familyId: string };
  let invoice: Invoice;
  let note: CreditNote;
  let child: { id: string };
  let cantineId: string;
  const month = monthFromNow(2);
  const days = serviceDays(month);
  const activityName = `RESTAURATION SCOLAIRE ${schoolYearOf(parisToday())}`;

  const textOf = async (pdf: Buffer) => normalizeSpaces(await pdfText(pdf));
  const storedPdfs = async (id: string) => (await app.dataSource.query(`SELECT count(*)::int AS n FROM billing_document WHERE id = $1`, [id]))[0].n as number;

  beforeAll(async () => {
    app = await TestApp.start({ SEED_DEMO: 'true' });
    staffToken = (await communeWithStaff(app, 'PDFVILLE')).staffToken;
    lefebvre = await app.family('PDFVILLE', staffToken, { email: 'anne.lefebvre@pdfville.test', firstName: 'Anne', lastName: 'Lefebvre' });
    moreau = await app.family('PDFVILLE', staffToken, { email: 'paul.moreau@pdfville.test', firstName: 'Paul', lastName: 'Moreau' });
    cantineId = (await createReservationActivity(app, staffToken, { mealPriceCents: 340 }, (await createEstablishment(app, staffToken, 'Ecole Victor Hugo')).id)).id;
    child = await registeredChild(app, lefebvre.token, staffToken, cantineId, { firstName: 'Jeanne', lastName: 'LEFEBVRE' });
    const other = await registeredChild(app, moreau.token, staffToken, cantineId, { firstName: 'Léo', lastName: 'MOREAU' });
    await book(app, lefebvre.token, child.id, cantineId, days.slice(0, 3));
    await book(app, moreau.token, other.id, cantineId, days.slice(0, 1));
    await billMonth(app, staffToken, month);
    [invoice] = await invoicesOf(app, lefebvre.token);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it('the family downloads its invoice, rendered at billing time: A4 PDF with everything the guide shows', async () => {
    expect(await storedPdfs(invoice.id)).toBe(1);
    const res = await getPdf(app, invoice.pdfUrl, lefebvre.token);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="facture-${invoice.number}.pdf"`);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');

    const text = await textOf(res.body);
    // The commune's header.
    for (const piece of ['Mairie de PDFVILLE', '1 place de la Mairie', '31000 PDFVILLE', 'Tél : 05.00.00.00.00']) expect(text).toContain(piece);
    // The family, the number, the date, the period.
    expect(text).toContain('Famille LEFEBVRE Anne');
    expect(text).toContain('Référents : LEFEBVRE Jeanne');
    expect(text).toContain(`N° ${invoice.number}`);
    expect(text).toContain(`Date : ${frDate(parisToday())}`);
    expect(text).toContain(periodLabel(month));
    expect(text).toContain('Ecole Victor Hugo');
    // The line and the totals, in French euros.
    expect(text).toContain('LEFEBVRE Jeanne');
    expect(text).toContain(activityName.split(' ')[0]);
    expect(text).toMatch(new RegExp(`\\b3 ${escape(frEuros(340))} ${escape(frEuros(1020))}`));
    expect(text).toContain(`Montant total : ${frEuros(1020)}`);
    expect(text).toContain(`Restant dû : ${frEuros(1020)}`);
    expect(text).toContain('État : Facture non soldée');
    // The mentions: when to pay, where to complain.
    expect(text).toContain(`À régler avant le ${frDate(dueDate(invoice.issuedOn, days[2]))}`);
    // The days each line bills.
    expect(text).toContain(
      `Jours : ${days
        .slice(0, 3)
        .map((d) => d.slice(8, 10))
        .join(', ')}/${month.slice(5, 7)}/${month.slice(0, 4)}`,
    );
    expect(text).toMatch(/En cas de désaccord, adressez-vous d’abord à la mairie \(Mairie de PDFVILLE, 1 place de la Mairie, 31000 PDFVILLE, tél\. 05\.00\.00\.00\.00\)/);
    expect(text).toContain('L. 1617-5');
  });

  it('staff of the commune download it too; the same bytes come from storage', async () => {
    const byFamily = await getPdf(app, invoice.pdfUrl, lefebvre.token);
    const byStaff = await getPdf(app, invoice.pdfUrl, staffToken);
    expect(byStaff.status).toBe(200);
    expect(byStaff.type).toBe('application/pdf');
    expect(Buffer.compare(byStaff.body, byFamily.body)).toBe(0);
  });

  it("another family's token gets the same 404 as a random id; no token 401; a malformed id 400", async () => {
    const theirs = await getPdf(app, invoice.pdfUrl, moreau.token);
    const random = await getPdf(app, `/invoices/${randomId()}/pdf`, moreau.token);
    expect(theirs.status).toBe(404);
    expect(random.status).toBe(404);
    expect(theirs.type).not.toContain('pdf');
    expect(theirs.body.toString()).toBe(random.body.toString());
    expect(JSON.parse(theirs.body.toString())).toEqual({ code: 'NOT_FOUND', reason: 'INVOICE_NOT_FOUND', message: 'Facture introuvable.' });

    const anonymous = await getPdf(app, invoice.pdfUrl);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body.toString())).toMatchObject({ code: 'UNAUTHENTICATED' });
    expectFrenchMessage(JSON.parse(anonymous.body.toString()).message);

    const malformed = await getPdf(app, '/invoices/facture-1/pdf', lefebvre.token);
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body.toString())).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });

    // Another commune's agent: the same 404 as for a random id.
    const demoAgent = (await loginOk(app, 'agent.demo', app.portal.config.demo.password, { commune: 'AUTERIVE' })).accessToken;
    const otherCommune = await getPdf(app, invoice.pdfUrl, demoAgent);
    expect(otherCommune.status).toBe(404);
    expect(otherCommune.body.toString()).toBe((await getPdf(app, `/invoices/${randomId()}/pdf`, demoAgent)).body.toString());
  });

  it('a credit note downloads likewise, with its invoice and its reason', async () => {
    const res = await excuse(app, staffToken, { childId: child.id, activityId: cantineId, dates: [days[1]] });
    [note] = res.data.excuseAbsence;
    await afterBilling(app);
    expect(await storedPdfs(note.id)).toBe(1);
    const pdf = await getPdf(app, note.pdfUrl, lefebvre.token);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="avoir-${note.number}.pdf"`);
    const text = await textOf(pdf.body);
    for (const piece of [
      'Mairie de PDFVILLE',
      'AVOIR',
      `N° ${note.number}`,
      `Date : ${frDate(parisToday())}`,
      'Famille LEFEBVRE Anne',
      `Avoir sur la facture n° ${invoice.number}`,
      'Motif : Absence excusée : certificat médical',
      periodLabel(month),
      `Montant total : ${frEuros(340)}`,
    ]) {
      expect(text).toContain(piece);
    }
    expect(text).not.toContain('Restant dû');

    expect((await getPdf(app, note.pdfUrl, staffToken)).status).toBe(200);
    const theirs = await getPdf(app, note.pdfUrl, moreau.token);
    expect(theirs.status).toBe(404);
    expect(theirs.body.toString()).toBe((await getPdf(app, `/credit-notes/${randomId()}/pdf`, moreau.token)).body.toString());
    expect((await getPdf(app, note.pdfUrl)).status).toBe(401);
    expect((await getPdf(app, '/credit-notes/avoir-1/pdf', lefebvre.token)).status).toBe(400);
    // Ids of the other kind are not found under this path.
    expect((await getPdf(app, `/credit-notes/${invoice.id}/pdf`, lefebvre.token)).status).toBe(404);
    expect((await getPdf(app, `/invoices/${note.id}/pdf`, lefebvre.token)).status).toBe(404);
  });

  it("the invoice's PDF follows its money: after the credit note it shows it and what remains", async () => {
    const res = await getPdf(app, invoice.pdfUrl, lefebvre.token);
    expect(res.status).toBe(200);
    const text = await textOf(res.body);
    expect(text).toContain(`Montant total : ${frEuros(1020)}`);
    expect(text).toContain(`Avoirs et crédit : ${frEuros(340)}`);
    expect(text).toContain(`Restant dû : ${frEuros(680)}`);
    expect(text).toContain('État : Facture non soldée');
    expect(await storedPdfs(invoice.id)).toBe(1);
  });

  it('a rendering overtaken by a payment is not stored: the next download shows the payment', async () => {
    const pool = app.get<PdfRenderPool>(PdfRenderPool);
    const documents = app.get<BillingDocuments>(BillingDocuments);
    await app.dataSource.query(`DELETE FROM billing_document WHERE id = $1`, [invoice.id]);
    // The rendering thread is held once the invoice was read (6,80 € due) until the cheque is recorded.
    let reached!: () => void;
    let release!: () => void;
    const atGate = new Promise<void>((r) => (reached = r));
    const gate = new Promise<void>((r) => (release = r));
    const original = pool.render;
    pool.render = async (view) => {
      reached();
      await gate;
      return original.call(pool, view);
    };
    try {
      const rendering = documents.render('INVOICE', invoice.id);
      await atGate;
      const paid = await recordPayment(app, staffToken, { familyId: lefebvre.familyId, invoiceIds: [invoice.id], amountCents: 680, method: 'CHECK' });
      expect(paid.errors).toBeUndefined();
      release();
      await rendering;
    } finally {
      pool.render = original;
    }
    expect(await storedPdfs(invoice.id)).toBe(0);

    const res = await getPdf(app, invoice.pdfUrl, lefebvre.token);
    expect(res.status).toBe(200);
    const text = await textOf(res.body);
    expect(text).toContain(`Déjà réglé : ${frEuros(680)}`);
    expect(text).toContain(`Restant dû : ${frEuros(0)}`);
    expect(text).toContain('État : Facture soldée');
    expect(text).toContain('Cette facture ne présente aucun restant dû : il n’y a rien à régler.');
    expect(text).not.toContain('À régler avant');
  });

  it('an invoice handed to the Trésor Public says where to pay it now', async () => {
    const [theirs] = await invoicesOf(app, moreau.token);
    expect((await getPdf(app, theirs.pdfUrl, moreau.token)).status).toBe(200);
    await app.ok(B.toTreasury, { i: { invoiceId: theirs.id } }, { token: staffToken });
    const text = await textOf((await getPdf(app, theirs.pdfUrl, moreau.token)).body);
    expect(text).toContain('État : Paiement de cette facture géré par le Trésor Public');
    expect(text).toContain(`Restant dû : ${frEuros(340)}`);
    expect(text).toContain('Recouvrement confié au Trésor Public');
    expect(text).not.toContain('À régler avant');
    expect(text).not.toContain('en ligne sur le Portail Famille');
  });

  it('a PDF missing from storage is rendered on demand and stored again', async () => {
    await app.dataSource.query(`DELETE FROM billing_document WHERE id = $1`, [invoice.id]);
    const res = await getPdf(app, invoice.pdfUrl, lefebvre.token);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(await textOf(res.body)).toContain(`N° ${invoice.number}`);
    expect(await storedPdfs(invoice.id)).toBe(1);
  });

  it('the demo invoice 2006-00098 says 249,96 €', async () => {
    const demo = (await loginOk(app, 'famille.demo', app.portal.config.demo.password, { commune: 'AUTERIVE' })).accessToken;
    const row = (await historyOf(app, demo)).items.find((e) => e.label === 'Facture n° 2006-00098')!;
    const detail = await invoiceOf(app, demo, row.invoice.id);
    const res = await getPdf(app, detail.pdfUrl, demo);
    expect(res.status).toBe(200);
    const text = await textOf(res.body);
    expect(text).toContain('Mairie d’Auterive');
    expect(text).toContain('Place du 11 novembre');
    expect(text).toContain('31190 Auterive');
    expect(text).toContain('Tél : 05.61.50.96.76');
    expect(text).toContain('N° 2006-00098');
    expect(text).toContain('Date : 30/11/2009');
    expect(text).toContain('du 01/11/2009 au 30/11/2009');
    expect(text).toContain('Référents : DEMO Emilie / DEMO Tom');
    expect(text).toContain('RESTAURANT / MULTI ACCUEIL');
    expect(text).toContain('Montant total : 249,96 €');
    expect(text).toContain('Restant dû : 249,96 €');
    expect(text).toContain('État : Facture non soldée');
    // Another family of another commune cannot fetch it.
    expect((await getPdf(app, detail.pdfUrl, lefebvre.token)).status).toBe(404);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
