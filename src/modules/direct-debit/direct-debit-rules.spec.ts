import { checkBic, checkIban, mandateReference, maskIban, rejectReason, RUM_PATTERN, sepaText } from './direct-debit-rules';

describe('direct debit rules', () => {
  it('checks an IBAN as typed, and says what is wrong in French', () => {
    expect(checkIban('fr14 2004 1010 0505 0001 3M02 606')).toBe('FR1420041010050500013M02606');
    expect(() => checkIban('XX1420041010050500013M02606')).toThrow(/le pays « XX »/);
    expect(() => checkIban('FR142004101005050001')).toThrow(/longueur/);
    expect(() => checkIban('FR1520041010050500013M02606')).toThrow(/clé de contrôle/);
    expect(() => checkIban('  ')).toThrow(/Saisissez/);
  });

  it('checks an optional BIC', () => {
    expect(checkBic(null)).toBeNull();
    expect(checkBic(' bnpafrpp xxx')).toBe('BNPAFRPPXXX');
    expect(() => checkBic('BNP')).toThrow(/BIC invalide/);
  });

  it('masks an IBAN: country and key, hidden groups, the last three', () => {
    expect(maskIban('FR7630006000011234567890189')).toBe('FR76 •••• •••• •••• •••• •••• 189');
    expect(maskIban('DE89370400440532013000')).toBe('DE89 •••• •••• •••• •••• 000');
  });

  it('makes a RUM of SEPA characters, 35 at most, unique by its sequence', () => {
    const rum = mandateReference('saint-jean-de-luz-sur-mer', '0f3c9a1e-1111-2222-3333-444455556666', 42);
    expect(rum).toBe('SAINTJEANDEL-0F3C9A1E-000042');
    expect(rum).toMatch(RUM_PATTERN);
    expect(mandateReference('AUT', 'abc', 1)).not.toBe(mandateReference('AUT', 'abc', 2));
  });

  it('writes SEPA text without accents', () => {
    expect(sepaText('Mairie d’Épinay-sur-Orge — régie', 70)).toBe('Mairie d Epinay-sur-Orge regie');
  });

  it('knows the bank’s reject codes, with their French words', () => {
    expect(rejectReason(' am04 ')).toEqual({ code: 'AM04', reason: 'Provision insuffisante (rejet AM04)' });
    expect(rejectReason('MD06').reason).toMatch(/Remboursement/);
    expect(() => rejectReason('ZZ99')).toThrow(/Code de rejet inconnu/);
  });
});
