import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { loginOk } from '../helpers/accounts';
import { historyOf, invoiceOf, payableOf, summaryOf } from '../helpers/billing';
import { HOOK_TIMEOUT } from '../helpers/catalog';
import {
  bankNotification,
  Checkout,
  checkoutOk,
  Fields,
  mailsSettled,
  notificationsOf,
  paymentMails,
  paymentRow,
  paymentsLedger,
  plain,
  postIpn,
  refusedMails,
  signed,
  systempaySign,
  validatedMails,
  waitForMail,
} from '../helpers/payments';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const DEMO_EMAIL = 'famille.demo@auterive.example';

/** The path of an absolute URL the portal gave (the app listens on a port of its own in the tests). */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** What a browser sends back from the bank's page: its hidden fields (HTML entities decoded). */
function hiddenFields(html: string): Fields {
  const decode = (s: string) =>
    s
      .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields: Fields = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined && value !== undefined) fields[decode(name)] = decode(value);
  }
  return fields;
}

/**
 * The test bank (SPEC §2, §4: `SYSTEMPAY_MODE=TEST` only): the guide's whole payment on one machine,
 * as the family's browser goes through it — the portal's form posted to the bank, the amount and
 * the buttons, the decision, the bank's notification first, then the way back to the portal.
 */
