import { euros } from './euros';

/** Intl writes U+202F (narrow no-break space) between groups and U+00A0 before the sign. */
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('euros', () => {
  it.each([
    [86173, '861,73 €'],
    [13300, '133,00 €'],
    [123456, '1 234,56 €'],
    [95913100, '959 131,00 €'],
    [5, '0,05 €'],
    [0, '0,00 €'],
    [-2500, '-25,00 €'],
  ])('%i cents → %s', (cents, expected) => {
    expect(plain(euros(cents))).toBe(expected);
  });

  it('refuses a fraction of a cent', () => {
    expect(() => euros(10.5)).toThrow(/integer/);
  });
});
