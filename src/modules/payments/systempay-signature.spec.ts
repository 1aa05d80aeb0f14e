import { createHmac } from 'node:crypto';
import { hasValidSignature, systempaySignature } from './systempay-signature';

describe('Systempay form signature', () => {
  const key = 'DEMO-ONLY-not-a-real-systempay-key';
  const fields = {
    vads_version: 'V2',
    vads_amount: '23727',
    vads_site_id: '12345678',
    vads_trans_id: '000042',
    vads_currency: '978',
    signature: 'ignored',
    other: 'ignored too',
  };

  it('signs the vads_* values sorted by name, joined with +, then + and the key (HMAC-SHA-256, Base64)', () => {
    // By hand: names sorted → vads_amount, vads_currency, vads_site_id, vads_trans_id, vads_version.
    const message = '23727+978+12345678+000042+V2+DEMO-ONLY-not-a-real-systempay-key';
    const byHand = createHmac('sha256', key).update(message).digest('base64');
    expect(systempaySignature(fields, key)).toBe(byHand);
    // Computed once outside Node: printf '%s' '<message>' | openssl dgst -sha256 -hmac '<key>' -binary | base64
    expect(systempaySignature(fields, key)).toBe('DmIRDyONmdA+Jia3I8fpzom+sSpgfXakOAQlr2IMCaI=');
  });

  it('accepts the right signature and refuses a missing, wrong or tampered one', () => {
    const signed = { ...fields, signature: systempaySignature(fields, key) };
    expect(hasValidSignature(signed, key)).toBe(true);
    expect(hasValidSignature({ ...signed, signature: '' }, key)).toBe(false);
    const { signature: _omit, ...unsigned } = signed;
    expect(hasValidSignature(unsigned, key)).toBe(false);
    expect(hasValidSignature({ ...signed, vads_amount: '100' }, key)).toBe(false);
    expect(hasValidSignature(signed, 'another-key')).toBe(false);
    expect(hasValidSignature({ ...signed, signature: signed.signature.slice(0, -2) }, key)).toBe(false);
  });

  it('ignores fields that are not vads_*', () => {
    expect(systempaySignature({ ...fields, extra: 'x' }, key)).toBe(systempaySignature(fields, key));
  });
});
