import { exerOf, isPayfipClientNumber, objetOf, payfipOutcomeOf, refdetOf, saisieOf } from './payfip-rules';

describe('PayFiP rules', () => {
  it('refdet: the invoice number, letters and digits only, at most 30', () => {
    expect(refdetOf('2026-00042')).toBe('202600042');
    expect(refdetOf('FAC/2026/é-12')).toBe('FAC2026e12');
    expect(refdetOf('A'.repeat(40) + '-1')).toBe('A'.repeat(30));
  });

  it('objet: ASCII letters, digits and spaces, at most 100', () => {
    expect(objetOf('Facture n° 2026-00042 — Cantine (février)')).toBe('Facture n 2026 00042 Cantine fevrier');
    expect(objetOf('Ça coûte 12,50 €')).toBe('Ca coute 12 50');
    const long = objetOf('mot '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^[A-Za-z0-9 ]+$/);
    expect(long.endsWith(' ')).toBe(false);
  });

  it('exer, saisie and the client number', () => {
    expect(exerOf('2026-03-01')).toBe('2026');
    expect(saisieOf('TEST')).toBe('T');
    expect(saisieOf('PRODUCTION')).toBe('W');
    expect(isPayfipClientNumber('123456')).toBe(true);
    expect(isPayfipClientNumber('12345')).toBe(false);
    expect(isPayfipClientNumber(null)).toBe(false);
  });

  it('resultrans: P or V validated, R or Z refused, A cancelled, else no result yet', () => {
    expect(payfipOutcomeOf('P')).toBe('VALIDATED');
    expect(payfipOutcomeOf('V')).toBe('VALIDATED');
    expect(payfipOutcomeOf('R')).toBe('REFUSED');
    expect(payfipOutcomeOf('Z')).toBe('REFUSED');
    expect(payfipOutcomeOf('A')).toBe('CANCELLED');
    expect(payfipOutcomeOf('')).toBeNull();
    expect(payfipOutcomeOf(undefined)).toBeNull();
    expect(payfipOutcomeOf('X')).toBeNull();
  });
});
