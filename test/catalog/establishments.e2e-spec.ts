import { C, communeWithStaff, expectError, HOOK_TIMEOUT } from '../helpers/catalog';
import { TestApp } from '../helpers/test-app';

const ESTABLISHMENTS = `query { establishments { id name address } }`;

/** The establishments staff choose from when they set up an activity. */
describe('establishments', () => {
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let otherStaffToken: string;
  let familyToken: string;
  const created: Record<string, string> = {};

  const create = async (name: string, address: string | null, token = staffToken) => {
    const { createEstablishment } = await app.ok(C.createEstablishment, { i: { name, ...(address ? { address } : {}) } }, { token });
    created[name] = createEstablishment.id;
  };
  const list = async (token = staffToken) => (await app.ok(ESTABLISHMENTS, {}, { token })).establishments as Array<{ id: string; name: string; address: string | null }>;

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await communeWithStaff(app, 'ECOLEVILLE');
    staffToken = commune.staffToken;
    adminToken = commune.adminToken;
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
    familyToken = (await app.family('ECOLEVILLE', staffToken, { email: 'famille@ecoleville.test' })).token;
    await create('RESTAURANT DE LA MARIANNE', '2 rue de la Marianne');
    await create('école maternelle Jules Ferry', null);
    await create('Ecole Louis Gauthier', '1 place de l’École');
    await create('Crèche Les Petits Pas', '3 allée des Tilleuls');
    await create('Ecole du Bourg', '1 rue du Bourg', otherStaffToken);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it("lists the commune's establishments by name, accents and case aside", async () => {
    expect(await list()).toEqual([
      { id: created['Crèche Les Petits Pas'], name: 'Crèche Les Petits Pas', address: '3 allée des Tilleuls' },
      { id: created['Ecole Louis Gauthier'], name: 'Ecole Louis Gauthier', address: '1 place de l’École' },
      { id: created['école maternelle Jules Ferry'], name: 'école maternelle Jules Ferry', address: null },
      { id: created['RESTAURANT DE LA MARIANNE'], name: 'RESTAURANT DE LA MARIANNE', address: '2 rue de la Marianne' },
    ]);
    expect(await list(adminToken)).toEqual(await list());
  });

  it('shows a new establishment at its place at once', async () => {
    await create('Accueil de loisirs', null);
    expect((await list()).map((e) => e.name)).toEqual(['Accueil de loisirs', 'Crèche Les Petits Pas', 'Ecole Louis Gauthier', 'école maternelle Jules Ferry', 'RESTAURANT DE LA MARIANNE']);
  });

  it("never shows another commune's establishments", async () => {
    expect((await list()).map((e) => e.id)).not.toContain(created['Ecole du Bourg']);
    expect(await list(otherStaffToken)).toEqual([{ id: created['Ecole du Bourg'], name: 'Ecole du Bourg', address: '1 rue du Bourg' }]);
  });

  it('is for staff: a family gets FORBIDDEN', async () => {
    expectError(await app.gql(ESTABLISHMENTS, {}, { token: familyToken }), 'FORBIDDEN');
  });
});
