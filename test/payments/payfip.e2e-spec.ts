import request from 'supertest';
import { PayfipPayments } from '../../src/modules/payments/payfip/payfip-payments.service';
import { TestPayfipOperations } from '../../src/modules/payments/payfip/test-payfip.controller';
import { expectError, HOOK_TIMEOUT } from '../helpers/catalog';
import { checkoutOk, familiesWithInvoices, notificationsOf, PayingFamily, paymentRow, paymentsLedger, startPayment } from '../helpers/payments';
import { monthFromNow } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** The path of an absolute URL the app gave (it listens on a port of its own in the tests). */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

const UPDATE = `mutation($i: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $i) { onlineProvider mode payfipClientNumber } }`;

/**
 * PayFiP (SPEC "The Trésor Public: PayFiP…"): a commune whose admin chose PayFiP in TEST mode; its
 * families pay one invoice at a time through the app's own test PayFiP — `creerPaiementSecurise`,
 * PayFiP's page, the notification with the `idop` alone, `recupererDetailPaiementSecurise`, its
 * `resultrans` applied exactly once.
 */
describe('PayFiP', () => {
  let app: TestApp;
  let families: PayingFamily[];

  beforeAll(async () => {
    app = await TestApp.start();
    const town = await familiesWithInvoices(app, 'PAYFIPA', 6, [monthFromNow(2), monthFromNow(3)], [3, 2]);
    families = town.families;
    await app.ok(UPDATE, { i: { onlineProvider: 'PAYFIP', mode: 'TEST', payfipClientNumber: '123456' } }, { token: town.adminToken });
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  /** The family's « Payer en ligne » of one invoice: the payment, and PayFiP's page with its idop. */
  async function start(f: PayingFamily, k = 0) {
    const c = await checkoutOk(app, f.token, [f.invoices[k].id]);
    expect(c.method).toBe('GET');
    expect(Object.keys(c.form)).toEqual(['idop']);
    expect(pathOf(c.actionUrl)).toBe('/test-bank/payfip');
    return { ...c, idOp: c.form.idop };
  }

  /** The family's choice on the test PayFiP's page: its notification is sent, then the browser goes back. */
  async function decide(idOp: string, decision: 'PAY' | 'REFUSE' | 'ABANDON') {
    const page = await request(app.server).get('/test-bank/payfip').query({ idop: idOp });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Payer');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    const back = await request(app.server).post('/test-bank/payfip/decision').type('form').send({ idop: idOp, decision });
    expect(back.status).toBe(303);
    return back.headers.location as string;
  }

  const notify = (idOp: string) => request(app.server).post('/payments/payfip/notify').type('form').send({ idop: idOp });

  it('pays one invoice: the payment is PENDING with its idOp, PayFiP was given the invoice, then VALIDATED', async () => {
    const f = families[0];
    const c = await start(f);
    expect(c.payment).toMatchObject({ provider: 'PAYFIP', state: 'PENDING', amountCents: f.invoices[0].remainingCents });
    const [row] = await app.dataSource.query(`SELECT provider, payfip_id_op, site_id FROM payment WHERE id = $1`, [c.payment.id]);
    expect(row).toEqual({ provider: 'PAYFIP', payfip_id_op: c.idOp, site_id: '123456' });
    const back = await decide(c.idOp, 'PAY');
    expect(pathOf(back)).toBe(`/payments/return?payment=${c.payment.id}`);
    expect((await paymentRow(app, c.payment.id)).state).toBe('VALIDATED');
    const [invoice] = await app.dataSource.query(`SELECT state FROM invoice WHERE id = $1`, [f.invoices[0].id]);
    expect(invoice.state).toBe('PAID');
    expect(await notificationsOf(app, c.payment.id)).toEqual([{ status: 'P', source: 'NOTIFICATION', outcome: 'APPLIED', amount_cents: f.invoices[0].remainingCents }]);
    // The browser's return after the notification: nothing more.
    const portal = await request(app.server).get(pathOf(back));
    expect(portal.status).toBe(303);
    expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome)).toEqual(['APPLIED']);
  });

  it('a refusal (R) makes the invoice payable again; an abandon (A) cancels', async () => {
    const f = families[1];
    const refused = await start(f);
    await decide(refused.idOp, 'REFUSE');
    expect(await paymentRow(app, refused.payment.id)).toMatchObject({ state: 'REFUSED' });
    const [again] = await app.dataSource.query(`SELECT state FROM invoice WHERE id = $1`, [f.invoices[0].id]);
    expect(again.state).toBe('UNPAID');
    const abandoned = await start(f);
    await decide(abandoned.idOp, 'ABANDON');
    expect((await paymentRow(app, abandoned.payment.id)).state).toBe('CANCELLED');
  });

  it('a replayed notification changes nothing; notification and return at once are applied once', async () => {
    const f = families[2];
    const c = await start(f);
    // PayFiP has the family's payment; its notification, a resent one and the browser's return arrive together.
    app.portal.app.get(TestPayfipOperations).decide(c.idOp, 'P');
    const before = await paymentsLedger(app);
    const replies = await Promise.all([notify(c.idOp), notify(c.idOp), request(app.server).get(`/payments/return?payment=${c.payment.id}`), notify(c.idOp)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 303, 200]);
    expect((await paymentRow(app, c.payment.id)).state).toBe('VALIDATED');
    const outcomes = (await notificationsOf(app, c.payment.id)).map((n) => n.outcome);
    expect(outcomes.filter((o) => o === 'APPLIED')).toHaveLength(1);
    expect(outcomes.every((o) => o === 'APPLIED' || o === 'UNCHANGED')).toBe(true);
    const after = await paymentsLedger(app);
    expect(after.credit).toEqual(before.credit);
    expect(after.payments.filter((p: { state: string }) => p.state === 'VALIDATED').length).toBe(before.payments.filter((p: { state: string }) => p.state === 'VALIDATED').length + 1);
  });

  it('refuses two invoices at once with a French message, nothing written', async () => {
    const f = families[3];
    const before = await paymentsLedger(app);
    const res = await startPayment(app, f.token, [f.invoices[0].id, f.invoices[1].id]);
    expectError(res, 'BAD_USER_INPUT');
    expect(res.errors?.[0].message).toBe('Avec PayFiP, une facture se paie à la fois.');
    expect(await paymentsLedger(app)).toEqual(before);
  });

  it('an unknown idop: 404, nothing written', async () => {
    const before = await paymentsLedger(app);
    const before_n = await app.dataSource.query(`SELECT count(*)::int AS n FROM payment_notification`);
    const res = await notify('0123456789abcdef0123456789abcdef');
    expect(res.status).toBe(404);
    expect((await notify('')).status).toBe(404);
    expect(await paymentsLedger(app)).toEqual(before);
    expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM payment_notification`)).toEqual(before_n);
  });

  it('the reconciliation chore asks again a payment pending for 20 minutes; one with no result waits', async () => {
    const f = families[4];
    const paid = await start(f);
    const waiting = await start(f, 1);
    // PayFiP took the money but its notification never came.
    const ops = app.portal.app.get(PayfipPayments);
    await app.dataSource.query(`UPDATE payment SET created_at = now() - interval '21 minutes' WHERE id = ANY($1)`, [[paid.payment.id, waiting.payment.id]]);
    // The choice recorded at PayFiP without the notification reaching us: the test PayFiP's own state.
    app.portal.app.get(TestPayfipOperations).decide(paid.idOp, 'P');
    expect(await ops.reconcile()).toBe(1);
    expect((await paymentRow(app, paid.payment.id)).state).toBe('VALIDATED');
    expect((await paymentRow(app, waiting.payment.id)).state).toBe('PENDING');
    expect((await notificationsOf(app, paid.payment.id)).map((n) => [n.source, n.outcome])).toEqual([['RECONCILIATION', 'APPLIED']]);
  });

  it('two communes on PayFiP keep their money apart: each operation under its own client number, each staff sees its own payments', async () => {
    const b = await familiesWithInvoices(app, 'PAYFIPB', 1, [monthFromNow(2)], [2]);
    await app.ok(UPDATE, { i: { onlineProvider: 'PAYFIP', mode: 'TEST', payfipClientNumber: '654321' } }, { token: b.adminToken });
    const inA = await start(families[5]);
    const inB = await start(b.families[0]);
    const ops = app.portal.app.get(TestPayfipOperations);
    expect([ops.get(inA.idOp)?.numcli, ops.get(inB.idOp)?.numcli]).toEqual(['123456', '654321']);
    // B's family pays: B's payment only.
    await decide(inB.idOp, 'PAY');
    expect((await paymentRow(app, inB.payment.id)).state).toBe('VALIDATED');
    expect((await paymentRow(app, inA.payment.id)).state).toBe('PENDING');
    const seenBy = async (token: string) => ((await app.ok(`{ payments(page: 1, pageSize: 100) { items { id } } }`, {}, { token })).payments.items as Array<{ id: string }>).map((p) => p.id);
    expect(await seenBy(b.staffToken)).toEqual([inB.payment.id]);
    expect(await seenBy(b.staffToken)).not.toContain(inA.payment.id);
  });
});