describe('online payment through the test bank', () => {
  let app: TestApp;
  let key: string;
  let demo: string;
  const guide: Record<string, string> = {};

  const bankPage = (form: Fields) => request(app.server).post('/test-bank/systempay').type('form').send(form);
  const decide = (fields: Fields, decision: string) =>
    request(app.server)
      .post('/test-bank/systempay/decision')
      .type('form')
      .send({ ...fields, decision });

  beforeAll(async () => {
    app = await TestApp.start({ SEED_DEMO: 'true' });
    key = app.portal.config.systempay.key;
    demo = (await loginOk(app, 'famille.demo', 'Portail-Demo-2026', { commune: 'AUTERIVE' })).accessToken;
    for (const e of (await historyOf(app, demo, 1, 100)).items.filter((x) => x.kind === 'INVOICE')) guide[e.invoice.number] = e.invoice.id;
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe("the guide's payment of invoice 2006-00096", () => {
    let c: Checkout;
    let page: request.Response;
    let back: request.Response;

    it('the portal sends the browser to the test bank, which shows 237,27 € and "Payer", "Refuser", "Abandonner"', async () => {
      c = await checkoutOk(app, demo, [guide['2006-00096']]);
      expect(c.method).toBe('POST');
      expect(new URL(c.actionUrl).pathname).toBe('/test-bank/systempay');
      page = await request(app.server).post(pathOf(c.actionUrl)).type('form').send(c.form);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const text = plain(page.text);
      expect(text).toContain('237,27 €');
      expect(text).toContain('04084');
      for (const label of ['Payer', 'Refuser', 'Abandonner']) expect(page.text).toMatch(new RegExp(`<button[^>]*>${label}</button>`));
      // The page carries the form on unchanged, signature included.
      expect(hiddenFields(page.text)).toEqual(c.form);
      // Nothing is settled by showing the page.
      expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
    });

    it('"Payer": the bank notifies the portal first, then sends the browser back (303) to the return URL', async () => {
      back = await decide(hiddenFields(page.text), 'PAY');
      expect(back.status).toBe(303);
      expect(back.headers.location).toBe(c.form.vads_url_return);
      // Settled by the time the family is back: by the bank's signed notification, not by the browser.
      expect(await paymentRow(app, c.payment.id)).toMatchObject({ state: 'VALIDATED', amount_cents: 23727, flag: null });
      expect(await notificationsOf(app, c.payment.id)).toEqual([{ status: 'AUTHORISED', source: 'PAY', outcome: 'APPLIED', amount_cents: 23727 }]);
      expect(await invoiceOf(app, demo, guide['2006-00096'])).toMatchObject({ state: 'PAID', stateLabel: 'Facture soldée', remainingCents: 0, paidCents: 23727 });
    });

    it('the return redirects (303) to the portal’s payment page naming the payment, and changes nothing', async () => {
      const ledger = await paymentsLedger(app);
      for (const res of [
        await request(app.server).get(pathOf(back.headers.location)),
        await request(app.server).post(pathOf(back.headers.location)).type('form').send({ vads_trans_status: 'AUTHORISED' }),
      ]) {
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe(`http://front.test/factures/paiement?domaine=AUTERIVE&paiement=${c.payment.id}`);
      }
      expect(await paymentsLedger(app)).toEqual(ledger);
    });

    it("the guide's figures after paying 2006-00096 online: 370,27 € (2 paiements) / 491,46 € (2 factures non soldées)", async () => {
      expect(await summaryOf(app, demo)).toMatchObject({ invoicedCents: 86173, invoiceCount: 4, paidCents: 37027, paymentCount: 2, dueCents: 49146, unsettledInvoiceCount: 2 });
      expect((await payableOf(app, demo)).map((i) => i.number)).toEqual(['2006-00097', '2006-00098']);
      expect((await historyOf(app, demo)).items[0]).toMatchObject({ kind: 'PAYMENT', paymentAmountCents: 23727, state: 'VALIDATED', payment: { id: c.payment.id } });
    });

    it('the family is told: "Le paiement de votre facture n° 2006-00096 a bien été pris en compte."', async () => {
      const mail = await waitForMail(app, DEMO_EMAIL, /validé/);
      expect(mail.subject).toContain('paiement n° 04084 validé');
      expect(plain(mail.text)).toMatch(/Le paiement de votre facture n° ?2006-00096 a bien été pris en compte/);
      expect(plain(mail.text)).toContain('237,27 €');
    });
  });

  describe('the way back', () => {
    it('a return while the payment is still PENDING leaves it PENDING (only the bank settles)', async () => {
      const c = await checkoutOk(app, demo, [guide['2006-00097']]);
      const ledger = await paymentsLedger(app);
      const res = await request(app.server).get(pathOf(c.form.vads_url_return));
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`http://front.test/factures/paiement?domaine=AUTERIVE&paiement=${c.payment.id}`);
      // A browser forging the bank's answer on the return changes nothing either.
      const forged = await request(app.server)
        .post(pathOf(c.form.vads_url_return))
        .type('form')
        .send(signed(bankNotification(c.form, 'AUTHORISED'), key));
      expect(forged.status).toBe(303);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
      // Left for the bank to end: abandoned below.
      await decide(c.form, 'ABANDON');
      expect((await paymentRow(app, c.payment.id)).state).toBe('CANCELLED');
    });

    it('a return without a payment, or with something else than a payment id, goes to the page without it', async () => {
      for (const q of ['', '?payment=', '?payment=https://evil.example/', '?payment=00000000-0000-0000-0000-000000000000%0d%0aSet-Cookie:x=1']) {
        const res = await request(app.server).get(`/payments/return${q}`);
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe('http://front.test/factures/paiement');
      }
    });
  });

  describe('the bank refuses what it must not take', () => {
    let c: Checkout;
    beforeAll(async () => {
      c = await checkoutOk(app, demo, [guide['2006-00097']]);
    });

    it('a form with a bad or missing signature, or another shop’s site id → 400, no page to pay', async () => {
      const tries: Fields[] = [
        { ...c.form, vads_amount: '1' },
        { ...c.form, signature: systempaySign(c.form, 'not-the-key') },
        Object.fromEntries(Object.entries(c.form).filter(([n]) => n !== 'signature')),
        signed({ ...c.form, vads_site_id: '87654321' }, key),
      ];
      for (const form of tries) {
        const res = await bankPage(form);
        expect(res.status).toBe(400);
        expect(res.text).not.toMatch(/<button/);
        expect(res.text).toMatch(/signature|refus/i);
      }
    });

    it('a decision form tampered with (amount lowered, signature kept) or an unknown decision → 400, and nothing is notified', async () => {
      const ledger = await paymentsLedger(app);
      const ipns = (await app.dataSource.query(`SELECT count(*)::int AS n FROM payment_notification`))[0].n;
      expect((await decide({ ...c.form, vads_amount: '100' }, 'PAY')).status).toBe(400);
      expect((await decide({ ...c.form, vads_trans_id: '000999' }, 'PAY')).status).toBe(400);
      expect((await decide(c.form, 'STEAL')).status).toBe(400);
      expect((await decide(c.form, '')).status).toBe(400);
      expect(await paymentsLedger(app)).toEqual(ledger);
      expect((await app.dataSource.query(`SELECT count(*)::int AS n FROM payment_notification`))[0].n).toBe(ipns);
      expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
    });

    it('"Refuser" → REFUSED, the invoice payable again, the "paiement refusé" mail', async () => {
      const res = await decide(c.form, 'REFUSE');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(c.form.vads_url_return);
      expect((await paymentRow(app, c.payment.id)).state).toBe('REFUSED');
      expect(await notificationsOf(app, c.payment.id)).toEqual([{ status: 'REFUSED', source: 'PAY', outcome: 'APPLIED', amount_cents: 24150 }]);
      expect((await invoiceOf(app, demo, guide['2006-00097'])).state).toBe('UNPAID');
      expect((await payableOf(app, demo)).map((i) => i.number)).toEqual(['2006-00097', '2006-00098']);
      const mail = await waitForMail(app, DEMO_EMAIL, /refusé/);
      expect(mail.subject).toContain(`paiement n° ${c.payment.number} refusé`);
      expect(mail.text).toContain('2006-00097');
    });

    it('"Abandonner" → CANCELLED, the invoice payable again, no mail', async () => {
      const again = await checkoutOk(app, demo, [guide['2006-00097']]);
      const mails = paymentMails(app, DEMO_EMAIL).length;
      const res = await decide(again.form, 'ABANDON');
      expect(res.status).toBe(303);
      expect((await paymentRow(app, again.payment.id)).state).toBe('CANCELLED');
      expect((await invoiceOf(app, demo, guide['2006-00097'])).state).toBe('UNPAID');
      await mailsSettled(app);
      expect(paymentMails(app, DEMO_EMAIL)).toHaveLength(mails);
      expect(validatedMails(app, DEMO_EMAIL)).toHaveLength(1);
      expect(refusedMails(app, DEMO_EMAIL)).toHaveLength(1);
    });
  });

  it('a double click on "Payer", then "Refuser" from the back button: paid once, one mail, the refusal changes nothing', async () => {
    const c = await checkoutOk(app, demo, [guide['2006-00097']]);
    const clicks = await Promise.all([decide(c.form, 'PAY'), decide(c.form, 'PAY')]);
    expect(clicks.map((r) => r.status)).toEqual([303, 303]);
    expect((await decide(c.form, 'REFUSE')).status).toBe(303);
    expect(await paymentRow(app, c.payment.id)).toMatchObject({ state: 'VALIDATED', amount_cents: 24150 });
    expect((await notificationsOf(app, c.payment.id)).map((n) => n.outcome).sort()).toEqual(['APPLIED', 'UNCHANGED', 'UNCHANGED']);
    expect(await invoiceOf(app, demo, guide['2006-00097'])).toMatchObject({ state: 'PAID', paidCents: 24150, remainingCents: 0 });
    await waitForMail(app, DEMO_EMAIL, /validé/, 2);
    await mailsSettled(app);
    expect(validatedMails(app, DEMO_EMAIL)).toHaveLength(2);
    expect(refusedMails(app, DEMO_EMAIL)).toHaveLength(1);
  });

  describe('the bank tries again until the portal answers 200', () => {
    afterEach(async () => {
      await app.dataSource.query(`DROP TRIGGER IF EXISTS ipn_down_once ON payment_notification; DROP FUNCTION IF EXISTS ipn_down_once(); DROP SEQUENCE IF EXISTS ipn_attempts`);
    });

    it('the portal fails the first notification: the family is back at once, the payment is VALIDATED a moment later, once', async () => {
      const c = await checkoutOk(app, demo, [guide['2006-00098']]);
      // The portal's database refuses the first notification it records (a sequence is not rolled back with it).
      await app.dataSource.query(`CREATE SEQUENCE ipn_attempts`);
      await app.dataSource.query(`CREATE FUNCTION ipn_down_once() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF nextval('ipn_attempts') = 1 THEN RAISE EXCEPTION 'panne simulée de la notification'; END IF;
          RETURN NEW;
        END $$`);
      await app.dataSource.query(`CREATE TRIGGER ipn_down_once BEFORE INSERT ON payment_notification FOR EACH ROW EXECUTE FUNCTION ipn_down_once()`);
      const started = Date.now();
      const res = await decide(c.form, 'PAY');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(c.form.vads_url_return);
      // The first try failed and was rolled back whole: nothing settled yet.
      expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
      let state = 'PENDING';
      while (state === 'PENDING' && Date.now() - started < 8_000) {
        await new Promise((r) => setTimeout(r, 100));
        state = (await paymentRow(app, c.payment.id)).state;
      }
      expect(state).toBe('VALIDATED');
      expect((await app.dataSource.query(`SELECT last_value::int AS n FROM ipn_attempts`))[0].n).toBe(2);
      expect(await notificationsOf(app, c.payment.id)).toEqual([{ status: 'AUTHORISED', source: 'PAY', outcome: 'APPLIED', amount_cents: 24996 }]);
      expect(await invoiceOf(app, demo, guide['2006-00098'])).toMatchObject({ state: 'PAID', remainingCents: 0 });
      await waitForMail(app, DEMO_EMAIL, /validé/, 3);
      await mailsSettled(app);
      expect(validatedMails(app, DEMO_EMAIL)).toHaveLength(3);
    });
  });
});

describe('no test bank in PRODUCTION', () => {
  const PROD = {
    SYSTEMPAY_MODE: 'PRODUCTION',
    SYSTEMPAY_SITE_ID: '73196452',
    SYSTEMPAY_KEY: 'Xq7Lr2Vb9Tz4Nk8Wd3Hs6Jp1Fm5Gc0Ye',
    SYSTEMPAY_PAYMENT_URL: 'https://paiement.systempay.fr/vads-payment/',
  };
  let app: TestApp;
  let demo: string;

  beforeAll(async () => {
    app = await TestApp.start({ ...PROD, SEED_DEMO: 'true' });
    demo = (await loginOk(app, 'famille.demo', 'Portail-Demo-2026', { commune: 'AUTERIVE' })).accessToken;
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it('/test-bank/systempay answers 404 (GET, POST, decision)', async () => {
    expect((await request(app.server).get('/test-bank/systempay')).status).toBe(404);
    expect((await request(app.server).post('/test-bank/systempay').type('form').send({ vads_amount: '100' })).status).toBe(404);
    expect((await request(app.server).post('/test-bank/systempay/decision').type('form').send({ decision: 'PAY' })).status).toBe(404);
  });

  it('the checkout goes to the real payment page, in PRODUCTION, signed with the production key', async () => {
    const [first] = await payableOf(app, demo);
    const c = await checkoutOk(app, demo, [first.id]);
    expect(c.actionUrl).toMatch(/^https:\/\/paiement\.systempay\.fr\/vads-payment\/?$/);
    expect(c.form).toMatchObject({ vads_ctx_mode: 'PRODUCTION', vads_site_id: PROD.SYSTEMPAY_SITE_ID, vads_amount: '23727' });
    expect(c.form.signature).toBe(systempaySign(c.form, PROD.SYSTEMPAY_KEY));
    // A notification signed with the demo key is refused there; the production key's is applied.
    const demoKey = loadConfig({
      DATA_DIR: `/tmp/portail-demo-key-${randomBytes(4).toString('hex')}`,
      DATABASE_URL: 'postgres://x@localhost/x',
      JWT_SECRET: 'x'.repeat(40),
      HEALTH_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
      SYSTEMPAY_MODE: 'TEST',
    }).systempay.key;
    expect((await postIpn(app, signed(bankNotification(c.form, 'AUTHORISED'), demoKey))).status).toBe(400);
    expect((await paymentRow(app, c.payment.id)).state).toBe('PENDING');
    expect((await postIpn(app, signed(bankNotification(c.form, 'AUTHORISED'), PROD.SYSTEMPAY_KEY))).status).toBe(200);
    expect((await paymentRow(app, c.payment.id)).state).toBe('VALIDATED');
  });
});

describe('loadConfig: PRODUCTION needs real credentials', () => {
  const SERVER = {
    DATA_DIR: '/tmp/portail-config-never-written',
    DATABASE_URL: 'postgres://portail@db.example:5432/portail',
    REDIS_URL: 'redis://cache.example:6379',
    JWT_SECRET: 'x'.repeat(40),
    HEALTH_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    SYSTEMPAY_MODE: 'PRODUCTION',
    SYSTEMPAY_PAYMENT_URL: 'https://paiement.systempay.fr/vads-payment/',
  };
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return err as ConfigError;
    }
    throw new Error('loadConfig accepted it');
  };

  it.each([
    ['without a site id', { SYSTEMPAY_KEY: 'Xq7Lr2Vb9Tz4Nk8Wd3Hs6Jp1Fm5Gc0Ye' }, 'SYSTEMPAY_SITE_ID'],
    ['without a key', { SYSTEMPAY_SITE_ID: '73196452' }, 'SYSTEMPAY_KEY'],
    ['with an empty key', { SYSTEMPAY_SITE_ID: '73196452', SYSTEMPAY_KEY: '' }, 'SYSTEMPAY_KEY'],
  ])('refuses PRODUCTION %s, in French, naming the variable', (_label, env, variable) => {
    const err = refusal({ ...SERVER, ...env });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain(variable);
    expect(err.message).toContain(variable);
    expect(err.message).toMatch(/Configuration invalide/);
    expect(err.problems[0]).toMatch(/requis/);
  });

  it('accepts PRODUCTION with both, and keeps the test bank’s defaults for TEST only', () => {
    const prod = loadConfig({ ...SERVER, SYSTEMPAY_SITE_ID: '73196452', SYSTEMPAY_KEY: 'Xq7Lr2Vb9Tz4Nk8Wd3Hs6Jp1Fm5Gc0Ye' });
    expect(prod.systempay).toMatchObject({ mode: 'PRODUCTION', siteId: '73196452', key: 'Xq7Lr2Vb9Tz4Nk8Wd3Hs6Jp1Fm5Gc0Ye' });
    const { SYSTEMPAY_MODE: _mode, SYSTEMPAY_PAYMENT_URL: _url, ...testEnv } = SERVER;
    // On PostgreSQL the mode is said, never assumed: no test bank (and its public demo key) by default.
    expect(refusal(testEnv).problems).toEqual([expect.stringContaining('SYSTEMPAY_MODE')]);
    const test = loadConfig({ ...testEnv, SYSTEMPAY_MODE: 'TEST' });
    expect(test.systempay.mode).toBe('TEST');
    expect(test.systempay.siteId).toMatch(/^\d{8}$/);
    expect(test.systempay.key).not.toBe('');
    expect(test.systempay.paymentUrl).toMatch(/\/test-bank\/systempay$/);
  });
});
