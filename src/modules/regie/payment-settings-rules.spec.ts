import { DomainError } from '../../common/errors/domain-error';
import { checkPaymentSettings, creditorIdProblem, HELIOS, ibanProblem, maskIban, PaymentSettingsInput } from './payment-settings-rules';

const IBAN = 'FR7630006000011234567890189';
const base: PaymentSettingsInput = { onlineProvider: 'NONE', mode: 'TEST' };

/** The field and French message a refused input gives. */
function refusal(input: Partial<PaymentSettingsInput>, siteWithStoredKey: string | null = null) {
  try {
    checkPaymentSettings({ ...base, ...input }, siteWithStoredKey);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('BAD_USER_INPUT');
    return { field: err.details.field, message: err.message };
  }
  throw new Error('accepted');
}

describe('the régie settings (SPEC §2 "Each commune is its own régie")', () => {
  it('masks an IBAN as the screens show it', () => {
    expect(maskIban(IBAN)).toBe('FR76 •••• •••• •••• •••• •••• 189');
    expect(maskIban('DE89 3704 0044 0532 0130 00')).toBe('DE89 •••• •••• •••• •••• 00');
  });

  it('checks an IBAN: country, length, checksum', () => {
    expect(ibanProblem(IBAN)).toBeNull();
    expect(ibanProblem('XX7630006000011234567890189')).toMatch(/code pays/);
    expect(ibanProblem('FR763000600001123456789018')).toMatch(/longueur/);
    expect(ibanProblem('FR7630006000011234567890188')).toMatch(/clé de contrôle/);
  });

  it('checks a SEPA creditor identifier (ISO 7064 mod 97-10)', () => {
    expect(creditorIdProblem('FR72ZZZ123456')).toBeNull();
    expect(creditorIdProblem('DE98ZZZ09999999999')).toBeNull();
    expect(creditorIdProblem('FR73ZZZ123456')).toMatch(/clé de contrôle/);
    expect(creditorIdProblem('FR72ZZZ12345')).toMatch(/13 caractères/);
    expect(creditorIdProblem('72FRZZZ123456')).toMatch(/FR12ZZZ123456/);
  });

  it('reads codes typed with spaces and in lower case', () => {
    const s = checkPaymentSettings({ ...base, sepaIban: 'fr76 3000 6000 0112 3456 7890 189', sepaBic: 'bnpa frpp', sepaCreditorId: ' fr72zzz123456 ', heliosIdPost: '02a123' }, null);
    expect(s).toMatchObject({ sepaIban: IBAN, sepaBic: 'BNPAFRPP', sepaCreditorId: 'FR72ZZZ123456', heliosIdPost: '02A123' });
  });

  it('clears a blank text, and keeps the key when it is left out', () => {
    const s = checkPaymentSettings({ ...base, onlineProvider: 'SYSTEMPAY', systempaySiteId: '12345678', sepaCreditorName: '  ', heliosNature: '' }, '12345678');
    expect(s).toMatchObject({ systempayKey: null, sepaCreditorName: null, heliosNature: null });
  });

  it.each<[Partial<PaymentSettingsInput>, string, RegExp]>([
    [{ sepaIban: 'FR7630006000011234567890188' }, 'sepaIban', /IBAN invalide/],
    [{ sepaCreditorId: 'FR73ZZZ123456' }, 'sepaCreditorId', /ICS/],
    [{ sepaBic: 'BNPAFRP' }, 'sepaBic', /BIC invalide/],
    [{ sepaCreditorName: 'x'.repeat(71) }, 'sepaCreditorName', /70 caractères/],
    [{ payfipClientNumber: '12345' }, 'payfipClientNumber', /6 chiffres/],
    [{ payfipClientNumber: '12345a' }, 'payfipClientNumber', /6 chiffres/],
    [{ systempaySiteId: '1234567' }, 'systempaySiteId', /8 chiffres/],
    [{ systempayKey: '   ' }, 'systempayKey', /vide/],
    [{ systempayKey: 'a key' }, 'systempayKey', /sans espace/],
    [{ mode: 'PRODUCTION', systempayKey: 'DEMO-key' }, 'systempayKey', /démonstration/],
    [{ onlineProvider: 'SYSTEMPAY' }, 'systempaySiteId', /identifiant de boutique/],
    [{ onlineProvider: 'SYSTEMPAY', systempaySiteId: '12345678' }, 'systempayKey', /indiquez la clé/],
    [{ onlineProvider: 'PAYFIP' }, 'payfipClientNumber', /numéro client/],
    [{ heliosIdPost: '12345' }, 'heliosIdPost', /codique/],
    [{ heliosIdColl: '2131000350001' }, 'heliosIdColl', /SIRET/],
    [{ heliosCodCol: '000' }, 'heliosCodCol', /3 chiffres/],
    [{ heliosCodBud: '0A' }, 'heliosCodBud', /code budget/],
    [{ heliosCodProdLoc: 'ABCDE' }, 'heliosCodProdLoc', /1 à 4/],
    [{ heliosNature: '0' }, 'heliosNature', /7067/],
  ])('refuses %j on its field, in French', (input, field, message) => {
    expect(refusal(input)).toEqual({ field, message: expect.stringMatching(message) });
  });

  it('takes a stored key for SYSTEMPAY only while the site stays the same', () => {
    expect(() => checkPaymentSettings({ ...base, onlineProvider: 'SYSTEMPAY', systempaySiteId: '12345678' }, '12345678')).not.toThrow();
    expect(refusal({ onlineProvider: 'SYSTEMPAY', systempaySiteId: '87654321' }, '12345678').field).toBe('systempayKey');
  });

  it('follows the PES V2 XSD (v5.17) for the Hélios identifiers', () => {
    expect(['123456', '0311234', '02A123', '02B1234'].filter((v) => HELIOS.idPost.test(v))).toHaveLength(4);
    expect(['000000', '02C123', '12345678', '02a123'].filter((v) => HELIOS.idPost.test(v))).toEqual([]);
    expect(HELIOS.idColl.test('21310033300019')).toBe(true);
    expect(['001', '999'].every((v) => HELIOS.codCol.test(v))).toBe(true);
    expect(['00', 'A1', '12'].every((v) => HELIOS.codBud.test(v))).toBe(true);
    expect(['A', '70A1', '0001'].every((v) => HELIOS.codProdLoc.test(v))).toBe(true);
    expect(['0000', '', 'A-1'].some((v) => HELIOS.codProdLoc.test(v))).toBe(false);
    expect(['7067', '706'].every((v) => HELIOS.nature.test(v))).toBe(true);
    expect(['07067', '1234567890123'].some((v) => HELIOS.nature.test(v))).toBe(false);
  });
});

describe('the IBAN, never shown back', () => {
  it('is kept when left out, cleared when blank', () => {
    expect(checkPaymentSettings({ ...base }, null).sepaIban).toBeUndefined();
    expect(checkPaymentSettings({ ...base, sepaIban: ' ' }, null).sepaIban).toBeNull();
  });
});
