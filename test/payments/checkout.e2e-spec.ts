import { loginOk } from '../helpers/accounts';
import { B, historyOf, payableOf, recordPayment, summaryOf } from '../helpers/billing';
import { expectError, expectSameNotFound, randomId } from '../helpers/catalog';
import { asCheckout, Checkout, checkoutOk, familiesWithInvoices, P, PayingFamily, paymentRow, paymentsLedger, startPayment, systempaySign, utcStamp } from '../helpers/payments';
import { monthFromNow } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/**
 * "Payer en ligne" → "Accéder au paiement" (SPEC §2 "Payments"): the family's payable invoices, the
 * PENDING payment for the exact total of those ticked, and the signed Systempay form its browser
 * posts to the bank; every refusal leaves nothing behind.
 */
describe('online payment: the checkout', () => {
  let app: TestApp;
  let key: string;
  let demo: string;
  let demoStaff: string;
  /** The guide's invoices by number. */
  const guide: Record<string, { id: string; number: string; amountCents: number }> = {};
  let town: Awaited<ReturnType<typeof familiesWithInvoices>>;
  /** Ten families of CAISSE with two invoices each (10,20 € then 6,80 €), and two more for the odd cases. */
  let payers: PayingFamily[];
  let odd: PayingFamily;
  let several: PayingFamily;

  beforeAll(async () => {
    app = await TestApp.start({ SEED_DEMO: 'true' });
    key = app.portal.config.systempay.key;
    demo = (await loginOk(app, 'famille.demo', 'Portail-Demo-2026', { commune: 'AUTERIVE' })).accessToken;
    demoStaff = (await loginOk(app, 'agent.demo', 'Portail-Demo-2026', { commune: 'AUTERIVE' })).accessToken;
    for (const entry of (await historyOf(app, demo, 1, 100)).items.filter((e) => e.kind === 'INVOICE')) {
      guide[entry.invoice.number] = { id: entry.invoice.id, number: entry.invoice.number, amountCents: entry.invoiceAmountCents };
    }
    town = await familiesWithInvoices(app, 'CAISSE', 12, [monthFromNow(2), monthFromNow(3)], [3, 2]);
    payers = town.families.slice(0, 10);
    [odd, several] = town.families.slice(10);
    expect(odd.invoices.map((i) => i.amountCents)).toEqual([1020, 680]);
  }, 120_000);
  afterAll(() => app?.stop());

  describe('payableInvoices', () => {
    it("the guide's three unpaid invoices, oldest first; the settled 00001 is not among them", async () => {
      const payable = await payableOf(app, demo);
      expect(payable.map((i) => [i.number, i.state, i.remainingCents])).toEqual([
        ['2006-00096', 'UNPAID', 23727],
        ['2006-00097', 'UNPAID', 24150],
        ['2006-00098', 'UNPAID', 24996],
      ]);
    });

    it('a family billed twice sees both invoices, the older first, each with what remains', async () => {
      const payable = await payableOf(app, odd.token);
      expect(payable.map((i) => [i.id, i.state, i.remainingCents])).toEqual([
        [odd.invoices[0].id, 'UNPAID', 1020],
        [odd.invoices[1].id, 'UNPAID', 680],
      ]);
    });

    it('staff have no payable invoices of their own (FORBIDDEN), and nobody anonymous reads any', async () => {
      expectError(await app.gql(B.payable, {}, { token: demoStaff }), 'FORBIDDEN');
      expectError(await app.gql(B.payable, {}, { commune: 'AUTERIVE' }), 'UNAUTHENTICATED');
    });
  });

  // First, while no checkout happened today in this database: the day's transaction counter is born under the rush.
  describe('many checkouts at once', () => {
    it('20 checkouts of 10 families (two tabs each, one invoice each) at the same instant: 20 payments, 20 distinct transaction ids and numbers', async () => {
      const before = await paymentsLedger(app);
      const jobs = payers.flatMap((f) => f.invoices.map((inv) => ({ f, inv })));
      expect(jobs).toHaveLength(20);
      const answers = await Promise.all(jobs.map(({ f, inv }) => startPayment(app, f.token, [inv.id])));
      const errors = answers.filter((r) => r.errors);
      expect(errors.map((r) => r.errors)).toEqual([]);
      const checkouts = answers.map((r) => asCheckout(r.data.startOnlinePayment));
      for (const [k, c] of checkouts.entries()) {
        expect(c.payment.amountCents).toBe(jobs[k].inv.amountCents);
        expect(c.form.vads_amount).toBe(String(jobs[k].inv.amountCents));
        expect(c.form.vads_order_id).toBe(c.payment.number);
        expect(c.form.vads_trans_id).toMatch(/^\d{6}$/);
        expect(c.form.signature).toBe(systempaySign(c.form, key));
      }
      // Unique per site and UTC day.
      const transactions = checkouts.map((c) => `${c.form.vads_site_id}/${c.form.vads_trans_date.slice(0, 8)}/${c.form.vads_trans_id}`);
      expect(new Set(transactions).size).toBe(20);
      // The commune's payment sequence (its own, not the demo commune's), gapless.
      const numbers = checkouts.map((c) => c.payment.number).sort();
      expect(numbers).toEqual(Array.from({ length: 20 }, (_, k) => String(k + 1).padStart(5, '0')));
      expect((await paymentsLedger(app)).payments.length).toBe(before.payments.length + 20);
      for (const f of payers) expect(await payableOf(app, f.token)).toEqual([]);
    });
  });

  describe("the guide's checkout: invoice 2006-00096", () => {
    let c: Checkout;
    let before: Date;
    let after: Date;

    beforeAll(async () => {
      before = new Date();
      c = await checkoutOk(app, demo, [guide['2006-00096'].id]);
      after = new Date();
    });

    it('creates a PENDING payment for the exact amount, numbered 04084 after the guide’s 04083', () => {
      expect(c.payment).toMatchObject({
        number: '04084',
        provider: 'SYSTEMPAY',
        amountCents: 23727,
        state: 'PENDING',
        stateLabel: 'Règlement en attente de validation',
        flag: null,
      });
      expect(c.payment.label).toMatch(/^Paiement n° 04084 \(par .+\)$/);
      expect(c.payment.invoices).toEqual([{ id: guide['2006-00096'].id, number: '2006-00096', state: 'PAYMENT_PENDING', remainingCents: 23727 }]);
    });

    it('sends the browser to the test bank by POST', () => {
      expect(c.method).toBe('POST');
      expect(c.actionUrl).toBe(app.portal.config.systempay.paymentUrl);
      expect(c.actionUrl).toMatch(/^https?:\/\/[^/]+\/test-bank\/systempay$/);
    });

    it('with exactly the vads_* fields of the Systempay form, and their signature', async () => {
      expect([...c.names].sort()).toEqual(
        [
          'signature',
          'vads_action_mode',
          'vads_amount',
          'vads_ctx_mode',
          'vads_currency',
          'vads_cust_email',
          'vads_order_id',
          'vads_page_action',
          'vads_payment_config',
          'vads_site_id',
          'vads_trans_date',
          'vads_trans_id',
          'vads_url_check',
          'vads_url_return',
          'vads_version',
        ].sort(),
      );
      expect(new Set(c.names).size).toBe(c.names.length);
      const api = app.portal.config.apiPublicUrl.replace(/\/$/, '');
      const email = (await app.dataSource.query(`SELECT email FROM account WHERE login = 'famille.demo'`))[0].email;
      expect(c.form).toMatchObject({
        vads_site_id: app.portal.config.systempay.siteId,
        vads_ctx_mode: 'TEST',
        vads_amount: '23727',
        vads_currency: '978',
        vads_action_mode: 'INTERACTIVE',
        vads_page_action: 'PAYMENT',
        vads_version: 'V2',
        vads_payment_config: 'SINGLE',
        vads_order_id: '04084',
        vads_cust_email: email,
        vads_url_return: `${api}/payments/return?payment=${c.payment.id}`,
        vads_url_check: `${api}/payments/systempay/ipn`,
      });
      expect(email).toBe('famille.demo@auterive.example');
      expect(c.form.vads_site_id).toMatch(/^\d{8}$/);
      // Six digits, from the shop's range (900000+ belong to the bank).
      expect(c.form.vads_trans_id).toMatch(/^\d{6}$/);
      expect(Number(c.form.vads_trans_id)).toBeLessThan(900000);
      // UTC, YYYYMMDDHHMMSS, taken during the request.
      expect(c.form.vads_trans_date).toMatch(/^\d{14}$/);
      expect(c.form.vads_trans_date >= utcStamp(before) && c.form.vads_trans_date <= utcStamp(after)).toBe(true);
    });

    it('signed as the bank checks it: HMAC-SHA-256 (Base64) of the sorted vads_* values and the key', () => {
      expect(c.form.signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(c.form.signature).toBe(systempaySign(c.form, key));
      // Another key, or one value changed, gives another signature: the bank would refuse the form.
      expect(systempaySign(c.form, `${key}x`)).not.toBe(c.form.signature);
      expect(systempaySign({ ...c.form, vads_amount: '100' }, key)).not.toBe(c.form.signature);
    });

    it('keeps the bank’s transaction with the payment, which expires after PAYMENT_PENDING_MINUTES (30 by default)', async () => {
      const row = await paymentRow(app, c.payment.id);
      expect(row).toMatchObject({ state: 'PENDING', amount_cents: 23727, trans_id: c.form.vads_trans_id, flag: null, settled_at: null });
      const minutes = (row.expires_at!.getTime() - before.getTime()) / 60_000;
      expect(minutes).toBeGreaterThanOrEqual(30 - 0.1);
      expect(minutes).toBeLessThanOrEqual(30 + (after.getTime() - before.getTime()) / 60_000 + 0.1);
    });

    it('the invoice waits for the bank and is no longer payable', async () => {
      const invoice = (await app.ok(B.invoice, { id: guide['2006-00096'].id }, { token: demo })).invoice;
      expect(invoice).toMatchObject({ state: 'PAYMENT_PENDING', stateLabel: 'Facture en attente de validation du paiement', remainingCents: 23727, paidCents: 0 });
      expect((await payableOf(app, demo)).map((i) => i.number)).toEqual(['2006-00097', '2006-00098']);
    });

    it("the guide's figures while the payment is pending: 370,27 € (2 paiements) / 491,46 € (2 factures non soldées)", async () => {
      expect(await summaryOf(app, demo)).toMatchObject({ invoicedCents: 86173, invoiceCount: 4, paidCents: 37027, paymentCount: 2, dueCents: 49146, unsettledInvoiceCount: 2 });
      const [first] = (await historyOf(app, demo)).items;
      expect(first).toMatchObject({ kind: 'PAYMENT', paymentAmountCents: 23727, state: 'PENDING', payment: { id: c.payment.id, number: '04084' } });
      expect(first.label).toMatch(/^Paiement n° 04084/);
      expect((await app.ok(P.payment, { id: c.payment.id }, { token: demo })).payment).toMatchObject({ state: 'PENDING', amountCents: 23727 });
    });

    it('a second tab paying 2006-00096 again → CONFLICT INVOICE_NOT_PAYABLE in French, nothing created', async () => {
      const ledger = await paymentsLedger(app);
      const err = expectError(await startPayment(app, demo, [guide['2006-00096'].id]), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(err.message).toContain('2006-00096');
      expect(err.message).toMatch(/paiement.*en cours/);
      expect(err.extensions.invoiceIds).toEqual([guide['2006-00096'].id]);
      // Also beside a payable invoice: the whole checkout is refused.
      expectError(await startPayment(app, demo, [guide['2006-00097'].id, guide['2006-00096'].id]), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await app.ok(B.invoice, { id: guide['2006-00097'].id }, { token: demo })).invoice.state).toBe('UNPAID');
    });
  });

  describe('refusals leave nothing behind', () => {
    it('tabs paying 2006-00097 at the same instant (two, and three more): exactly one payment, the others CONFLICT', async () => {
      const ledger = await paymentsLedger(app);
      const answers = await Promise.all(Array.from({ length: 5 }, () => startPayment(app, demo, [guide['2006-00097'].id])));
      const won = answers.filter((r) => !r.errors);
      const lost = answers.filter((r) => r.errors);
      expect([won.length, lost.length]).toEqual([1, 4]);
      for (const r of lost) expectError(r, 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      const c = asCheckout(won[0].data.startOnlinePayment);
      // Gapless: the refused one took no number and no transaction id.
      expect(c.payment.number).toBe('04085');
      expect(c.payment.amountCents).toBe(24150);
      const now = await paymentsLedger(app);
      expect(now.payments.length).toBe(ledger.payments.length + 1);
      expect(now.allocations.length).toBe(ledger.allocations.length + 1);
      expect(now.transactions.reduce((s: number, t: { value: number }) => s + t.value, 0)).toBe(ledger.transactions.reduce((s: number, t: { value: number }) => s + t.value, 0) + 1);
      expect(await app.dataSource.query(`SELECT number FROM payment p JOIN commune c ON c.id = p.commune_id WHERE c.code = 'AUTERIVE' ORDER BY number`)).toEqual([
        { number: 4083 },
        { number: 4084 },
        { number: 4085 },
      ]);
    });

    it('a settled invoice (00001) → CONFLICT INVOICE_NOT_PAYABLE, even beside a payable one', async () => {
      const ledger = await paymentsLedger(app);
      let err = expectError(await startPayment(app, demo, [guide['00001'].id]), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(err.message).toContain('00001');
      expect(err.message).toMatch(/soldée/);
      err = expectError(await startPayment(app, demo, [guide['2006-00098'].id, guide['00001'].id]), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(err.extensions.invoiceIds).toEqual([guide['00001'].id]);
      expect(await paymentsLedger(app)).toEqual(ledger);
    });

    it('an invoice handed to the Trésor Public → CONFLICT INVOICE_NOT_PAYABLE naming the Trésor Public', async () => {
      await app.ok(B.toTreasury, { i: { invoiceId: guide['2006-00098'].id } }, { token: demoStaff });
      const ledger = await paymentsLedger(app);
      const err = expectError(await startPayment(app, demo, [guide['2006-00098'].id]), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(err.message).toContain('2006-00098');
      expect(err.message).toMatch(/Trésor Public/);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect(await payableOf(app, demo)).toEqual([]);
    });

    it("another family's invoice → NOT_FOUND exactly like a random id (alone or beside one's own)", async () => {
      const ledger = await paymentsLedger(app);
      const random = await startPayment(app, odd.token, [randomId()]);
      // Same commune, another family.
      expectSameNotFound(await startPayment(app, odd.token, [payers[0].invoices[0].id]), random);
      expectSameNotFound(await startPayment(app, odd.token, [odd.invoices[0].id, payers[0].invoices[0].id]), random);
      // Another commune's family.
      expectSameNotFound(await startPayment(app, demo, [odd.invoices[0].id]), await startPayment(app, demo, [randomId()]));
      expectSameNotFound(await startPayment(app, odd.token, [guide['2006-00096'].id]), random);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await payableOf(app, odd.token)).map((i) => i.state)).toEqual(['UNPAID', 'UNPAID']);
    });

    it('staff cannot start a payment (FORBIDDEN), nor can anyone unauthenticated', async () => {
      const ledger = await paymentsLedger(app);
      expectError(await startPayment(app, demoStaff, [guide['2006-00096'].id]), 'FORBIDDEN');
      expectError(await startPayment(app, town.staffToken, [odd.invoices[0].id]), 'FORBIDDEN');
      expectError(await startPayment(app, town.adminToken, [odd.invoices[0].id]), 'FORBIDDEN');
      expectError(await app.gql(P.start, { i: { invoiceIds: [odd.invoices[0].id] } }, { commune: 'CAISSE' }), 'UNAUTHENTICATED');
      expect(await paymentsLedger(app)).toEqual(ledger);
    });

    it('no invoice ticked, or an id that is not one → BAD_USER_INPUT', async () => {
      const ledger = await paymentsLedger(app);
      expectError(await startPayment(app, odd.token, []), 'BAD_USER_INPUT');
      expectError(await startPayment(app, odd.token, ['facture-96']), 'BAD_USER_INPUT');
      expect(await paymentsLedger(app)).toEqual(ledger);
    });

    it('an invoice ticked twice is paid once: the total is not doubled', async () => {
      const c = await checkoutOk(app, odd.token, [odd.invoices[1].id, odd.invoices[1].id]);
      expect(c.payment.amountCents).toBe(680);
      expect(c.form.vads_amount).toBe('680');
      expect(c.payment.invoices).toEqual([{ id: odd.invoices[1].id, number: odd.invoices[1].number, state: 'PAYMENT_PENDING', remainingCents: 680 }]);
    });

    it('an invoice partly paid at the régie: the payment is for what remains, not for the invoice’s amount', async () => {
      const [older] = odd.invoices;
      expect((await recordPayment(app, town.staffToken, { familyId: odd.familyId, invoiceIds: [older.id], amountCents: 220, method: 'CHECK' })).errors).toBeUndefined();
      expect((await payableOf(app, odd.token)).map((i) => [i.id, i.remainingCents])).toEqual([[older.id, 800]]);
      const c = await checkoutOk(app, odd.token, [older.id]);
      expect(c.payment.amountCents).toBe(800);
      expect(c.form.vads_amount).toBe('800');
      expect(c.payment.invoices).toEqual([{ id: older.id, number: older.number, state: 'PAYMENT_PENDING', remainingCents: 800 }]);
    });

    it('several invoices: one payment for their exact total, listed oldest first', async () => {
      const fresh = several;
      // Ticked newest first, as a screen may send them.
      const ledger = await paymentsLedger(app);
      const c = await checkoutOk(app, fresh.token, [fresh.invoices[1].id, fresh.invoices[0].id]);
      expect(c.payment.amountCents).toBe(1700);
      expect(c.form.vads_amount).toBe('1700');
      expect(c.payment.invoices.map((i) => [i.number, i.state, i.remainingCents])).toEqual([
        [fresh.invoices[0].number, 'PAYMENT_PENDING', 1020],
        [fresh.invoices[1].number, 'PAYMENT_PENDING', 680],
      ]);
      expect(await payableOf(app, fresh.token)).toEqual([]);
      expect((await paymentsLedger(app)).payments.length).toBe(ledger.payments.length + 1);
    });
  });

  it('every online payment of the day, in both communes, has its own transaction id', async () => {
    const rows = await app.dataSource.query(`SELECT site_id, trans_day, trans_id FROM payment WHERE trans_id IS NOT NULL`);
    // The demo's two, CAISSE's 3 + 20.
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r: { site_id: string; trans_day: string; trans_id: string }) => `${r.site_id}/${r.trans_day}/${r.trans_id}`)).size).toBe(25);
  });
});
