import request from 'supertest';
import { expectError, expectInvalidField, HOOK_TIMEOUT } from '../helpers/catalog';
import {
  bankNotification,
  Checkout,
  checkoutOk,
  familiesWithInvoices,
  Fields,
  P,
  paymentRow,
  paymentsLedger,
  postIpn,
  signed,
  startPayment,
  systempaySign,
  withoutSignature,
} from '../helpers/payments';
import { monthFromNow } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const SETTINGS_FIELDS = `onlineProvider mode systempaySiteId systempayKeySet payfipClientNumber sepaCreditorId sepaCreditorName sepaIbanMasked sepaBic
  heliosIdPost heliosIdColl heliosCodCol heliosCodBud heliosCodProdLoc heliosNature usesDeploymentDefaults`;
const R = {
  settings: `query { paymentSettings { ${SETTINGS_FIELDS} } }`,
  update: `mutation($i: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $i) { ${SETTINGS_FIELDS} } }`,
  commune: `query { commune { code onlinePaymentProvider } }`,
};

const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const KEY_A = 'regie-A-test-key-0123456789';
const KEY_B = 'regie-B-test-key-9876543210';
const SITE_A = '11111111';
const SITE_B = '22222222';

const fullSettings = (over: Record<string, unknown> = {}) => ({
  onlineProvider: 'SYSTEMPAY',
  mode: 'TEST',
  systempaySiteId: SITE_A,
  systempayKey: KEY_A,
  payfipClientNumber: '123456',
  sepaCreditorId: 'FR72ZZZ123456',
  sepaCreditorName: 'Régie cantine de Regiea',
  sepaIban: IBAN,
  sepaBic: 'BNPAFRPP',
  heliosIdPost: '031123',
  heliosIdColl: '21310033300019',
  heliosCodCol: '123',
  heliosCodBud: '00',
  heliosCodProdLoc: 'CANT',
  heliosNature: '7067',
  ...over,
});

/**
 * Each commune its own régie (SPEC §2): an ADMIN sets it, secrets never come back; two communes on
 * one deployment each take their families' payments through their own shop, and a notification
 * signed by the other's shop changes nothing.
 */
