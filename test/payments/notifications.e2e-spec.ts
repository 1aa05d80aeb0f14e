import request from 'supertest';
import { B, creditBalanceOf, excuse, invoiceOf, payableOf, recordPayment, summaryOf } from '../helpers/billing';
import { communeWithStaff, expectError, expectSameNotFound, HOOK_TIMEOUT, randomId } from '../helpers/catalog';
import {
  allocationsOf,
  backOfficeResend,
  bankNotification,
  Checkout,
  checkoutOk,
  creditLedger,
  Fields,
  familiesWithInvoices,
  invoiceRow,
  mailsSettled,
  notificationsOf,
  notify,
  P,
  PayingFamily,
  paymentMails,
  paymentRow,
  paymentsLedger,
  plain,
  postIpn,
  refusedMails,
  signed,
  validatedMails,
  waitForMail,
} from '../helpers/payments';
import { monthFromNow, serviceDays } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';
import { OnlinePayments } from '../../src/modules/payments/online-payments.service';

jest.setTimeout(60_000);

/**
 * The bank's notification (IPN, SPEC §2 "Payments"): the only thing that settles an online
 * payment. Signed or refused with 400; matched by site, day and transaction; applied exactly once
 * whatever the bank sends, however often, in whatever order; money taken never lost.
 */
