import { sameSitePath } from '../../web/src/ui/same-site-path';

/**
 * The login's « retour » (`/connexion?retour=…`): only a path of this site, checked after the
 * browser's own normalisation. A pure function: no app.
 */
describe('« retour » after login: a path of this site only', () => {
  const origin = 'https://famille.auterive.test';

  it('keeps the pages of this site, with their query', () => {
    expect(sameSitePath('/factures', origin)).toBe('/factures');
    expect(sameSitePath('/reservations/nouvelle?enfant=12', origin)).toBe('/reservations/nouvelle?enfant=12');
    expect(sameSitePath('/agents/effectifs?activite=3', origin)).toBe('/agents/effectifs?activite=3');
    expect(sameSitePath('/a/../factures', origin)).toBe('/factures');
  });

  it('refuses what normalises to another site (the login used to throw and stay on the page)', () => {
    for (const wanted of ['/..//evil.test/', '/../..//evil.test/x', '/.//evil.test', '/%2e%2e//evil.test/', '/..\\\\evil.test/', '//evil.test/', '/\\evil.test', '/\\/evil.test']) {
      expect([wanted, sameSitePath(wanted, origin)]).toEqual([wanted, null]);
    }
  });

  it('refuses anything not beginning with / (absolute URLs, schemes, nothing)', () => {
    for (const wanted of ['https://evil.test/', 'javascript:alert(1)', 'factures', '', null]) expect(sameSitePath(wanted, origin)).toBeNull();
    expect(sameSitePath(`${origin}/factures`, origin)).toBeNull();
  });
});