describe('the commune’s régie', () => {
  let app: TestApp;
  let a: Awaited<ReturnType<typeof familiesWithInvoices>>;
  let b: Awaited<ReturnType<typeof familiesWithInvoices>>;
  const settingsRow = async (code: string) => (await app.dataSource.query(`SELECT s.* FROM commune_payment_settings s JOIN commune c ON c.id = s.commune_id WHERE c.code = $1`, [code]))[0] ?? null;

  beforeAll(async () => {
    app = await TestApp.start();
    const months = [monthFromNow(2)];
    a = await familiesWithInvoices(app, 'REGIEA', 2, months, [3]);
    b = await familiesWithInvoices(app, 'REGIEB', 1, months, [2]);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('settings (ADMIN)', () => {
    it('shows the deployment’s defaults until the commune saves its own', async () => {
      const { paymentSettings } = await app.ok(R.settings, {}, { token: a.adminToken });
      expect(paymentSettings).toMatchObject({ onlineProvider: 'SYSTEMPAY', mode: 'TEST', systempaySiteId: app.portal.config.systempay.siteId, systempayKeySet: false, usesDeploymentDefaults: true });
      expect((await app.ok(R.commune, {}, { commune: 'REGIEA' })).commune.onlinePaymentProvider).toBe('SYSTEMPAY');
    });

    it('is refused to STAFF and FAMILY accounts', async () => {
      for (const token of [a.staffToken, a.families[0].token]) {
        expectError(await app.gql(R.settings, {}, { token }), 'FORBIDDEN');
        expectError(await app.gql(R.update, { i: fullSettings() }, { token }), 'FORBIDDEN');
      }
      expect(await settingsRow('REGIEA')).toBeNull();
    });

    it('saves them: the key and the IBAN stored encrypted, never given back', async () => {
      const { updatePaymentSettings } = await app.ok(R.update, { i: fullSettings() }, { token: a.adminToken });
      expect(updatePaymentSettings).toEqual({
        onlineProvider: 'SYSTEMPAY',
        mode: 'TEST',
        systempaySiteId: SITE_A,
        systempayKeySet: true,
        payfipClientNumber: '123456',
        sepaCreditorId: 'FR72ZZZ123456',
        sepaCreditorName: 'Régie cantine de Regiea',
        sepaIbanMasked: 'FR76 •••• •••• •••• •••• •••• 189',
        sepaBic: 'BNPAFRPP',
        heliosIdPost: '031123',
        heliosIdColl: '21310033300019',
        heliosCodCol: '123',
        heliosCodBud: '00',
        heliosCodProdLoc: 'CANT',
        heliosNature: '7067',
        usesDeploymentDefaults: false,
      });
      expect((await app.ok(R.settings, {}, { token: a.adminToken })).paymentSettings).toEqual(updatePaymentSettings);
      const row = await settingsRow('REGIEA');
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(KEY_A);
      expect(stored).not.toContain('30006000011234567890');
      expect(row.systempay_key).toMatch(/^v1:/);
      expect(row.sepa_iban).toMatch(/^v1:/);
      // No field of the schema gives the key back.
      expectError(await app.gql(`query { paymentSettings { systempayKey } }`, {}, { token: a.adminToken }), 'BAD_USER_INPUT');
    });

    it('keeps the stored key and IBAN when they are left out (they are never shown back)', async () => {
      const { systempayKey: _key, sepaIban: _iban, ...rest } = fullSettings();
      const before = await settingsRow('REGIEA');
      const { updatePaymentSettings } = await app.ok(R.update, { i: rest }, { token: a.adminToken });
      expect(updatePaymentSettings).toMatchObject({ systempayKeySet: true, sepaIbanMasked: 'FR76 •••• •••• •••• •••• •••• 189' });
      const after = await settingsRow('REGIEA');
      expect([after.systempay_key, after.sepa_iban]).toEqual([before.systempay_key, before.sepa_iban]);
    });

    it.each([
      ['sepaIban', 'FR76 3000 6000 0112 3456 7890 188', /IBAN invalide/],
      ['sepaCreditorId', 'FR73ZZZ123456', /identifiant créancier/i],
      ['payfipClientNumber', '12345', /6 chiffres/],
    ])('refuses a bad %s in French, and changes nothing', async (field, value, message) => {
      const before = await settingsRow('REGIEA');
      expectInvalidField(await app.gql(R.update, { i: fullSettings({ [field]: value, sepaCreditorName: 'Autre nom', systempayKey: 'another-key' }) }, { token: a.adminToken }), field, message);
      expect(await settingsRow('REGIEA')).toEqual(before);
    });

    it('asks for the site and the key with SYSTEMPAY, the client number with PAYFIP', async () => {
      expectInvalidField(await app.gql(R.update, { i: { onlineProvider: 'SYSTEMPAY', mode: 'TEST' } }, { token: b.adminToken }), 'systempaySiteId');
      expectInvalidField(await app.gql(R.update, { i: { onlineProvider: 'SYSTEMPAY', mode: 'TEST', systempaySiteId: SITE_B } }, { token: b.adminToken }), 'systempayKey');
      expectInvalidField(await app.gql(R.update, { i: { onlineProvider: 'PAYFIP', mode: 'TEST' } }, { token: b.adminToken }), 'payfipClientNumber');
      expect(await settingsRow('REGIEB')).toBeNull();
    });
  });

  describe('two communes on one deployment keep their money apart', () => {
    let checkoutA: Checkout;

    beforeAll(async () => {
      await app.ok(R.update, { i: { onlineProvider: 'SYSTEMPAY', mode: 'TEST', systempaySiteId: SITE_B, systempayKey: KEY_B } }, { token: b.adminToken });
    });

    it('signs each commune’s form with its own shop', async () => {
      checkoutA = await checkoutOk(app, a.families[0].token, [a.families[0].invoices[0].id]);
      expect(checkoutA.form.vads_site_id).toBe(SITE_A);
      expect(checkoutA.form.signature).toBe(systempaySign(withoutSignature(checkoutA.form), KEY_A));
      const checkoutB = await checkoutOk(app, b.families[0].token, [b.families[0].invoices[0].id]);
      expect(checkoutB.form.vads_site_id).toBe(SITE_B);
      expect(checkoutB.form.signature).toBe(systempaySign(withoutSignature(checkoutB.form), KEY_B));
    });

    it('refuses a notification for A’s payment signed with B’s key (400, nothing changes)', async () => {
      const before = await paymentsLedger(app);
      for (const forged of [signed(bankNotification(checkoutA.form, 'AUTHORISED'), KEY_B), signed(bankNotification(checkoutA.form, 'AUTHORISED'), app.portal.config.systempay.key)]) {
        const res = await postIpn(app, forged);
        expect(res.status).toBe(400);
      }
      expect(await paymentsLedger(app)).toEqual(before);
      expect((await paymentRow(app, checkoutA.payment.id)).state).toBe('PENDING');
    });

    it('takes A’s family through the test bank, signed with A’s key', async () => {
      const page = await request(app.server).post('/test-bank/systempay').type('form').send(checkoutA.form);
      expect(page.status).toBe(200);
      expect(page.text).toContain(checkoutA.payment.number);
      const decided = await request(app.server)
        .post('/test-bank/systempay/decision')
        .type('form')
        .send({ ...checkoutA.form, decision: 'PAY' } as Fields);
      expect(decided.status).toBe(303);
      expect((await paymentRow(app, checkoutA.payment.id)).state).toBe('VALIDATED');
      const [notification] = await app.dataSource.query(`SELECT site_id, outcome FROM payment_notification WHERE payment_id = $1`, [checkoutA.payment.id]);
      expect(notification).toEqual({ site_id: SITE_A, outcome: 'APPLIED' });
    });

    it('never shows A’s payments to B’s staff', async () => {
      const { payments } = await app.ok(P.payments, { pageSize: 100 }, { token: b.staffToken });
      expect(payments.items.map((p: { id: string }) => p.id)).not.toContain(checkoutA.payment.id);
      expectError(await app.gql(P.payment, { id: checkoutA.payment.id }, { token: b.staffToken }), 'NOT_FOUND');
      const { payment } = await app.ok(P.payment, { id: checkoutA.payment.id }, { token: a.staffToken });
      expect(payment.state).toBe('VALIDATED');
    });

    it('with no online payment: « Payer en ligne » refused, and a payment started before still settles', async () => {
      const pending = await checkoutOk(app, a.families[1].token, [a.families[1].invoices[0].id]);
      await app.ok(R.update, { i: { onlineProvider: 'NONE', mode: 'TEST', systempaySiteId: SITE_A } }, { token: a.adminToken });
      expect((await app.ok(R.commune, {}, { commune: 'REGIEA' })).commune.onlinePaymentProvider).toBe('NONE');
      expect((await app.ok(R.commune, {}, { commune: 'REGIEB' })).commune.onlinePaymentProvider).toBe('SYSTEMPAY');
      expectError(await startPayment(app, a.families[0].token, [a.families[0].invoices[0].id]), 'CONFLICT', 'ONLINE_PAYMENT_UNAVAILABLE');
      const late = await postIpn(app, signed(bankNotification(pending.form, 'AUTHORISED'), KEY_A));
      expect(late.status).toBe(200);
      expect((await paymentRow(app, pending.payment.id)).state).toBe('VALIDATED');
    });
  });
});
