import { HOOK_TIMEOUT } from '../helpers/catalog';
import { Checkout, checkoutOk, familiesWithInvoices, Fields, notificationsOf, notify, PayingFamily, paymentRow, paymentsLedger, postIpn, signed, bankNotification } from '../helpers/payments';
import { monthFromNow } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** What the signature covers: the vads_* values sorted by field name, joined with `+` (SPEC §2). */
const signedText = (fields: Fields) =>
  Object.keys(fields)
    .filter((n) => n.startsWith('vads_'))
    .sort()
    .map((n) => fields[n])
    .join('+');

/**
 * Forged notifications (issue 16, "Security and bad input"): the signature joins values with `+`,
 * so a checkout form's own signature, its values shifted across fields, could pass for the bank's
 * word on another payment. And the bank's amount is read strictly.
 */
describe('online payment: forged or malformed notifications', () => {
  let app: TestApp;
  let victim: PayingFamily;
  let attacker: PayingFamily;
  let target: Checkout;
  const ipnCount = async () => Number((await app.dataSource.query(`SELECT count(*) FROM payment_notification`))[0].count);

  beforeAll(async () => {
    app = await TestApp.start();
    const town = await familiesWithInvoices(app, 'FORGE', 3, [monthFromNow(2)], [3]);
    [victim, attacker] = town.families;
    target = await checkoutOk(app, victim.token, [victim.invoices[0].id]);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('a checkout form’s signature, its values shifted across fields, posted as the bank’s notification', () => {
    let form: Fields;
    let email: string;

    beforeAll(async () => {
      // The attacker's address (a family chooses it) carries the victim's payment, as the bank would sign it.
      const t = target.form;
      email = `p+${t.vads_amount}+978+${t.vads_order_id}+${t.vads_site_id}+${t.vads_trans_date}+${t.vads_trans_id}+AUTHORISED+z@evil.test`;
      await app.dataSource.query(`UPDATE account SET email = $2 WHERE family_id = $1`, [attacker.familyId, email]);
      form = (await checkoutOk(app, attacker.token, [attacker.invoices[0].id])).form;
    });

    /** The victim's payment, validated by the attacker's own form signature: the same signed text, cut elsewhere. */
    function forged(tailField: 'vads_url_check' | 'vads_url_check_src'): Fields {
      const t = target.form;
      const f = form;
      return {
        vads_action_mode: ['INTERACTIVE', f.vads_amount, f.vads_ctx_mode, f.vads_currency, 'p'].join('+'),
        vads_amount: t.vads_amount,
        vads_currency: '978',
        vads_order_id: t.vads_order_id,
        vads_site_id: t.vads_site_id,
        vads_trans_date: t.vads_trans_date,
        vads_trans_id: t.vads_trans_id,
        vads_trans_status: 'AUTHORISED',
        vads_trans_uuid: 'z@evil.test',
        [tailField]: [f.vads_order_id, f.vads_page_action, f.vads_payment_config, f.vads_site_id, f.vads_trans_date, f.vads_trans_id, f.vads_url_check, f.vads_url_return].join('+'),
        vads_version: f.vads_version,
        signature: f.signature,
      };
    }

    it('the forgery is the form’s signed text, cut elsewhere (what the form signed, had it carried the address)', () => {
      for (const tail of ['vads_url_check', 'vads_url_check_src'] as const) {
        expect(signedText(forged(tail))).toBe(signedText({ ...form, vads_cust_email: email }));
      }
    });

    it('→ 400, nothing recorded, the victim’s payment and invoices as they were', async () => {
      const ledger = await paymentsLedger(app);
      const ipns = await ipnCount();
      // Each defence on its own: a form's field refused as such; hidden in a field a notification may
      // carry, the values no longer sign (the form signed no address with a `+`).
      for (const [tail, reason] of [
        ['vads_url_check', 'NOT_A_NOTIFICATION'],
        ['vads_url_check_src', 'BAD_SIGNATURE'],
      ] as const) {
        const res = await postIpn(app, forged(tail));
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      }
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect(await ipnCount()).toBe(ipns);
      expect((await paymentRow(app, target.payment.id)).state).toBe('PENDING');
    });

    it('an address the family chose that could shift the signed values is left out of the form', () => {
      expect(form.vads_cust_email).toBeUndefined();
      expect(target.form.vads_cust_email).toBe(victim.email);
    });
  });

  it('a notification carrying a checkout form’s fields is refused with 400 even signed with the key, nothing recorded', async () => {
    const ledger = await paymentsLedger(app);
    const ipns = await ipnCount();
    const api = app.portal.config.apiPublicUrl;
    const forms: Fields[] = [
      { vads_url_return: `${api}/payments/return` },
      { vads_url_check: `${api}/payments/systempay/ipn` },
      { vads_return_mode: 'POST' },
      { vads_url_success: `${api}/` },
      { vads_redirect_success_timeout: '5' },
    ];
    for (const over of forms) {
      const res = await notify(app, target, 'AUTHORISED', over);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_NOTIFICATION', message: expect.stringMatching(/formulaire de paiement/) });
    }
    expect(await paymentsLedger(app)).toEqual(ledger);
    expect(await ipnCount()).toBe(ipns);
  });

  it('a signed amount that is not plain digits within bounds → 200, MISMATCH recorded without an amount, nothing changes', async () => {
    const ledger = await paymentsLedger(app);
    const amount = Number(target.form.vads_amount);
    const odd = ['99999999999', `${amount}.0`, `0x${amount.toString(16)}`, `${amount / 1000}e3`, ` ${amount}`, '-0', ''];
    for (const vads_amount of odd) {
      const res = await postIpn(app, signed(bankNotification(target.form, 'AUTHORISED', { vads_amount }), app.portal.config.systempay.key));
      expect(res.status).toBe(200);
      expect(res.text).toBe('OK MISMATCH');
    }
    expect(await paymentsLedger(app)).toEqual(ledger);
    expect(await notificationsOf(app, target.payment.id)).toEqual(odd.map(() => ({ status: 'AUTHORISED', source: 'PAY', outcome: 'MISMATCH', amount_cents: null })));
    expect((await paymentRow(app, target.payment.id)).state).toBe('PENDING');
    // The same notification with the amount as the bank writes it still settles the payment.
    expect((await notify(app, target, 'AUTHORISED')).text).toBe('OK APPLIED');
  });
});
