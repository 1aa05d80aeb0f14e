import { SchedulerRegistry } from '@nestjs/schedule';
import { historyOf, payableOf, summaryOf } from '../helpers/billing';
import { HOOK_TIMEOUT } from '../helpers/catalog';
import {
  Checkout,
  checkoutOk,
  creditLedger,
  familiesWithInvoices,
  invoiceRow,
  mailsSettled,
  notificationsOf,
  notify,
  PayingFamily,
  paymentMails,
  paymentRow,
  paymentsLedger,
} from '../helpers/payments';
import { monthFromNow } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';
import { OnlinePayments } from '../../src/modules/payments/online-payments.service';

jest.setTimeout(60_000);

/**
 * A family that never comes back from the bank (SPEC §2: "a pending payment with no IPN after 30
 * minutes is expired by a scheduled job", `PAYMENT_PENDING_MINUTES`): its payment is cancelled and
 * its invoices can be paid again; what the bank settled is never touched; the chore may run in
 * several workers at once.
 */
describe('online payment: expiry of pending payments', () => {
  let app: TestApp;
  let expiry: OnlinePayments;
  let first: PayingFamily;
  let answered: PayingFamily;
  let many: PayingFamily;
  let racing: PayingFamily;

  const createdAt = async (id: string): Promise<Date> => (await app.dataSource.query(`SELECT created_at FROM payment WHERE id = $1`, [id]))[0].created_at;
  /** The payment's time is up (a second ago). */
  const timeUp = (...checkouts: Checkout[]) => app.dataSource.query(`UPDATE payment SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [checkouts.map((c) => c.payment.id)]);

  beforeAll(async () => {
    app = await TestApp.start({ PAYMENT_PENDING_MINUTES: '1' });
    expiry = app.get<OnlinePayments>(OnlinePayments);
    // The chore is scheduled in this process (it runs workers); the tests run it themselves, at
    // chosen moments, so its own timer must not take their payments first.
    const registry = app.get<SchedulerRegistry>(SchedulerRegistry);
    expect(registry.getIntervals()).toContain('payment-expiry');
    registry.deleteInterval('payment-expiry');
    if (registry.getTimeouts().includes('payment-expiry:start')) registry.deleteTimeout('payment-expiry:start');
    const town = await familiesWithInvoices(app, 'DELAI', 4, [monthFromNow(2), monthFromNow(3)], [3, 2]);
    [first, answered, many, racing] = town.families;
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('a family that never comes back from the bank', () => {
    let c: Checkout;

    it('its payment waits PAYMENT_PENDING_MINUTES (here 1) for the bank: not expired before', async () => {
      c = await checkoutOk(
        app,
        first.token,
        first.invoices.map((i) => i.id),
      );
      const row = await paymentRow(app, c.payment.id);
      const waits = row.expires_at!.getTime() - (await createdAt(c.payment.id)).getTime();
      expect(waits).toBeGreaterThanOrEqual(59_000);
      expect(waits).toBeLessThanOrEqual(61_000);
      const ledger = await paymentsLedger(app);
      expect(await expiry.expire()).toBe(0);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
    });

    it('past its time, the chore cancels it: its invoices UNPAID and payable again, no mail', async () => {
      const mails = paymentMails(app, first.email).length;
      await timeUp(c);
      expect(await expiry.expire()).toBe(1);
      const row = await paymentRow(app, c.payment.id);
      expect(row.state).toBe('CANCELLED');
      expect(row.settled_at).toBeInstanceOf(Date);
      expect(row.flag).toBeNull();
      for (const inv of first.invoices) expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'UNPAID', paid_cents: 0 });
      expect((await payableOf(app, first.token)).map((i) => [i.id, i.remainingCents])).toEqual(first.invoices.map((i) => [i.id, i.amountCents]));
      // Not counted as paid any more; shown as cancelled in the history.
      expect(await summaryOf(app, first.token)).toMatchObject({ paidCents: 0, paymentCount: 0, dueCents: 1700, unsettledInvoiceCount: 2 });
      expect((await historyOf(app, first.token)).items.find((e) => e.kind === 'PAYMENT')).toMatchObject({ state: 'CANCELLED', payment: { id: c.payment.id } });
      await mailsSettled(app);
      expect(paymentMails(app, first.email)).toHaveLength(mails);
    });

    it('the family pays again, and the bank settles the new payment', async () => {
      const again = await checkoutOk(
        app,
        first.token,
        first.invoices.map((i) => i.id),
      );
      expect(again.payment.number).not.toBe(c.payment.number);
      expect(again.form.vads_trans_id).not.toBe(c.form.vads_trans_id);
      expect((await notify(app, again, 'AUTHORISED')).status).toBe(200);
      expect((await paymentRow(app, again.payment.id)).state).toBe('VALIDATED');
      for (const inv of first.invoices) expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'PAID', paid_cents: inv.amountCents });
      expect((await paymentRow(app, c.payment.id)).state).toBe('CANCELLED');
    });
  });

  it('a payment the bank answered (VALIDATED, REFUSED, CANCELLED) is never touched, whatever its expiry says', async () => {
    const [older, newer] = answered.invoices;
    const ok = await checkoutOk(app, answered.token, [older.id]);
    expect((await notify(app, ok, 'AUTHORISED')).status).toBe(200);
    const refused = await checkoutOk(app, answered.token, [newer.id]);
    expect((await notify(app, refused, 'REFUSED')).status).toBe(200);
    const abandoned = await checkoutOk(app, answered.token, [newer.id]);
    expect((await notify(app, abandoned, 'ABANDONED')).status).toBe(200);
    await timeUp(ok, refused, abandoned);
    const ledger = await paymentsLedger(app);
    const settledAt = (await paymentRow(app, ok.payment.id)).settled_at;
    expect(await expiry.expire()).toBe(0);
    expect(await paymentsLedger(app)).toEqual(ledger);
    expect(await paymentRow(app, ok.payment.id)).toMatchObject({ state: 'VALIDATED', settled_at: settledAt });
    expect((await paymentRow(app, refused.payment.id)).state).toBe('REFUSED');
    expect((await paymentRow(app, abandoned.payment.id)).state).toBe('CANCELLED');
    expect(await invoiceRow(app, older.id)).toMatchObject({ state: 'PAID', paid_cents: 1020 });
    expect(await invoiceRow(app, newer.id)).toMatchObject({ state: 'UNPAID', paid_cents: 0 });
  });

  it('the chore twice at once (two workers): each payment cancelled once, invoices back once', async () => {
    const [older, newer] = many.invoices;
    const a = await checkoutOk(app, many.token, [older.id]);
    const b = await checkoutOk(app, many.token, [newer.id]);
    await timeUp(a, b);
    const counts = await Promise.all([expiry.expire(), expiry.expire(), expiry.expire()]);
    expect(counts.reduce((s, n) => s + n, 0)).toBe(2);
    for (const c of [a, b]) expect((await paymentRow(app, c.payment.id)).state).toBe('CANCELLED');
    for (const inv of [older, newer]) expect(await invoiceRow(app, inv.id)).toMatchObject({ state: 'UNPAID', paid_cents: 0 });
    expect((await payableOf(app, many.token)).map((i) => i.id)).toEqual([older.id, newer.id]);
    // Done: a third run finds nothing.
    const ledger = await paymentsLedger(app);
    expect(await expiry.expire()).toBe(0);
    expect(await paymentsLedger(app)).toEqual(ledger);
  });

  it('the chore and the bank’s success at the same instant: validated either way, paid once, nothing in credit', async () => {
    const [older] = racing.invoices;
    const c = await checkoutOk(app, racing.token, [older.id]);
    await timeUp(c);
    const [ipn] = await Promise.all([notify(app, c, 'AUTHORISED'), expiry.expire()]);
    expect(ipn.status).toBe(200);
    const row = await paymentRow(app, c.payment.id);
    expect(row.state).toBe('VALIDATED');
    const [n] = await notificationsOf(app, c.payment.id);
    // The bank first (APPLIED, not flagged), or our expiry first (LATE_SUCCESS, flagged for staff).
    expect(['APPLIED', 'LATE_SUCCESS']).toContain(n.outcome);
    if (n.outcome === 'APPLIED') expect(row.flag).toBeNull();
    else expect(row.flag).toBeTruthy();
    expect(await invoiceRow(app, older.id)).toMatchObject({ state: 'PAID', paid_cents: 1020 });
    expect(await creditLedger(app, racing.familyId)).toBe(0);
  });
});
