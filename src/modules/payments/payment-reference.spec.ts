import { DomainError } from '../../common/errors/domain-error';
import { offlineReference } from './payment-reference';

const reasonOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as DomainError).reason;
  }
  return null;
};

describe('offlineReference', () => {
  it('a cheque needs its number, digits only (spaces dropped); its bank is optional', () => {
    expect(offlineReference('CHECK', ' 123 4567 ', ' Crédit  Agricole ')).toEqual({ reference: '1234567', issuer: 'Crédit Agricole' });
    expect(offlineReference('CHECK', '0001234')).toEqual({ reference: '0001234', issuer: null });
    expect(reasonOf(() => offlineReference('CHECK', null))).toBe('CHEQUE_NUMBER_REQUIRED');
    expect(reasonOf(() => offlineReference('CHECK', '   '))).toBe('CHEQUE_NUMBER_REQUIRED');
    expect(reasonOf(() => offlineReference('CHECK', 'AB-12'))).toBe('INVALID_CHEQUE_NUMBER');
  });

  it('a transfer or CESU keeps its reference as typed; no bank but for a cheque', () => {
    expect(offlineReference('TRANSFER', ' VIR 2026/11 Dupont ')).toEqual({ reference: 'VIR 2026/11 Dupont', issuer: null });
    expect(offlineReference('TRANSFER', '')).toEqual({ reference: null, issuer: null });
    expect(offlineReference('CASH')).toEqual({ reference: null, issuer: null });
    expect(reasonOf(() => offlineReference('TRANSFER', 'x', 'Banque'))).toBe('ISSUER_ONLY_FOR_CHEQUE');
    expect(reasonOf(() => offlineReference('CESU', 'a\u0000b'))).toBe('VALIDATION_FAILED');
  });
});
