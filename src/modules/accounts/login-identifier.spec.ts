import { LOGIN_PATTERN, loginBase, normalizeEmail, normalizeLogin } from './login-identifier';

describe('loginBase', () => {
  it.each([
    ['Marie-Hélène', "D'Artagnan", 'marie-helene.dartagnan'],
    ['Jean', 'Dupont', 'jean.dupont'],
    ['Éloïse', 'Lefèvre', 'eloise.lefevre'],
    ['  Anne  Sophie ', ' de La Tour ', 'annesophie.delatour'],
    ['François', 'Müller', 'francois.muller'],
    ['Noël', 'Ñúñez', 'noel.nunez'],
    ['-Paul-', '--Martin--', 'paul.martin'],
    ['Zoé', 'O’Brien', 'zoe.obrien'],
    ['Léa2', 'Martin_3', 'lea2.martin3'],
  ])('%p %p → %p', (first, last, expected) => {
    expect(loginBase(first, last)).toBe(expected);
  });

  it('keeps what is left when one of the names has no usable letter', () => {
    expect(loginBase('', 'Dupont')).toBe('dupont');
    expect(loginBase('Marie', '!!!')).toBe('marie');
  });

  it('falls back to "famille" when nothing usable is left', () => {
    expect(loginBase('', '')).toBe('famille');
    expect(loginBase('明', '王')).toBe('famille');
    expect(loginBase('---', '...')).toBe('famille');
  });

  it('is at most 80 characters, leaving room for a number suffix', () => {
    const base = loginBase('a'.repeat(60), 'b'.repeat(60));
    expect(base).toHaveLength(80);
    expect(LOGIN_PATTERN.test(`${base}123`)).toBe(true);
  });

  it('only produces valid login identifiers for ordinary names', () => {
    const names: Array<[string, string]> = [
      ['Marie-Hélène', "D'Artagnan"],
      ['Jo', 'Ly'],
      ['Ève', 'Ô'],
      ['', ''],
      ['Anne', '明'],
      ['x'.repeat(200), 'y'.repeat(200)],
    ];
    const invalid = names.map(([f, l]) => loginBase(f, l)).filter((b) => !LOGIN_PATTERN.test(b));
    expect(invalid).toEqual([]);
  });
});

describe('LOGIN_PATTERN', () => {
  it.each(['famille.demo', 'agent.demo', 'abc', 'marie@example.org', 'jean_dupont-2', '0123', 'a'.repeat(100)])('accepts %p', (login) => {
    expect(LOGIN_PATTERN.test(login)).toBe(true);
  });

  it.each(['ab', 'a'.repeat(101), '.marie', '-marie', '_marie', 'Marie.Dupont', 'marie dupont', 'marié', 'marie+1@x.org', ''])('refuses %p', (login) => {
    expect(LOGIN_PATTERN.test(login)).toBe(false);
  });
});

describe('normalizeLogin / normalizeEmail', () => {
  it('trims and lower-cases, so that people find their account however they type it', () => {
    expect(normalizeLogin('  Famille.DEMO ')).toBe('famille.demo');
    expect(normalizeEmail(' Marie.Dupont@Example.ORG\t')).toBe('marie.dupont@example.org');
  });

  it('is idempotent', () => {
    const once = normalizeEmail(' A@B.C ');
    expect(normalizeEmail(once)).toBe(once);
    expect(normalizeLogin(normalizeLogin(' X.Y '))).toBe(normalizeLogin(' X.Y '));
  });
});

describe('loginBase — short names (regression)', () => {
  /**
   * Fixed bug: a first name with no Latin letter and a two-letter
   * last name (`Мария LI`, `明 Wu`) give a two-character base, which LOGIN_PATTERN refuses, so
   * createFamilyAccount answers VALIDATION_FAILED on a `login` field staff never typed.
   * Fixed in login-identifier.ts: pad a base shorter than 3 characters, e.g.
   * `return (base.length >= 3 ? base : ['famille', base].filter(Boolean).join('.')).slice(0, 80);`
   */
  it('gives a valid login when only a two-letter name is usable', () => {
    expect(LOGIN_PATTERN.test(loginBase('Мария', 'Li'))).toBe(true);
  });
});
