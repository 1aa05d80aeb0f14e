import { addDays } from '../../src/common/dates/local-date';
import { BillingRuns } from '../../src/modules/billing/billing-runs.service';
import { BillingDocuments } from '../../src/modules/billing/documents/billing-documents.service';
import { OnlinePayments } from '../../src/modules/payments/online-payments.service';
import { communeWithStaff, createEstablishment, HOOK_TIMEOUT, shiftMonths } from '../helpers/catalog';
import { afterBilling, billMonth, book, excuse, frDate, getPdf, invoicesOf, LINE_FIELDS, recordPayment, SUMMARY_FIELDS } from '../helpers/billing';
import { checkoutOk, notify, P } from '../helpers/payments';
import { pdfText } from '../helpers/pdf-text';
import { createReservationActivity, monthFromNow, R, registeredChild, serviceDays, settle, submitOk } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(90_000);

const TOTALS = `grossInvoicedCents ${SUMMARY_FIELDS}`;
const summary = async (app: TestApp, token: string) => (await app.ok(`query { billingSummary { ${TOTALS} } }`, {}, { token })).billingSummary as Record<string, number>;
/** SPEC §2 « Figures a reader can add up »: facturé − avoirs − payé = restant dû − avoir disponible. */
const addsUp = (s: Record<string, number>) => s.grossInvoicedCents - s.creditedCents - s.paidCents === s.dueCents - s.creditBalanceCents;
const DATED_INVOICE = `query($id: ID!) { invoice(id: $id) { id number issuedOn dueOn amountCents remainingCents lines { ${LINE_FIELDS} dates } creditNotes { id lines { ${LINE_FIELDS} dates } } } }`;
const pdfRows = (app: TestApp, id: string) => app.dataSource.query(`SELECT 1 FROM billing_document WHERE id = $1`, [id]) as Promise<unknown[]>;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Issue 16, « Money a reader can check »: totals that add up, dated lines and due dates, billed days, catch-up runs, PDFs kept fresh, payment reasons. */
describe('money a reader can check', () => {
  let app: TestApp;
  let staffToken: string;
  let cantine: { id: string };
  let estId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'LISIBLE')).staffToken;
    estId = (await createEstablishment(app, staffToken, 'Ecole des Platanes')).id;
    cantine = await createReservationActivity(app, staffToken, { mealPriceCents: 340, dailyCapacity: 10 }, estId);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it('the totals add up after a credit note, a payment and a credit balance: facturé − avoirs − payé = restant dû − avoir disponible', async () => {
    const fam = await app.family('LISIBLE', staffToken, { email: 'totaux@lisible.test', lastName: 'Totaux' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Lou', lastName: 'TOTAUX' });
    const first = monthFromNow(2);
    const d = serviceDays(first);
    await book(app, fam.token, child.id, cantine.id, d.slice(0, 6));
    await billMonth(app, staffToken, first);
    const [invoice] = await invoicesOf(app, fam.token);
    expect(invoice.amountCents).toBe(2040);

    // A payment of 18,00 €, then a credit note over one day (3,40 €): 2,40 € off the invoice, 1,00 € to the family's credit.
    expect((await recordPayment(app, staffToken, { familyId: fam.familyId, invoiceIds: [invoice.id], amountCents: 1800, method: 'CHECK' })).errors).toBeUndefined();
    expect((await excuse(app, staffToken, { childId: child.id, activityId: cantine.id, dates: [d[0]] })).errors).toBeUndefined();
    await afterBilling(app);
    let s = await summary(app, fam.token);
    expect(s).toMatchObject({ grossInvoicedCents: 2040, invoicedCents: 1700, creditedCents: 340, paidCents: 1800, dueCents: 0, creditBalanceCents: 100 });
    expect(addsUp(s)).toBe(true);

    // The next month's invoice takes the credit: still adds up.
    const second = monthFromNow(3);
    await book(app, fam.token, child.id, cantine.id, serviceDays(second).slice(0, 3));
    await billMonth(app, staffToken, second);
    s = await summary(app, fam.token);
    expect(s).toMatchObject({ grossInvoicedCents: 3060, creditedCents: 340, paidCents: 1800, dueCents: 920, creditBalanceCents: 0, invoiceCount: 2, creditNoteCount: 1 });
    expect(addsUp(s)).toBe(true);
  });

  it('each invoice line lists the days it bills and the invoice its due date, on screen and in the PDF; a credit note’s lines the days they credit', async () => {
    const fam = await app.family('LISIBLE', staffToken, { email: 'dates@lisible.test', lastName: 'Dates' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Eve', lastName: 'DATES' });
    const month = monthFromNow(2);
    const days = serviceDays(month).slice(0, 4);
    await book(app, fam.token, child.id, cantine.id, days);
    await billMonth(app, staffToken, month);
    const [{ id }] = await invoicesOf(app, fam.token);
    let invoice = (await app.ok(DATED_INVOICE, { id }, { token: fam.token })).invoice;
    expect(invoice.lines).toEqual([expect.objectContaining({ quantity: 4, dates: days })]);
    // Billed in advance: 30 days after the last day billed, which comes after the invoice's date.
    const last = days[days.length - 1];
    expect(invoice.dueOn).toBe(addDays(last > invoice.issuedOn ? last : invoice.issuedOn, 30));

    const text = (await pdfText((await getPdf(app, `/invoices/${id}/pdf`, fam.token)).body)).replace(/\s+/g, ' ');
    expect(text).toContain(`Jours : ${days.map((x) => x.slice(8, 10)).join(', ')}/${month.slice(5, 7)}/${month.slice(0, 4)}`);
    expect(text).toContain(`À régler avant le ${frDate(invoice.dueOn)}`);

    await excuse(app, staffToken, { childId: child.id, activityId: cantine.id, dates: [days[2]] });
    invoice = (await app.ok(DATED_INVOICE, { id }, { token: fam.token })).invoice;
    expect(invoice.creditNotes[0].lines).toEqual([expect.objectContaining({ quantity: 1, dates: [days[2]] })]);
  });

  it('the demo’s imported invoices have a due date too (no billed days: 30 days after the later of their date and period end) and lines without dates', async () => {
    // Imported like the demo seeder does, with no billed days.
    const fam = await app.family('LISIBLE', staffToken, { email: 'ancienne@lisible.test', lastName: 'Ancienne' });
    const [{ id: communeId }] = await app.dataSource.query(`SELECT commune_id AS id FROM family WHERE id = $1`, [fam.familyId]);
    const [{ id }] = await app.dataSource.query(
      `INSERT INTO invoice (commune_id, family_id, number, issued_on, period_start, period_end, amount_cents, state, children_label, establishments_label, accueil_label)
       VALUES ($1, $2, '2006-00096', '2009-11-30', '2009-11-01', '2009-11-30', 23727, 'UNPAID', 'DEMO Emilie', 'RESTAURANT', 'Restaurant') RETURNING id`,
      [communeId, fam.familyId],
    );
    await app.dataSource.query(
      `INSERT INTO invoice_line (invoice_id, position, child_name, activity_name, quantity, unit_price_cents, amount_cents) VALUES ($1, 0, 'DEMO Emilie', 'RESTAURANT', 1, 23727, 23727)`,
      [id],
    );
    const invoice = (await app.ok(DATED_INVOICE, { id }, { token: fam.token })).invoice;
    expect(invoice.dueOn).toBe('2009-12-30');
    expect(invoice.lines[0].dates).toEqual([]);
  });

  it('a billed day shows as billed in the planning, a day not billed does not', async () => {
    const fam = await app.family('LISIBLE', staffToken, { email: 'grille@lisible.test', lastName: 'Grille' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Noa', lastName: 'GRILLE' });
    const month = monthFromNow(2);
    const d = serviceDays(month);
    await book(app, fam.token, child.id, cantine.id, [d[0], d[1]]);
    await billMonth(app, staffToken, month);
    await book(app, fam.token, child.id, cantine.id, [d[2]]);
    const grid = (
      await app.ok(
        `query($childId: ID!, $activityId: ID!, $month: String!) { planning(childId: $childId, activityId: $activityId, month: $month) { weeks { days { date state modifiable billed } } } }`,
        { childId: child.id, activityId: cantine.id, month },
        { token: fam.token },
      )
    ).planning;
    const byDate = new Map(grid.weeks.flatMap((w: any) => w.days).map((x: any) => [x.date, x]));
    expect(byDate.get(d[0])).toMatchObject({ state: 'BOOKED', billed: true, modifiable: false });
    expect(byDate.get(d[2])).toMatchObject({ state: 'BOOKED', billed: false, modifiable: true });
    expect(byDate.get(d[3])).toMatchObject({ state: 'FREE', billed: false });
  });

  it('a day booked after its month was billed (a late staff decision) is billed by a catch-up run that starts by itself', async () => {
    const staffCantine = await createReservationActivity(app, staffToken, { name: 'CANTINE SUR DÉCISION', mealPriceCents: 400, autoAccept: false }, estId);
    const fam = await app.family('LISIBLE', staffToken, { email: 'retard@lisible.test', lastName: 'Retard' });
    const child = await registeredChild(app, fam.token, staffToken, staffCantine.id, { firstName: 'Tim', lastName: 'RETARD' });
    // A month no other test bills: its first decision finds it not billed yet.
    const month = monthFromNow(5);
    const d = serviceDays(month);
    const accepted = await submitOk(app, fam.token, { childId: child.id, activityId: staffCantine.id, month, book: [d[0]] });
    await settle(app);
    await app.ok(R.decide, { i: { reservationId: accepted.id, accept: [d[0]] } }, { token: staffToken });
    const late = await submitOk(app, fam.token, { childId: child.id, activityId: staffCantine.id, month, book: [d[1]] });
    await settle(app);
    await billMonth(app, staffToken, month);
    expect((await invoicesOf(app, fam.token)).map((i) => i.amountCents)).toEqual([400]);
    const runs = () => app.dataSource.query(`SELECT trigger, state FROM billing_run WHERE month = $1 AND trigger = 'CATCH_UP'`, [month]) as Promise<Array<{ trigger: string; state: string }>>;
    expect(await runs()).toEqual([]);

    // Staff accept the pending day after the run: nobody calls runBilling.
    await app.ok(R.decide, { i: { reservationId: late.id, accept: [d[1]] } }, { token: staffToken });
    await settle(app);
    await until('the catch-up invoice', async () => (await invoicesOf(app, fam.token)).length === 2);
    await afterBilling(app);
    const [catchUp] = await invoicesOf(app, fam.token);
    const dated = (await app.ok(DATED_INVOICE, { id: catchUp.id }, { token: fam.token })).invoice;
    expect(dated).toMatchObject({ amountCents: 400, lines: [expect.objectContaining({ dates: [d[1]] })] });
    expect(await runs()).toEqual([{ trigger: 'CATCH_UP', state: 'DONE' }]);
  });

  it('a month never billed gets no catch-up run: its days wait for its own run', async () => {
    const staffCantine = await createReservationActivity(app, staffToken, { name: 'CANTINE DU MOIS SUIVANT', autoAccept: false }, estId);
    const fam = await app.family('LISIBLE', staffToken, { email: 'attente@lisible.test', lastName: 'Attente' });
    const child = await registeredChild(app, fam.token, staffToken, staffCantine.id, { firstName: 'Ada', lastName: 'ATTENTE' });
    const month = monthFromNow(4);
    const r = await submitOk(app, fam.token, { childId: child.id, activityId: staffCantine.id, month, book: [serviceDays(month)[0]] });
    await settle(app);
    await app.ok(R.decide, { i: { reservationId: r.id, accept: [serviceDays(month)[0]] } }, { token: staffToken });
    await settle(app);
    expect(await app.dataSource.query(`SELECT 1 FROM billing_run WHERE month = $1`, [month])).toEqual([]);
  });

  it('a PDF made stale by a payment is rendered again by itself (BullMQ), not only at the next download', async () => {
    const fam = await app.family('LISIBLE', staffToken, { email: 'pdf@lisible.test', lastName: 'Pdf' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Zoe', lastName: 'PDF' });
    const month = monthFromNow(2);
    await book(app, fam.token, child.id, cantine.id, serviceDays(month).slice(0, 2));
    await billMonth(app, staffToken, month);
    const [invoice] = await invoicesOf(app, fam.token);
    expect(await pdfRows(app, invoice.id)).toHaveLength(1);

    await recordPayment(app, staffToken, { familyId: fam.familyId, invoiceIds: [invoice.id], amountCents: 300, method: 'CASH' });
    await until('the PDF rendered again', async () => (await pdfRows(app, invoice.id)).length === 1);
    const text = (await pdfText((await app.dataSource.query(`SELECT pdf FROM billing_document WHERE id = $1`, [invoice.id]))[0].pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Déjà réglé : 3,00');
  });

  it('a state that comes back (a card refused, then another try) renders its PDF again: a version number never comes back', async () => {
    const fam = await app.family('LISIBLE', staffToken, { email: 'retry@lisible.test', lastName: 'Retry' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Noa', lastName: 'RETRY' });
    const month = monthFromNow(4);
    await book(app, fam.token, child.id, cantine.id, serviceDays(month).slice(0, 1));
    await billMonth(app, staffToken, month);
    const [invoice] = await invoicesOf(app, fam.token);
    const rendered = () => until('the PDF rendered again', async () => (await pdfRows(app, invoice.id)).length === 1);
    await rendered();
    // UNPAID → PAYMENT_PENDING → UNPAID (refused) → PAYMENT_PENDING again: the same state and amounts
    // twice, each time with its PDF dropped and rendered again by itself.
    const first = await checkoutOk(app, fam.token, [invoice.id]);
    await rendered();
    expect((await notify(app, first, 'REFUSED')).status).toBe(200);
    await rendered();
    const again = await checkoutOk(app, fam.token, [invoice.id]);
    await rendered();
    const versions = await app.dataSource.query(`SELECT state, document_version FROM invoice WHERE id = $1`, [invoice.id]);
    expect(versions).toEqual([{ state: 'PAYMENT_PENDING', document_version: 4 }]);
    const text = (await pdfText((await app.dataSource.query(`SELECT pdf FROM billing_document WHERE id = $1`, [invoice.id]))[0].pdf)).replace(/\s+/g, ' ');
    expect(text).toMatch(/attente de validation du paiement/i);
    expect(again.payment.id).not.toBe(first.payment.id);
  });

  it('the sweeper renders a PDF still missing once (a job per version), then has nothing left to relaunch', async () => {
    const fam = await app.family('LISIBLE', staffToken, { email: 'balayage@lisible.test', lastName: 'Balayage' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Ugo', lastName: 'BALAYAGE' });
    const month = monthFromNow(3);
    await book(app, fam.token, child.id, cantine.id, serviceDays(month).slice(0, 1));
    await billMonth(app, staffToken, month);
    const [invoice] = await invoicesOf(app, fam.token);
    expect(await pdfRows(app, invoice.id)).toHaveLength(1);
    // Its stored PDF lost (as after a change whose job was lost), the invoice older than the sweeper's minute.
    await app.dataSource.query(`DELETE FROM billing_document WHERE id = $1`, [invoice.id]);
    await app.dataSource.query(`UPDATE invoice SET created_at = now() - interval '5 minutes' WHERE id = $1`, [invoice.id]);
    const sweeper = app.get<BillingDocuments>(BillingDocuments);
    expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
    await until('the PDF rendered by the sweeper', async () => (await pdfRows(app, invoice.id)).length === 1);
    const stillMissing = await app.dataSource.query(`SELECT id FROM invoice WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM billing_document d WHERE d.id = invoice.id)`, [invoice.id]);
    expect(stillMissing).toEqual([]);
  });

  describe('Payment.reason', () => {
    let fam: { token: string; familyId: string };
    let invoiceId: string;
    const reasonOf = async (id: string, token: string) => (await app.ok(`query($id: ID!) { payment(id: $id) { state reason } }`, { id }, { token })).payment;

    beforeAll(async () => {
      fam = await app.family('LISIBLE', staffToken, { email: 'banque@lisible.test', lastName: 'Banque' });
      const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Max', lastName: 'BANQUE' });
      const month = monthFromNow(2);
      await book(app, fam.token, child.id, cantine.id, serviceDays(month).slice(0, 2));
      await billMonth(app, staffToken, month);
      invoiceId = (await invoicesOf(app, fam.token))[0].id;
    }, HOOK_TIMEOUT);

    it.each([
      ['REFUSED', 'REFUSED', 'Paiement refusé par la banque'],
      ['ABANDONED', 'CANCELLED', 'Paiement abandonné'],
      ['EXPIRED', 'CANCELLED', 'Délai de paiement dépassé'],
    ])('the bank’s %s: %s, « %s », for the family and in the staff’s list', async (status, state, reason) => {
      const c = await checkoutOk(app, fam.token, [invoiceId]);
      expect(await reasonOf(c.payment.id, fam.token)).toEqual({ state: 'PENDING', reason: null });
      expect((await notify(app, c, status)).status).toBe(200);
      expect(await reasonOf(c.payment.id, fam.token)).toEqual({ state, reason });
      const list = (await app.ok(`query($f: ID) { payments(familyId: $f, page: 1, pageSize: 50) { items { id reason } } }`, { f: fam.familyId }, { token: staffToken })).payments.items;
      expect(list.find((p: { id: string }) => p.id === c.payment.id)).toEqual({ id: c.payment.id, reason });
    });

    it('expired by us (no word from the bank): « Délai de paiement dépassé »; a validated payment has no reason', async () => {
      const c = await checkoutOk(app, fam.token, [invoiceId]);
      await app.dataSource.query(`UPDATE payment SET expires_at = now() - interval '1 second' WHERE id = $1`, [c.payment.id]);
      await app.get<OnlinePayments>(OnlinePayments).expire();
      expect(await reasonOf(c.payment.id, fam.token)).toEqual({ state: 'CANCELLED', reason: 'Délai de paiement dépassé' });

      const ok = await checkoutOk(app, fam.token, [invoiceId]);
      expect((await notify(app, ok, 'AUTHORISED')).status).toBe(200);
      expect(await reasonOf(ok.payment.id, fam.token)).toEqual({ state: 'VALIDATED', reason: null });
      expect((await app.ok(P.payment, { id: ok.payment.id }, { token: staffToken })).payment.state).toBe('VALIDATED');
    });
  });

  it('a day booked with no decision after its month was billed (billed in advance) is billed by the catch-up chore once the month is over, once', async () => {
    const fam = await app.family('LISIBLE', staffToken, { email: 'avance@lisible.test', lastName: 'Avance' });
    const child = await registeredChild(app, fam.token, staffToken, cantine.id, { firstName: 'Eva', lastName: 'AVANCE' });
    const month = monthFromNow(6);
    const d = serviceDays(month);
    await book(app, fam.token, child.id, cantine.id, [d[0]]);
    await billMonth(app, staffToken, month); // billed in advance, as some towns do
    // Booked afterwards, accepted automatically: no decision, so no catch-up run at once.
    await book(app, fam.token, child.id, cantine.id, [d[1]]);
    const catchUps = () => app.dataSource.query(`SELECT state FROM billing_run WHERE month = $1 AND trigger = 'CATCH_UP'`, [month]) as Promise<unknown[]>;
    expect(await catchUps()).toEqual([]);
    const runs = app.get<BillingRuns>(BillingRuns);
    // While the month is not over, the chore leaves it to the month's own runs.
    await runs.catchUpLeftovers(new Date(`${d[1]}T12:00:00Z`));
    expect(await catchUps()).toEqual([]);

    const afterTheMonth = new Date(`${shiftMonths(`${month}-01`, 1)}T12:00:00Z`);
    expect(await runs.catchUpLeftovers(afterTheMonth)).toBeGreaterThanOrEqual(1);
    await until('the catch-up invoice', async () => (await invoicesOf(app, fam.token)).length === 2);
    await afterBilling(app);
    const [caught] = await invoicesOf(app, fam.token);
    expect((await app.ok(DATED_INVOICE, { id: caught.id }, { token: fam.token })).invoice).toMatchObject({ amountCents: 340, lines: [expect.objectContaining({ dates: [d[1]] })] });
    expect(await catchUps()).toEqual([{ state: 'DONE' }]);
    // Nothing left: the next round creates nothing for the month.
    await runs.catchUpLeftovers(afterTheMonth);
    expect(await catchUps()).toEqual([{ state: 'DONE' }]);
  });
});
