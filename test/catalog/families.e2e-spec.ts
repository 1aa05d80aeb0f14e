import { addChild, C, communeWithStaff, expectError, expectInvalidField, expectSameNotFound, HOOK_TIMEOUT, randomId } from '../helpers/catalog';
import { TestApp } from '../helpers/test-app';

/** Staff views of the commune's families: search, then a family's card with its accounts and children. */
describe('families (staff views)', () => {
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let otherStaffToken: string;
  let dupont: { token: string; familyId: string; accountId: string; login: string };
  let garcia: { token: string; familyId: string; accountId: string; login: string };
  let stranger: { token: string; familyId: string };
  const others: string[] = [];

  const search = (vars: Record<string, unknown>, token = staffToken) => app.gql(C.families, vars, { token });
  const idsFor = async (term: string, token = staffToken) => {
    const res = await search({ search: term, pageSize: 100 }, token);
    expect(res.errors).toBeUndefined();
    return (res.data.families.items as Array<{ id: string }>).map((f) => f.id);
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const a = await communeWithStaff(app, 'FOYERVILLE');
    staffToken = a.staffToken;
    adminToken = a.adminToken;
    otherStaffToken = (await communeWithStaff(app, 'LOINTAINE')).staffToken;
    dupont = await app.family('FOYERVILLE', staffToken, { email: 'claire.dupont@exemple.fr', firstName: 'Claire', lastName: 'Dupont' });
    garcia = await app.family('FOYERVILLE', staffToken, { email: 'contact@maison-garcia.fr', firstName: 'Inès', lastName: 'García' });
    // The parent's name changes after the family was opened: the family keeps its name.
    await app.ok(C.updateProfile, { i: { firstName: 'Hortense', lastName: 'Zébulon' } }, { token: garcia.token });
    await addChild(app, dupont.token, { firstName: 'Valentina', lastName: 'DUPONT-MOREAU', allergies: 'Gluten' });
    await addChild(app, dupont.token, { firstName: 'Romeo', lastName: 'DUPONT-MOREAU' });
    await addChild(app, garcia.token, { firstName: 'Anatole', lastName: 'BERTRAND' });
    for (let i = 1; i <= 6; i++) {
      others.push((await app.family('FOYERVILLE', staffToken, { email: `famille${i}@foyerville.test`, firstName: 'Parent', lastName: `Série${i}` })).familyId);
    }
    stranger = await app.family('LOINTAINE', otherStaffToken, { email: 'claire.dupont@ailleurs.fr', firstName: 'Claire', lastName: 'Dupont' });
    await addChild(app, stranger.token, { firstName: 'Valentina', lastName: 'DUPONT-MOREAU' });
    await addChild(app, garcia.token, { firstName: 'Chloé', lastName: 'LEFÈVRE' });
    await addChild(app, garcia.token, { firstName: 'Lætitia', lastName: 'NOËL' });
    await addChild(app, stranger.token, { firstName: 'CHLOE', lastName: 'LEFEVRE' });
  }, HOOK_TIMEOUT);
  afterAll(() => app.stop());

  describe('families(search)', () => {
    it('lists every family of the commune, 5 per page by default, by name', async () => {
      const res = await search({});
      expect(res.errors).toBeUndefined();
      const p = res.data.families;
      expect({ totalCount: p.totalCount, page: p.page, pageSize: p.pageSize, n: p.items.length }).toEqual({ totalCount: 8, page: 1, pageSize: 5, n: 5 });
      const p2 = (await search({ page: 2 })).data.families;
      expect({ totalCount: p2.totalCount, page: p2.page, n: p2.items.length }).toEqual({ totalCount: 8, page: 2, n: 3 });
      const all = [...p.items, ...p2.items];
      expect(new Set(all.map((f: any) => f.id)).size).toBe(8);
      expect(all.map((f: any) => f.id)).toEqual(expect.arrayContaining([dupont.familyId, garcia.familyId, ...others]));
      expect(all.map((f: any) => f.id)).not.toContain(stranger.familyId);
      const names = all.map((f: any) => f.name);
      const [{ sorted }] = await app.dataSource.query(`SELECT array_agg(name ORDER BY name, id) AS sorted FROM family WHERE id = ANY($1)`, [all.map((f: any) => f.id)]);
      expect(names).toEqual(sorted);
      expect(all.find((f: any) => f.id === dupont.familyId).name).toMatch(/DUPONT/);
    });

    it('finds a family by its name', async () => {
      const [{ name }] = await app.dataSource.query(`SELECT name FROM family WHERE id = $1`, [garcia.familyId]);
      // The family was named after the parent at its opening; the parent has changed names since.
      expect(name).not.toMatch(/Zébulon|Hortense/);
      expect(await idsFor(name)).toEqual([garcia.familyId]);
      expect(await idsFor(name.toLowerCase())).toEqual([garcia.familyId]);
    });

    it("finds a family by a parent's first or last name, whatever the case", async () => {
      expect(await idsFor('Hortense')).toEqual([garcia.familyId]);
      expect(await idsFor('zébulon')).toEqual([garcia.familyId]);
      expect(await idsFor('ZÉBU')).toEqual([garcia.familyId]);
    });

    it("finds a family by a child's name, first, last or both", async () => {
      expect(await idsFor('Anatole')).toEqual([garcia.familyId]);
      expect(await idsFor('bertrand')).toEqual([garcia.familyId]);
      expect(await idsFor('Romeo')).toEqual([dupont.familyId]);
      expect(await idsFor('moreau')).toEqual([dupont.familyId]);
      expect(await idsFor('Valentina DUPONT-MOREAU')).toEqual([dupont.familyId]);
      expect(await idsFor('DUPONT-MOREAU Valentina')).toEqual([dupont.familyId]);
    });

    it('ignores accents and case on both sides: "Chloe" finds "Chloé", "chloé" finds "CHLOE"', async () => {
      // A child's names.
      expect(await idsFor('Chloe')).toEqual([garcia.familyId]);
      expect(await idsFor('CHLOE LEFEVRE')).toEqual([garcia.familyId]);
      expect(await idsFor('lefèvre chloé')).toEqual([garcia.familyId]);
      expect(await idsFor('noel')).toEqual([garcia.familyId]);
      expect(await idsFor('chloé', otherStaffToken)).toEqual([stranger.familyId]);
      expect(await idsFor('Lefèvre', otherStaffToken)).toEqual([stranger.familyId]);
      // Ligatures are spelled out.
      expect(await idsFor('laetitia')).toEqual([garcia.familyId]);
      expect(await idsFor('LÆTITIA')).toEqual([garcia.familyId]);
      // The family's name ("GARCÍA Inès": the parent has changed names since) and a parent's.
      expect(await idsFor('ines')).toEqual([garcia.familyId]);
      expect(await idsFor('INES')).toEqual([garcia.familyId]);
      expect(await idsFor('zebulon')).toEqual([garcia.familyId]);
      expect(await idsFor('ZEBULON')).toEqual([garcia.familyId]);
    });

    it('finds a family by e-mail, whole or in part', async () => {
      expect(await idsFor('contact@maison-garcia.fr')).toEqual([garcia.familyId]);
      expect(await idsFor('maison-garcia')).toEqual([garcia.familyId]);
      expect(await idsFor('CLAIRE.DUPONT@EXEMPLE.FR')).toEqual([dupont.familyId]);
    });

    it('pages search results too', async () => {
      const p1 = (await search({ search: 'foyerville.test', pageSize: 4 })).data.families;
      expect({ totalCount: p1.totalCount, page: p1.page, pageSize: p1.pageSize, n: p1.items.length }).toEqual({ totalCount: 6, page: 1, pageSize: 4, n: 4 });
      const p2 = (await search({ search: 'foyerville.test', pageSize: 4, page: 2 })).data.families;
      expect({ totalCount: p2.totalCount, page: p2.page, n: p2.items.length }).toEqual({ totalCount: 6, page: 2, n: 2 });
      expect([...p1.items, ...p2.items].map((f: any) => f.id).sort()).toEqual([...others].sort());
    });

    it('finds nothing for an unknown term, and takes % and _ literally', async () => {
      expect(await search({ search: 'Personne-de-ce-nom' })).toMatchObject({ data: { families: { items: [], totalCount: 0, page: 1, pageSize: 5 } } });
      expect(await idsFor('%')).toEqual([]);
      expect(await idsFor('_')).toEqual([]);
      expect(await idsFor('Dup%nt')).toEqual([]);
    });

    it('treats a blank search as no search', async () => {
      expect((await search({ search: '   ' })).data.families.totalCount).toBe(8);
    });

    it("never shows another commune's families", async () => {
      expect(await idsFor('Dupont')).toEqual([dupont.familyId]);
      expect(await idsFor('Valentina')).toEqual([dupont.familyId]);
      expect(await idsFor('Dupont', otherStaffToken)).toEqual([stranger.familyId]);
      expect((await search({}, otherStaffToken)).data.families.totalCount).toBe(1);
    });

    it('refuses a bad page or a search over 100 characters, naming the field', async () => {
      expectInvalidField(await search({ pageSize: 0 }), 'pageSize');
      expectInvalidField(await search({ pageSize: 101 }), 'pageSize');
      expectInvalidField(await search({ page: 0 }), 'page');
      expectInvalidField(await search({ search: 'x'.repeat(101) }), 'search');
    });

    it('is for staff: a family → FORBIDDEN', async () => {
      expectError(await search({}, dupont.token), 'FORBIDDEN');
      expectError(await search({ search: 'Dupont' }, dupont.token), 'FORBIDDEN');
    });
  });

  describe('family(id)', () => {
    it('shows the family with its accounts and children (health notes included)', async () => {
      const res = await app.gql(C.family, { id: dupont.familyId }, { token: staffToken });
      expect(res.errors).toBeUndefined();
      const f = res.data.family;
      expect(f).toMatchObject({ id: dupont.familyId, name: expect.stringMatching(/DUPONT/) });
      expect(f.accounts).toEqual([
        {
          id: dupont.accountId,
          login: dupont.login,
          email: 'claire.dupont@exemple.fr',
          role: 'FAMILY',
          firstName: 'Claire',
          lastName: 'Dupont',
          family: { id: dupont.familyId },
        },
      ]);
      expect(f.children.map((c: any) => [c.firstName, c.lastName, c.allergies])).toEqual(
        expect.arrayContaining([
          ['Valentina', 'DUPONT-MOREAU', 'Gluten'],
          ['Romeo', 'DUPONT-MOREAU', null],
        ]),
      );
      expect(f.children).toHaveLength(2);
      expect(f.children[0].ageLabel).toMatch(/^\d+ ans? et \d+ mois$/);
      // The same for the commune's ADMIN.
      expect((await app.ok(C.family, { id: dupont.familyId }, { token: adminToken })).family).toEqual(f);
    });

    it('shows a family without children', async () => {
      const f = (await app.ok(C.family, { id: others[0] }, { token: staffToken })).family;
      expect(f.children).toEqual([]);
      expect(f.accounts).toHaveLength(1);
    });

    it("another commune's family → NOT_FOUND exactly like a random id", async () => {
      expectSameNotFound(await app.gql(C.family, { id: stranger.familyId }, { token: staffToken }), await app.gql(C.family, { id: randomId() }, { token: staffToken }));
      expectSameNotFound(await app.gql(C.family, { id: dupont.familyId }, { token: otherStaffToken }), await app.gql(C.family, { id: randomId() }, { token: otherStaffToken }));
    });

    it('refuses an id that is not one', async () => {
      expectInvalidField(await app.gql(C.family, { id: 'famille-1' }, { token: staffToken }), 'id');
    });

    it('is for staff: a family, even its own → FORBIDDEN', async () => {
      expectError(await app.gql(C.family, { id: dupont.familyId }, { token: dupont.token }), 'FORBIDDEN');
      expectError(await app.gql(C.family, { id: garcia.familyId }, { token: dupont.token }), 'FORBIDDEN');
    });
  });
});
