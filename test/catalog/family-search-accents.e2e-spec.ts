import { activatedFamily } from '../helpers/accounts';
import { addChild, C, communeWithStaff, HOOK_TIMEOUT } from '../helpers/catalog';
import { TestApp } from '../helpers/test-app';

/**
 * "Familles": staff type a name as they heard it — with or without its accents, in any case — and
 * find the family whichever of its names holds it (SPEC §8: "Chloe" finds "Chloé").
 */
describe('families(search) ignores accents and case on every name it searches', () => {
  let app: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  /** Each of these families holds "Chloé" and "Helene" in one place only. */
  const where: Record<'familyName' | 'accountNames' | 'login' | 'email' | 'children', string> = {} as any;
  let none: string;
  let stranger: string;

  const found = async (term: string, token = staffToken) => {
    const res = await app.gql(C.families, { search: term, pageSize: 100 }, { token });
    expect(res.errors).toBeUndefined();
    return (res.data.families.items as Array<{ id: string }>).map((f) => f.id).sort();
  };
  const rename = (token: string, firstName: string, lastName: string) => app.ok(C.updateProfile, { i: { firstName, lastName } }, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'ACCENTVILLE')).staffToken;
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
    const open = (who: { firstName: string; lastName: string; login: string; email: string }) => activatedFamily(app, 'ACCENTVILLE', staffToken, who);

    // The family's name only ("HELENE Chloé", from its opening): the parent has changed names since.
    const a = await open({ firstName: 'Chloé', lastName: 'Helene', login: 'famille.a', email: 'famille.a@accentville.test' });
    await rename(a.token, 'Anne', 'Aubert');
    where.familyName = a.familyId!;
    // The parent's first and last names only.
    const b = await open({ firstName: 'Paul', lastName: 'Bernard', login: 'famille.b', email: 'famille.b@accentville.test' });
    await rename(b.token, 'Chloé', 'Helene');
    where.accountNames = b.familyId!;
    // The login only.
    where.login = (await open({ firstName: 'Anne', lastName: 'Carpentier', login: 'helene.chloe', email: 'famille.c@accentville.test' })).familyId!;
    // The e-mail only.
    where.email = (await open({ firstName: 'Luc', lastName: 'Durand', login: 'famille.d', email: 'Chloe.Helene@exemple.fr' })).familyId!;
    // The children only; one name typed decomposed ("e" + combining acute accent, as some keyboards and PDFs give it).
    const e = await open({ firstName: 'Marc', lastName: 'Evrard', login: 'famille.e', email: 'famille.e@accentville.test' });
    await addChild(app, e.token, { firstName: 'Chloé', lastName: 'EVRARD' });
    await addChild(app, e.token, { firstName: 'Helene', lastName: 'EVRARD' });
    await addChild(app, e.token, { firstName: 'Zoe\u0301', lastName: 'EVRARD' });
    where.children = e.familyId!;
    // Nothing of the kind.
    none = (await open({ firstName: 'Paul', lastName: 'Fabre', login: 'famille.f', email: 'famille.f@accentville.test' })).familyId!;
    // Another commune's Chloé and Hélène never show.
    const g = await activatedFamily(app, 'AILLEURS', otherStaffToken, { firstName: 'Chloé', lastName: 'Hélène', email: 'chloe.helene@ailleurs.test' });
    await addChild(app, g.token, { firstName: 'CHLOÉ', lastName: 'HÉLÈNE' });
    stranger = g.familyId!;
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  const all = () => Object.values(where).sort();

  it('"Chloe", "CHLOE" and "chloé" find "Chloé" in the family name, the parent’s names, the login, the e-mail and the children', async () => {
    for (const term of ['Chloe', 'CHLOE', 'chloé', 'Chloé', 'CHLOÉ', 'hloe']) expect({ term, found: await found(term) }).toEqual({ term, found: all() });
  });

  it('"Hélène" finds "Helene" (and "HELENE") everywhere too', async () => {
    for (const term of ['Hélène', 'HÉLÈNE', 'hélène', 'helene', 'HELENE']) expect({ term, found: await found(term) }).toEqual({ term, found: all() });
  });

  it('each place on its own', async () => {
    // "HELENE Chloé" is the family's name only (the parent's names are separate fields, the login and e-mail have a dot).
    expect(await found('hélène chloé')).toEqual([where.familyName]);
    expect(await found('HELENE CHLOE')).toEqual([where.familyName]);
    expect(await found('HÉLÈNE.CHLOÉ')).toEqual([where.login]);
    expect(await found('chloé.hélène@')).toEqual([where.email]);
    expect(await found('Chloé Evrard')).toEqual([where.children]);
    expect(await found('EVRARD HÉLÈNE')).toEqual([where.children]);
  });

  it('reads a decomposed accent like a composed one, on either side', async () => {
    expect(await found('Chlo\u0065\u0301')).toEqual(all());
    expect(await found('He\u0301le\u0300ne')).toEqual(all());
    expect(await found('Zoé')).toEqual([where.children]);
    expect(await found('ZOE')).toEqual([where.children]);
  });

  it("finds nothing where there is nothing, and never another commune's families", async () => {
    expect(await found('Fabre')).toEqual([none]);
    for (const term of ['Chloe', 'Hélène']) expect(await found(term)).not.toContain(stranger);
    expect(await found('chloe', otherStaffToken)).toEqual([stranger]);
    expect(await found('HELENE', otherStaffToken)).toEqual([stranger]);
  });
});