describe('online payment: the bank notifies (IPN)', () => {
  let app: TestApp;
  let key: string;
  let staffToken: string;
  /** Each family has two invoices, oldest first: 10,20 € then 6,80 €. */
  let paid: PayingFamily; // a success for both its invoices
  let unlucky: PayingFamily; // refused, cancelled… then paid by ten notifications at once
  let late: PayingFamily; // bank's success after our expiry, invoice partly paid meanwhile
  let settled: PayingFamily; // bank's success after our expiry, invoice paid at the régie meanwhile
  let twice: PayingFamily; // bank's success after our expiry while a second checkout waits
  let statuses: PayingFamily; // the bank's other words for a success
  let excusedSome: PayingFamily; // a day excused (credit note) while its payment is pending
  let excusedAll: PayingFamily; // every day excused while the payments are pending
  let activityId: string;
  const m2 = monthFromNow(2);
  const m3 = monthFromNow(3);

  const oneMinuteAgo = () => new Date(Date.now() - 60_000);
  /** Our expiry cancels a PENDING payment whose time is up. */
  async function expireNow(c: Checkout) {
    await app.dataSource.query(`UPDATE payment SET expires_at = $2 WHERE id = $1`, [c.payment.id, oneMinuteAgo()]);
    await app.get<OnlinePayments>(OnlinePayments).expire();
    expect((await paymentRow(app, c.payment.id)).state).toBe('CANCELLED');
  }
  const paymentAs = async (token: string, id: string) => (await app.ok(P.payment, { id }, { token })).payment;

  beforeAll(async () => {
    app = await TestApp.start();
    key = app.portal.config.systempay.key;
    const town = await familiesWithInvoices(app, 'BANQUE', 8, [m2, m3], [3, 2]);
    staffToken = town.staffToken;
    activityId = town.activityId;
    [paid, unlucky, late, settled, twice, statuses, excusedSome, excusedAll] = town.families;
    for (const f of town.families) expect(f.invoices.map((i) => i.amountCents)).toEqual([1020, 680]);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('AUTHORISED', () => {
    let c: Checkout;
    beforeAll(async () => {
      c = await checkoutOk(
        app,
        paid.token,
        paid.invoices.map((i) => i.id),
      );
    });

    it('answers 200, validates the payment and settles both invoices, the oldest first', async () => {
      const res = await notify(app, c, 'AUTHORISED');
      expect(res.status).toBe(200);
      const payment = await paymentAs(paid.token, c.payment.id);
      expect(payment).toMatchObject({ state: 'VALIDATED', amountCents: 1700, flag: null });
      expect(payment.invoices).toEqual([
        { id: paid.invoices[0].id, number: paid.invoices[0].number, state: 'PAID', remainingCents: 0 },
        { id: paid.invoices[1].id, number: paid.invoices[1].number, state: 'PAID', remainingCents: 0 },
      ]);
      expect(await allocationsOf(app, c.payment.id)).toEqual([
        { number: paid.invoices[0].number, cents: 1020 },
        { number: paid.invoices[1].number, cents: 680 },
      ]);
      for (const inv of paid.invoices) expect(await invoiceOf(app, paid.token, inv.id)).toMatchObject({ state: 'PAID', stateLabel: 'Facture soldée', paidCents: inv.amountCents, remainingCents: 0 });
      expect(await payableOf(app, paid.token)).toEqual([]);
      expect(await summaryOf(app, paid.token)).toMatchObject({ invoicedCents: 1700, paidCents: 1700, paymentCount: 1, dueCents: 0, unsettledInvoiceCount: 0, creditBalanceCents: 0 });
      expect((await paymentRow(app, c.payment.id)).settled_at).toBeInstanceOf(Date);
    });

    it('sends the "paiement validé" mail once, with the invoice numbers and the amount', async () => {
      const mail = await waitForMail(app, paid.email, /validé/);
      await mailsSettled(app);
      expect(validatedMails(app, paid.email)).toHaveLength(1);
      expect(refusedMails(app, paid.email)).toHaveLength(0);
      expect(mail.subject).toContain(`paiement n° ${c.payment.number} validé`);
      const text = plain(mail.text);
      expect(text).toContain('17,00 €');
      expect(text).toContain(paid.invoices[0].number);
      expect(text).toContain(paid.invoices[1].number);
      expect(text).toMatch(/a bien été pris en compte/);
    });

    it('records what the notification did, and keeps no card data', async () => {
      expect(await notificationsOf(app, c.payment.id)).toEqual([{ status: 'AUTHORISED', source: 'PAY', outcome: 'APPLIED', amount_cents: 1700 }]);
      const [row] = await app.dataSource.query(`SELECT row_to_json(n)::text AS json FROM payment_notification n WHERE payment_id = $1`, [c.payment.id]);
      expect(row.json).not.toMatch(/497010|XXXXXX|0055|CB/);
    });

    it('a late ABANDONED (out of order) changes nothing: the payment stays VALIDATED', async () => {
      const ledger = await paymentsLedger(app);
      expect((await notify(app, c, 'ABANDONED')).status).toBe(200);
      expect((await notify(app, c, 'REFUSED', { vads_url_check_src: 'RETRY' })).status).toBe(200);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await paymentAs(paid.token, c.payment.id)).state).toBe('VALIDATED');
      expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome)).toEqual(['APPLIED', 'UNCHANGED', 'UNCHANGED']);
      await mailsSettled(app);
      expect(paymentMails(app, paid.email)).toHaveLength(1);
    });

    it('the bank’s other words for a success (AUTHORISED_TO_VALIDATE, CAPTURED, ACCEPTED) validate too', async () => {
      const [older, newer] = statuses.invoices;
      const first = await checkoutOk(app, statuses.token, [older.id]);
      expect((await notify(app, first, 'AUTHORISED_TO_VALIDATE')).status).toBe(200);
      expect((await paymentRow(app, first.payment.id)).state).toBe('VALIDATED');
      const second = await checkoutOk(app, statuses.token, [newer.id]);
      expect((await notify(app, second, 'CAPTURED')).status).toBe(200);
      expect((await paymentRow(app, second.payment.id)).state).toBe('VALIDATED');
      expect([(await invoiceRow(app, older.id)).state, (await invoiceRow(app, newer.id)).state]).toEqual(['PAID', 'PAID']);
      // ACCEPTED, on a payment that a CAPTURED already validated: nothing more.
      expect((await notify(app, second, 'ACCEPTED', { vads_url_check_src: 'BO' })).status).toBe(200);
      expect((await notificationsOf(app, second.payment.id)).map((n) => n.outcome)).toEqual(['APPLIED', 'UNCHANGED']);
    });
  });

  describe('REFUSED, CANCELLED, ABANDONED, EXPIRED', () => {
    it('REFUSED → the payment is REFUSED, the invoice UNPAID and payable again, one "paiement refusé" mail', async () => {
      const [inv] = unlucky.invoices;
      const c = await checkoutOk(app, unlucky.token, [inv.id]);
      expect((await notify(app, c, 'REFUSED')).status).toBe(200);
      expect(await paymentAs(unlucky.token, c.payment.id)).toMatchObject({ state: 'REFUSED', invoices: [{ id: inv.id, state: 'UNPAID', remainingCents: 1020 }] });
      expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'UNPAID', paid_cents: 0 });
      expect((await payableOf(app, unlucky.token)).map((i) => i.id)).toEqual([inv.id, unlucky.invoices[1].id]);
      // A refused payment is not counted as paid.
      expect(await summaryOf(app, unlucky.token)).toMatchObject({ paidCents: 0, paymentCount: 0, dueCents: 1700, unsettledInvoiceCount: 2 });
      const mail = await waitForMail(app, unlucky.email, /refusé/);
      // The bank resends it: still one mail.
      expect((await notify(app, c, 'REFUSED', { vads_url_check_src: 'RETRY' })).status).toBe(200);
      await mailsSettled(app);
      expect(refusedMails(app, unlucky.email)).toHaveLength(1);
      expect(validatedMails(app, unlucky.email)).toHaveLength(0);
      expect(mail.subject).toContain(`paiement n° ${c.payment.number} refusé`);
      expect(plain(mail.text)).toContain('10,20 €');
      expect(mail.text).toContain(inv.number);
      expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome)).toEqual(['APPLIED', 'UNCHANGED']);
    });

    it.each(['CANCELLED', 'ABANDONED', 'EXPIRED'])('%s → the payment is CANCELLED, the invoice UNPAID and payable again, no mail', async (status) => {
      const [inv] = unlucky.invoices;
      const mailsBefore = paymentMails(app, unlucky.email).length;
      const c = await checkoutOk(app, unlucky.token, [inv.id]);
      expect((await invoiceRow(app, inv.id)).state).toBe('PAYMENT_PENDING');
      expect((await notify(app, c, status)).status).toBe(200);
      expect(await paymentAs(unlucky.token, c.payment.id)).toMatchObject({ state: 'CANCELLED', stateLabel: 'Règlement annulé' });
      expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'UNPAID', paid_cents: 0 });
      expect((await payableOf(app, unlucky.token)).map((i) => i.id)).toContain(inv.id);
      await mailsSettled(app);
      expect(paymentMails(app, unlucky.email)).toHaveLength(mailsBefore);
    });
  });

  describe('what the portal does not believe', () => {
    let c: Checkout;
    const ipnCount = async () => Number((await app.dataSource.query(`SELECT count(*) FROM payment_notification`))[0].count);
    beforeAll(async () => {
      c = await checkoutOk(app, unlucky.token, [unlucky.invoices[0].id]);
    });

    it('a missing, empty, wrong-key or stale signature → 400, nothing changes and nothing is recorded', async () => {
      const ledger = await paymentsLedger(app);
      const ipns = await ipnCount();
      const fields = bankNotification(c.form, 'AUTHORISED');
      const good = signed(fields, key);
      const attempts = [
        fields,
        { ...fields, signature: '' },
        signed(fields, 'not-the-key'),
        signed(fields, `${key} `),
        { ...good, vads_amount: '1' },
        { ...good, vads_trans_status: 'AUTHORISED', vads_order_id: '00000' },
        { ...good, signature: good.signature.toLowerCase() },
        { ...good, signature: `${good.signature}=` },
      ];
      for (const attempt of attempts) {
        const res = await postIpn(app, attempt);
        expect(res.status).toBe(400);
      }
      // No body at all, or fields that are not a form's strings (a number), are no bank's notification either.
      expect((await request(app.server).post('/payments/systempay/ipn')).status).toBe(400);
      expect(
        (
          await request(app.server)
            .post('/payments/systempay/ipn')
            .set('content-type', 'application/json')
            .send(JSON.stringify({ ...good, vads_amount: 1020 }))
        ).status,
      ).toBe(400);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect(await ipnCount()).toBe(ipns);
      expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
    });

    it('a right signature over a wrong amount, currency or order → 200 (the bank stops), nothing changes, MISMATCH recorded', async () => {
      const ledger = await paymentsLedger(app);
      const tampered: Fields[] = [{ vads_amount: '1', vads_effective_amount: '1' }, { vads_amount: '102000' }, { vads_currency: '840' }, { vads_order_id: '99999' }];
      for (const over of tampered) {
        const res = await notify(app, c, 'AUTHORISED', over);
        expect(res.status).toBe(200);
      }
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect(await notificationsOf(app, c.payment.id)).toEqual([
        { status: 'AUTHORISED', source: 'PAY', outcome: 'MISMATCH', amount_cents: 1 },
        { status: 'AUTHORISED', source: 'PAY', outcome: 'MISMATCH', amount_cents: 102000 },
        { status: 'AUTHORISED', source: 'PAY', outcome: 'MISMATCH', amount_cents: 1020 },
        { status: 'AUTHORISED', source: 'PAY', outcome: 'MISMATCH', amount_cents: 1020 },
      ]);
      expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
      expect((await invoiceRow(app, unlucky.invoices[0].id)).state).toBe('PAYMENT_PENDING');
    });

    it('an unknown transaction (id, day or site) → 200, nothing changes, recorded without a payment', async () => {
      const ledger = await paymentsLedger(app);
      const ipns = await ipnCount();
      const otherDay = `${Number(c.form.vads_trans_date.slice(0, 4)) - 1}${c.form.vads_trans_date.slice(4)}`;
      const strangers: Fields[] = [{ vads_trans_id: '899999' }, { vads_trans_date: otherDay }, { vads_site_id: '87654321' }];
      for (const over of strangers) {
        const res = await notify(app, c, 'AUTHORISED', over);
        expect(res.status).toBe(200);
      }
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect(await ipnCount()).toBe(ipns + 3);
      const rows = await app.dataSource.query(`SELECT outcome, payment_id FROM payment_notification WHERE outcome = 'UNKNOWN_PAYMENT'`);
      expect(rows).toEqual(Array(3).fill({ outcome: 'UNKNOWN_PAYMENT', payment_id: null }));
    });

    it('a status that is not final (UNDER_VERIFICATION) → 200 and the payment keeps waiting', async () => {
      const ledger = await paymentsLedger(app);
      expect((await notify(app, c, 'UNDER_VERIFICATION')).status).toBe(200);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await notificationsOf(app, c.payment.id)).at(-1)).toMatchObject({ status: 'UNDER_VERIFICATION', outcome: 'UNKNOWN_STATUS' });
    });

    it('the same success ten times at once → one effect: validated once, paid once, one mail, ten notifications of which one APPLIED', async () => {
      const mailsBefore = paymentMails(app, unlucky.email).length;
      const ipn = signed(bankNotification(c.form, 'AUTHORISED'), key);
      const answers = await Promise.all(Array.from({ length: 10 }, () => postIpn(app, ipn)));
      expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(await paymentRow(app, c.payment.id)).toMatchObject({ state: 'VALIDATED', amount_cents: 1020 });
      expect(await invoiceRow(app, unlucky.invoices[0].id)).toMatchObject({ state: 'PAID', paid_cents: 1020 });
      expect(await allocationsOf(app, c.payment.id)).toEqual([{ number: unlucky.invoices[0].number, cents: 1020 }]);
      expect(await creditLedger(app, unlucky.familyId)).toBe(0);
      const outcomes = (await notificationsOf(app, c.payment.id)).slice(-10).map((n) => n.outcome);
      expect(outcomes.filter((o) => o === 'APPLIED')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'UNCHANGED')).toHaveLength(9);
      await waitForMail(app, unlucky.email, /validé/);
      await mailsSettled(app);
      expect(validatedMails(app, unlucky.email)).toHaveLength(1);
      expect(paymentMails(app, unlucky.email)).toHaveLength(mailsBefore + 1);
      expect(Number((await app.dataSource.query(`SELECT count(*) FROM mail_message WHERE template = 'payment-validated' AND subject LIKE $1`, [`%${c.payment.number}%`]))[0].count)).toBe(1);
    });

    it('a RETRY or a back-office resend after VALIDATED changes nothing', async () => {
      const ledger = await paymentsLedger(app);
      const mails = paymentMails(app, unlucky.email).length;
      expect((await notify(app, c, 'AUTHORISED', { vads_url_check_src: 'RETRY' })).status).toBe(200);
      expect((await postIpn(app, signed(backOfficeResend(c.form, 'AUTHORISED'), key))).status).toBe(200);
      expect((await postIpn(app, signed(backOfficeResend(c.form, 'CANCELLED'), key))).status).toBe(200);
      expect((await notify(app, c, 'EXPIRED', { vads_url_check_src: 'RETRY' })).status).toBe(200);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await notificationsOf(app, c.payment.id)).slice(-4).map((n) => [n.source, n.outcome])).toEqual([
        ['RETRY', 'UNCHANGED'],
        ['BO', 'UNCHANGED'],
        ['BO', 'UNCHANGED'],
        ['RETRY', 'UNCHANGED'],
      ]);
      await mailsSettled(app);
      expect(paymentMails(app, unlucky.email)).toHaveLength(mails);
    });
  });

  it('the first notification lost, staff resend it from the bank’s back office (BO, fewer fields): applied', async () => {
    const [, inv] = excusedSome.invoices;
    const c = await checkoutOk(app, excusedSome.token, [inv.id]);
    expect((await postIpn(app, signed(backOfficeResend(c.form, 'AUTHORISED'), key))).status).toBe(200);
    expect((await paymentRow(app, c.payment.id)).state).toBe('VALIDATED');
    expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'PAID', paid_cents: 680 });
    expect(await notificationsOf(app, c.payment.id)).toEqual([{ status: 'AUTHORISED', source: 'BO', outcome: 'APPLIED', amount_cents: 680 }]);
  });

  describe('a success after our expiry: money taken is never lost', () => {
    it('expired: CANCELLED, its invoices UNPAID and payable again', async () => {
      const c = await checkoutOk(
        app,
        late.token,
        late.invoices.map((i) => i.id),
      );
      await expireNow(c);
      for (const inv of late.invoices) expect((await invoiceRow(app, inv.id)).state).toBe('UNPAID');
      expect((await payableOf(app, late.token)).map((i) => i.id)).toEqual(late.invoices.map((i) => i.id));
      // A late ABANDONED for it changes nothing.
      expect((await notify(app, c, 'ABANDONED')).status).toBe(200);
      expect((await paymentRow(app, c.payment.id)).state).toBe('CANCELLED');
      expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome)).toEqual(['UNCHANGED']);

      // Meanwhile the family pays 3,00 € of the newer invoice at the régie.
      const cheque = await recordPayment(app, staffToken, { familyId: late.familyId, invoiceIds: [late.invoices[1].id], amountCents: 300, method: 'CHECK' });
      expect(cheque.errors).toBeUndefined();

      // Then the bank's success arrives: validated, given to what is still due oldest first, the rest in credit.
      expect((await notify(app, c, 'AUTHORISED')).status).toBe(200);
      const row = await paymentRow(app, c.payment.id);
      expect(row.state).toBe('VALIDATED');
      expect(row.flag).toMatch(/\S{5,}/);
      expect(await allocationsOf(app, c.payment.id)).toEqual([
        { number: late.invoices[0].number, cents: 1020 },
        { number: late.invoices[1].number, cents: 380 },
      ]);
      for (const inv of late.invoices) expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'PAID' });
      expect(await creditBalanceOf(app, staffToken, late.familyId)).toBe(300);
      expect(await summaryOf(app, late.token)).toMatchObject({ paidCents: 2000, paymentCount: 2, dueCents: 0, unsettledInvoiceCount: 0, creditBalanceCents: 300 });
      expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome)).toEqual(['UNCHANGED', 'LATE_SUCCESS']);
      const mail = await waitForMail(app, late.email, /validé/);
      expect(mail.subject).toContain(`paiement n° ${c.payment.number} validé`);
      expect(plain(mail.text)).toMatch(/3,00 €.*crédit/);
      // The resend of that success: nothing more.
      const ledger = await paymentsLedger(app);
      expect((await notify(app, c, 'AUTHORISED', { vads_url_check_src: 'RETRY' })).status).toBe(200);
      expect(await paymentsLedger(app)).toEqual(ledger);
    });

    it('the invoice paid at the régie meanwhile: the whole amount goes to the family’s credit', async () => {
      const [inv] = settled.invoices;
      const c = await checkoutOk(app, settled.token, [inv.id]);
      await expireNow(c);
      expect((await recordPayment(app, staffToken, { familyId: settled.familyId, invoiceIds: [inv.id], amountCents: 1020, method: 'CASH' })).errors).toBeUndefined();
      expect((await invoiceRow(app, inv.id)).state).toBe('PAID');
      expect((await notify(app, c, 'AUTHORISED')).status).toBe(200);
      expect(await paymentRow(app, c.payment.id)).toMatchObject({ state: 'VALIDATED', amount_cents: 1020 });
      expect((await paymentRow(app, c.payment.id)).flag).toBeTruthy();
      expect(await allocationsOf(app, c.payment.id)).toEqual([]);
      expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'PAID', paid_cents: 1020 });
      expect(await creditBalanceOf(app, staffToken, settled.familyId)).toBe(1020);
      expect((await summaryOf(app, settled.token)).creditBalanceCents).toBe(1020);
      expect(await creditLedger(app, settled.familyId)).toBe(1020);
    });

    it('a second checkout waiting for the same invoice: the late success pays it, the second payment’s money goes to credit', async () => {
      const [inv] = twice.invoices;
      const first = await checkoutOk(app, twice.token, [inv.id]);
      await expireNow(first);
      const second = await checkoutOk(app, twice.token, [inv.id]);
      expect((await invoiceRow(app, inv.id)).state).toBe('PAYMENT_PENDING');
      expect((await notify(app, first, 'AUTHORISED')).status).toBe(200);
      expect(await paymentRow(app, first.payment.id)).toMatchObject({ state: 'VALIDATED' });
      expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'PAID', paid_cents: 1020 });
      expect((await paymentRow(app, second.payment.id)).state).toBe('PENDING');
      // The second is paid too (the family paid twice): nothing lost, all of it in credit.
      expect((await notify(app, second, 'AUTHORISED')).status).toBe(200);
      expect((await paymentRow(app, second.payment.id)).state).toBe('VALIDATED');
      expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'PAID', paid_cents: 1020 });
      expect(await creditBalanceOf(app, staffToken, twice.familyId)).toBe(1020);
      expect(await summaryOf(app, twice.token)).toMatchObject({ paidCents: 2040, paymentCount: 2, creditBalanceCents: 1020 });
    });

    it('staff find those payments with payments(flagged: true); families may not list payments', async () => {
      const flagged = (await app.ok(P.payments, { flagged: true, pageSize: 100 }, { token: staffToken })).payments;
      const flaggedIds = await app.dataSource.query(`SELECT id FROM payment WHERE flag IS NOT NULL`);
      expect(flaggedIds).toHaveLength(3);
      expect(flagged.totalCount).toBe(3);
      expect(flagged.items.map((p: { id: string }) => p.id).sort()).toEqual(flaggedIds.map((r: { id: string }) => r.id).sort());
      for (const p of flagged.items) expect(p).toMatchObject({ state: 'VALIDATED', provider: 'SYSTEMPAY', flag: expect.stringMatching(/\S/) });
      const unflagged = (await app.ok(P.payments, { flagged: false, pageSize: 100 }, { token: staffToken })).payments;
      expect(unflagged.items.some((p: { flag: string | null }) => p.flag)).toBe(false);
      expect(unflagged.totalCount + flagged.totalCount).toBe((await app.ok(P.payments, { pageSize: 100 }, { token: staffToken })).payments.totalCount);
      expectError(await app.gql(P.payments, { flagged: true }, { token: late.token }), 'FORBIDDEN');
      // Another commune's staff see none of them.
      const elsewhere = await communeWithStaff(app, 'AILLEURS');
      expect((await app.ok(P.payments, { flagged: true }, { token: elsewhere.staffToken })).payments.totalCount).toBe(0);
    });
  });

  describe('a credit note while the payment is pending (staff excuse billed days)', () => {
    it('one day excused: the success pays what remains, the rest goes to credit', async () => {
      const [inv] = excusedSome.invoices;
      const c = await checkoutOk(app, excusedSome.token, [inv.id]);
      const notes = await excuse(app, staffToken, { childId: excusedSome.childId, activityId, dates: serviceDays(m2).slice(0, 1) });
      expect(notes.errors).toBeUndefined();
      expect(await invoiceOf(app, excusedSome.token, inv.id)).toMatchObject({ state: 'PAYMENT_PENDING', creditedCents: 340, remainingCents: 680 });
      expect((await notify(app, c, 'AUTHORISED')).status).toBe(200);
      expect(await paymentRow(app, c.payment.id)).toMatchObject({ state: 'VALIDATED', amount_cents: 1020 });
      expect(await invoiceOf(app, excusedSome.token, inv.id)).toMatchObject({ state: 'PAID', paidCents: 680, creditedCents: 340, remainingCents: 0 });
      expect(await allocationsOf(app, c.payment.id)).toEqual([{ number: inv.number, cents: 680 }]);
      expect(await creditBalanceOf(app, staffToken, excusedSome.familyId)).toBe(340);
    });

    it('every day excused: the invoice is settled, the success all in credit — never "non soldée" with nothing due', async () => {
      const [older] = excusedAll.invoices;
      const c = await checkoutOk(app, excusedAll.token, [older.id]);
      expect((await excuse(app, staffToken, { childId: excusedAll.childId, activityId, dates: serviceDays(m2).slice(0, 3) })).errors).toBeUndefined();
      expect(await invoiceOf(app, excusedAll.token, older.id)).toMatchObject({ creditedCents: 1020, remainingCents: 0 });
      expect((await notify(app, c, 'AUTHORISED')).status).toBe(200);
      expect((await paymentRow(app, c.payment.id)).state).toBe('VALIDATED');
      expect(await invoiceOf(app, excusedAll.token, older.id)).toMatchObject({ state: 'PAID', remainingCents: 0 });
      expect(await allocationsOf(app, c.payment.id)).toEqual([]);
      expect(await creditBalanceOf(app, staffToken, excusedAll.familyId)).toBe(1020);
      expect(await summaryOf(app, excusedAll.token)).toMatchObject({ dueCents: 680, unsettledInvoiceCount: 1 });
    });

    it('every day excused, then the bank refuses: the invoice is settled by the credit note, not back to "non soldée"', async () => {
      const [, newer] = excusedAll.invoices;
      const c = await checkoutOk(app, excusedAll.token, [newer.id]);
      expect((await excuse(app, staffToken, { childId: excusedAll.childId, activityId, dates: serviceDays(m3).slice(0, 2) })).errors).toBeUndefined();
      expect((await notify(app, c, 'REFUSED')).status).toBe(200);
      expect((await paymentRow(app, c.payment.id)).state).toBe('REFUSED');
      expect(await invoiceOf(app, excusedAll.token, newer.id)).toMatchObject({ state: 'PAID', paidCents: 0, creditedCents: 680, remainingCents: 0 });
      expect(await summaryOf(app, excusedAll.token)).toMatchObject({ dueCents: 0, unsettledInvoiceCount: 0 });
      expect(await payableOf(app, excusedAll.token)).toEqual([]);
    });
  });

  it("a family reading another family's payment → NOT_FOUND exactly like a random id", async () => {
    const [{ id }] = await app.dataSource.query(`SELECT id FROM payment WHERE family_id = $1 LIMIT 1`, [paid.familyId]);
    expect((await paymentAs(paid.token, id)).id).toBe(id);
    expectSameNotFound(await app.gql(B.payment, { id }, { token: unlucky.token }), await app.gql(B.payment, { id: randomId() }, { token: unlucky.token }));
  });

  it('a success after a refusal (the shop allows another card attempt): validated, allocated, flagged for staff — never lost', async () => {
    const town = await familiesWithInvoices(app, 'REESSAI', 1, [m2], [3]);
    const [family] = town.families;
    const [inv] = family.invoices;
    const c = await checkoutOk(app, family.token, [inv.id]);
    expect((await notify(app, c, 'REFUSED')).status).toBe(200);
    expect((await paymentRow(app, c.payment.id)).state).toBe('REFUSED');
    expect((await notify(app, c, 'AUTHORISED')).status).toBe(200);
    expect(await paymentRow(app, c.payment.id)).toMatchObject({ state: 'VALIDATED' });
    expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'PAID', paid_cents: inv.amountCents });
    expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome)).toEqual(['APPLIED', 'LATE_SUCCESS']);
    const flagged = (await app.ok(P.payments, { flagged: true }, { token: town.staffToken })).payments;
    expect(flagged.items.map((p: { id: string; flag: string }) => [p.id, /refus/.test(p.flag)])).toEqual([[c.payment.id, true]]);
    // The family sees its payment validated, but not the note meant for staff.
    expect(await paymentAs(family.token, c.payment.id)).toMatchObject({ state: 'VALIDATED' });
    expect((await app.ok(P.payment, { id: c.payment.id }, { token: family.token })).payment.flag).toBeNull();
  });

  it('a success after our expiry for an invoice handed meanwhile to the Trésor Public: not paid twice — all to the credit balance, flagged', async () => {
    const town = await familiesWithInvoices(app, 'TRESOR', 1, [m2], [3]);
    const [family] = town.families;
    const [inv] = family.invoices;
    const c = await checkoutOk(app, family.token, [inv.id]);
    await expireNow(c);
    expect((await app.gql(B.toTreasury, { i: { invoiceId: inv.id } }, { token: town.staffToken })).errors).toBeUndefined();
    expect((await notify(app, c, 'AUTHORISED')).status).toBe(200);
    expect(await paymentRow(app, c.payment.id)).toMatchObject({ state: 'VALIDATED' });
    // The Trésor Public still collects the invoice; the bank's money is the family's credit.
    expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'TREASURY', paid_cents: 0 });
    expect(await creditBalanceOf(app, town.staffToken, family.familyId)).toBe(inv.amountCents);
    expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome)).toEqual(['LATE_SUCCESS']);
    expect((await app.ok(P.payments, { flagged: true }, { token: town.staffToken })).payments.totalCount).toBe(1);
  });
});
