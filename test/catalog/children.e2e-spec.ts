import { addDays } from '../../src/common/dates/local-date';
import {
  addChild,
  C,
  communeWithStaff,
  countRows,
  expectError,
  expectInvalidField,
  expectSameNotFound,
  expectUnreadableValue,
  parisToday,
  randomId,
  shiftMonths,
  HOOK_TIMEOUT,
} from '../helpers/catalog';
import { TestApp } from '../helpers/test-app';

/** "Mes Enfants": a family adds, views and modifies its children; staff see and correct them. */
describe('children', () => {
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let family: { token: string; familyId: string };
  let neighbour: { token: string; familyId: string };
  let otherStaffToken: string;

  const add = (input: Record<string, unknown>, token = family.token) => app.gql(C.addChild, { i: input }, { token });
  const update = (input: Record<string, unknown>, token = family.token) => app.gql(C.updateChild, { i: input }, { token });
  const getChild = (id: string, token = family.token) => app.gql(C.child, { id }, { token });
  const childrenOf = (familyId: string) => countRows(app, `SELECT 1 FROM child WHERE family_id = $1`, [familyId]);
  const rowOf = async (id: string) => (await app.dataSource.query(`SELECT * FROM child WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await communeWithStaff(app, 'ENFANTVILLE');
    staffToken = commune.staffToken;
    adminToken = commune.adminToken;
    family = await app.family('ENFANTVILLE', staffToken, { email: 'famille@enfantville.test', firstName: 'Claire', lastName: 'Martin' });
    neighbour = await app.family('ENFANTVILLE', staffToken, { email: 'voisins@enfantville.test', firstName: 'Paul', lastName: 'Voisin' });
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
  }, HOOK_TIMEOUT);
  afterAll(() => app.stop());

  describe('addChild, myChildren, child', () => {
    it('adds a child with every field and shows it back', async () => {
      const res = await add({
        firstName: ' Valentina ',
        lastName: 'TEST',
        birthDate: '2014-04-10',
        school: 'Ecole Louis Gauthier',
        grade: 'CE2',
        diet: 'NO_PORK',
        allergies: 'Arachide — PAI',
      });
      expect(res.errors).toBeUndefined();
      const child = res.data.addChild;
      expect(child).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        firstName: 'Valentina',
        lastName: 'TEST',
        birthDate: '2014-04-10',
        age: { years: expect.any(Number), months: expect.any(Number) },
        ageLabel: expect.stringMatching(/^\d+ ans? et \d+ mois$/),
        school: 'Ecole Louis Gauthier',
        grade: 'CE2',
        diet: 'NO_PORK',
        allergies: 'Arachide — PAI',
      });
      const fetched = await app.ok(C.child, { id: child.id }, { token: family.token });
      expect(fetched.child).toEqual({ ...child, registrations: [] });
      const mine = await app.ok(C.myChildren, {}, { token: family.token });
      expect(mine.myChildren).toContainEqual(child);
    });

    it('defaults the diet to STANDARD and leaves school, grade and allergies empty', async () => {
      const child = await addChild(app, family.token, { firstName: 'Romeo', birthDate: '2017-01-20' });
      expect(child).toMatchObject({ firstName: 'Romeo', diet: 'STANDARD', school: null, grade: null, allergies: null });
      expect((await rowOf(child.id)).allergies_encrypted).toBeNull();
    });

    it('takes every diet of the contract', async () => {
      for (const diet of ['STANDARD', 'NO_PORK', 'VEGETARIAN', 'NO_MEAT']) {
        expect((await addChild(app, family.token, { diet })).diet).toBe(diet);
      }
    });

    it('lists only my children, oldest first', async () => {
      const n = await childrenOf(family.familyId);
      await addChild(app, neighbour.token, { firstName: 'Chez', lastName: 'VOISIN' });
      const mine = (await app.ok(C.myChildren, {}, { token: family.token })).myChildren as Array<{ id: string; lastName: string; birthDate: string }>;
      expect(mine).toHaveLength(n);
      expect(mine.map((c) => c.lastName)).not.toContain('VOISIN');
      const dates = mine.map((c) => c.birthDate);
      expect([...dates].sort()).toEqual(dates);
      const theirs = (await app.ok(C.myChildren, {}, { token: neighbour.token })).myChildren;
      expect(theirs).toHaveLength(1);
      expect(theirs[0].lastName).toBe('VOISIN');
    });
  });

  describe('age, computed today in the commune', () => {
    const today = parisToday();
    it.each([
      [shiftMonths(today, -(7 * 12 + 5), 1), { years: 7, months: 5 }, '7 ans et 5 mois'],
      [shiftMonths(today, -12, 1), { years: 1, months: 0 }, '1 an et 0 mois'],
      [shiftMonths(today, -3, 1), { years: 0, months: 3 }, '0 an et 3 mois'],
      [today, { years: 0, months: 0 }, '0 an et 0 mois'],
      // Born eight years ago tomorrow: the day before the birthday is still 7 years and 11 months.
      [shiftMonths(addDays(today, 1), -96), { years: 7, months: 11 }, '7 ans et 11 mois'],
      [shiftMonths(today, -96), { years: 8, months: 0 }, '8 ans et 0 mois'],
    ])('born %p: %p, "%s"', async (birthDate, age, label) => {
      const child = await addChild(app, family.token, { birthDate });
      expect({ age: child.age, ageLabel: child.ageLabel }).toEqual({ age, ageLabel: label });
    });
  });

  describe('refuses bad input, naming the field, and saves nothing', () => {
    const valid = { firstName: 'Lina', lastName: 'MARTIN', birthDate: '2016-05-04' };
    let before: number;
    beforeEach(async () => {
      before = await childrenOf(family.familyId);
    });
    afterEach(async () => {
      expect(await childrenOf(family.familyId)).toBe(before);
    });

    it.each([
      ['firstName', '', /prénom est obligatoire/],
      ['firstName', '   ', /prénom est obligatoire/],
      ['firstName', '\t\n', /prénom est obligatoire/],
      ['lastName', '', /nom est obligatoire/],
      ['lastName', '  ', /nom est obligatoire/],
      ['firstName', 'x'.repeat(101), /100 caractères au plus/],
      ['lastName', 'y'.repeat(101), /100 caractères au plus/],
      ['school', 's'.repeat(201), /200 caractères au plus/],
      ['grade', 'g'.repeat(51), /50 caractères au plus/],
      ['allergies', 'a'.repeat(2001), /2000 caractères au plus/],
    ])('%s = %j', async (field, value, message) => {
      expectInvalidField(await add({ ...valid, [field]: value }), field, message);
    });

    it('accepts names of exactly 100 characters (the limit itself)', async () => {
      const child = await addChild(app, family.token, { firstName: 'x'.repeat(100), lastName: 'y'.repeat(100) });
      expect(child.firstName).toHaveLength(100);
      before++;
    });

    it('refuses an impossible day (2018-02-30) and other non-dates', async () => {
      for (const birthDate of ['2018-02-30', '2021-13-01', '2023-02-29', '10/04/2014', 'hier']) {
        const err = expectUnreadableValue(await add({ ...valid, birthDate }), 'i.birthDate');
        expect(err.message).toContain('Date invalide');
      }
    });

    it('refuses an impossible day written in the document itself', async () => {
      const res = await app.gql(`mutation { addChild(input: { firstName: "Lina", lastName: "MARTIN", birthDate: "2018-02-30" }) { id } }`, {}, { token: family.token });
      const err = expectError(res, 'BAD_USER_INPUT');
      expect(err.message).toContain('Date invalide');
      expect(err.message).toContain('2018-02-30');
    });

    it('refuses a birth date in the future (tomorrow already)', async () => {
      expectInvalidField(await add({ ...valid, birthDate: addDays(parisToday(), 1) }), 'birthDate', /futur/);
      expectInvalidField(await add({ ...valid, birthDate: shiftMonths(parisToday(), 24) }), 'birthDate', /futur/);
    });

    it('refuses a birth date 30 years ago (a typing error)', async () => {
      expectInvalidField(await add({ ...valid, birthDate: shiftMonths(parisToday(), -30 * 12) }), 'birthDate', /trop ancienne/);
    });

    it('refuses an unknown diet', async () => {
      expectUnreadableValue(await add({ ...valid, diet: 'SANS_GLUTEN' }), 'i.diet');
      expectUnreadableValue(await add({ ...valid, diet: 'standard' }), 'i.diet');
    });

    it('refuses a missing name or birth date', async () => {
      expectError(await add({ lastName: 'MARTIN', birthDate: '2016-05-04' }), 'BAD_USER_INPUT');
      expectError(await add({ firstName: 'Lina', lastName: 'MARTIN' }), 'BAD_USER_INPUT');
    });

    it('refuses a field the contract does not name', async () => {
      expectError(await add({ ...valid, familyId: neighbour.familyId }), 'BAD_USER_INPUT');
    });
  });

  describe('updateChild', () => {
    let childId: string;
    beforeAll(async () => {
      childId = (await addChild(app, family.token, { firstName: 'Tom', lastName: 'DEMO', birthDate: '2015-06-15', school: 'Ecole A', grade: 'CP', allergies: 'Lait' })).id;
    }, HOOK_TIMEOUT);

    it('changes only the fields given', async () => {
      const res = await update({ id: childId, grade: 'CE1', diet: 'VEGETARIAN' });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateChild).toMatchObject({
        id: childId,
        firstName: 'Tom',
        lastName: 'DEMO',
        birthDate: '2015-06-15',
        school: 'Ecole A',
        grade: 'CE1',
        diet: 'VEGETARIAN',
        allergies: 'Lait',
      });
      const res2 = await update({ id: childId, firstName: ' Thomas ', lastName: 'DÉMO', birthDate: '2015-06-16', school: 'Ecole B' });
      expect(res2.data.updateChild).toMatchObject({ firstName: 'Thomas', lastName: 'DÉMO', birthDate: '2015-06-16', school: 'Ecole B', grade: 'CE1', diet: 'VEGETARIAN' });
      expect((await app.ok(C.child, { id: childId }, { token: family.token })).child).toMatchObject({ firstName: 'Thomas', school: 'Ecole B', grade: 'CE1' });
    });

    it('clears school, grade and allergies with null', async () => {
      const res = await update({ id: childId, school: null, grade: null, allergies: null });
      expect(res.data.updateChild).toMatchObject({ school: null, grade: null, allergies: null });
      expect((await rowOf(childId)).allergies_encrypted).toBeNull();
      await update({ id: childId, school: 'Ecole B', grade: 'CE1', allergies: 'Lait' });
    });

    it.each([
      [{ firstName: '' }, 'firstName'],
      [{ firstName: '   ' }, 'firstName'],
      [{ lastName: ' ' }, 'lastName'],
      [{ firstName: 'x'.repeat(101) }, 'firstName'],
      [{ lastName: 'x'.repeat(101) }, 'lastName'],
      [{ birthDate: 'TOMORROW' }, 'birthDate'],
      [{ birthDate: 'THIRTY_YEARS_AGO' }, 'birthDate'],
    ])('refuses %j naming %s, and changes nothing', async (changes, field) => {
      const before = await rowOf(childId);
      const input: Record<string, unknown> = { id: childId, grade: 'CM2', ...changes };
      if (input.birthDate === 'TOMORROW') input.birthDate = addDays(parisToday(), 1);
      if (input.birthDate === 'THIRTY_YEARS_AGO') input.birthDate = shiftMonths(parisToday(), -360);
      expectInvalidField(await update(input), field);
      expect(await rowOf(childId)).toEqual(before);
    });

    it('refuses an impossible day and an unknown diet, and changes nothing', async () => {
      const before = await rowOf(childId);
      expectUnreadableValue(await update({ id: childId, grade: 'CM2', birthDate: '2018-02-30' }), 'i.birthDate');
      expectUnreadableValue(await update({ id: childId, grade: 'CM2', diet: 'HALAL' }), 'i.diet');
      expect(await rowOf(childId)).toEqual(before);
    });

    it('refuses an id that is not one', async () => {
      expectInvalidField(await update({ id: 'pas-un-id', grade: 'CM2' }), 'id');
    });

    it('lets the commune staff correct a child', async () => {
      const res = await update({ id: childId, grade: 'CE2' }, staffToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.updateChild).toMatchObject({ id: childId, grade: 'CE2', firstName: 'Thomas' });
      expect((await app.ok(C.child, { id: childId }, { token: family.token })).child.grade).toBe('CE2');
    });
  });

  describe('the same child twice', () => {
    it('is refused on add, accents and case aside, with a French message; another birth date or another family is fine', async () => {
      const first = await add({ firstName: 'Chloé', lastName: 'Dubois', birthDate: '2016-02-29' });
      expect(first.errors).toBeUndefined();
      const count = await childrenOf(family.familyId);
      const again = expectError(await add({ firstName: ' CHLOE ', lastName: 'dubois', birthDate: '2016-02-29' }), 'CONFLICT', 'CHILD_EXISTS');
      expect(again.message).toBe('CHLOE dubois, né(e) le 29/02/2016, est déjà enregistré(e) dans votre famille.');
      expect(again.extensions.field).toBe('firstName');
      expect(await childrenOf(family.familyId)).toBe(count);
      // A twin born the same day has another first name; a namesake another birth date.
      expect((await add({ firstName: 'Chloé', lastName: 'Dubois', birthDate: '2017-02-28' })).errors).toBeUndefined();
      expect((await add({ firstName: 'Chloé', lastName: 'Dubois', birthDate: '2016-02-29' }, neighbour.token)).errors).toBeUndefined();
    });

    it('is refused on modify (staff or family): nothing changes', async () => {
      const a = (await add({ firstName: 'Noé', lastName: 'Petit', birthDate: '2018-06-01' })).data.addChild;
      const b = (await add({ firstName: 'Noa', lastName: 'Petit', birthDate: '2018-06-01' })).data.addChild;
      expectError(await update({ id: b.id, firstName: 'noe' }), 'CONFLICT', 'CHILD_EXISTS');
      expectError(await update({ id: b.id, firstName: 'Noe' }, staffToken), 'CONFLICT', 'CHILD_EXISTS');
      expect((await rowOf(b.id)).first_name).toBe('Noa');
      // Saving a child unchanged, or with a new class, is not a duplicate of itself.
      expect((await update({ id: a.id, firstName: 'Noé', grade: 'CP' })).errors).toBeUndefined();
    });
  });

  describe('allergies / PAI: health data', () => {
    const note = 'Allergie sévère aux fruits à coque — PAI signé';
    let childId: string;
    beforeAll(async () => {
      childId = (await addChild(app, family.token, { firstName: 'Santé', allergies: note })).id;
    }, HOOK_TIMEOUT);

    it('is stored encrypted: the clear text is nowhere in the child row', async () => {
      const row = await rowOf(childId);
      expect(row.allergies_encrypted).toEqual(expect.any(String));
      expect(row.allergies_encrypted).not.toContain(note);
      expect(row.allergies_encrypted).not.toContain('fruits à coque');
      expect(row.allergies_encrypted).not.toContain(Buffer.from(note).toString('base64'));
      expect(JSON.stringify(row)).not.toContain('coque');
      // Each write has its own IV: the same note encrypts differently.
      const twin = await addChild(app, family.token, { firstName: 'Jumeau', allergies: note });
      expect((await rowOf(twin.id)).allergies_encrypted).not.toBe(row.allergies_encrypted);
    });

    it('stays encrypted after a change', async () => {
      const changed = 'Œufs, PAI à renouveler';
      expect((await app.ok(C.updateChild, { i: { id: childId, allergies: changed } }, { token: family.token })).updateChild.allergies).toBe(changed);
      const row = await rowOf(childId);
      expect(row.allergies_encrypted).not.toContain('Œufs');
      expect(row.allergies_encrypted).not.toContain('PAI');
      await app.ok(C.updateChild, { i: { id: childId, allergies: note } }, { token: family.token });
    });

    it('is shown to the family', async () => {
      expect((await app.ok(C.child, { id: childId }, { token: family.token })).child.allergies).toBe(note);
      expect((await app.ok(C.myChildren, {}, { token: family.token })).myChildren.find((c: any) => c.id === childId).allergies).toBe(note);
    });

    it("is shown to its commune's staff and admin", async () => {
      expect((await app.ok(C.child, { id: childId }, { token: staffToken })).child.allergies).toBe(note);
      expect((await app.ok(C.child, { id: childId }, { token: adminToken })).child.allergies).toBe(note);
      const fam = (await app.ok(C.family, { id: family.familyId }, { token: staffToken })).family;
      expect(fam.children.find((c: any) => c.id === childId).allergies).toBe(note);
    });

    it('is not shown to another family or to another commune', async () => {
      expectSameNotFound(await getChild(childId, neighbour.token), await getChild(randomId(), neighbour.token));
      expectSameNotFound(await getChild(childId, otherStaffToken), await getChild(randomId(), otherStaffToken));
    });
  });

  describe('somebody else’s child answers like no child at all', () => {
    let childId: string;
    let before: any;
    beforeAll(async () => {
      childId = (await addChild(app, family.token, { firstName: 'Privé', allergies: 'secret' })).id;
      before = await rowOf(childId);
    }, HOOK_TIMEOUT);
    afterAll(async () => {
      expect(await rowOf(childId)).toEqual(before);
    });

    it('another family: child and updateChild → NOT_FOUND, exactly as for a random id', async () => {
      expectSameNotFound(await getChild(childId, neighbour.token), await getChild(randomId(), neighbour.token));
      expectSameNotFound(await update({ id: childId, firstName: 'Volé' }, neighbour.token), await update({ id: randomId(), firstName: 'Volé' }, neighbour.token));
      expect((await app.ok(C.myChildren, {}, { token: neighbour.token })).myChildren.map((c: any) => c.id)).not.toContain(childId);
    });

    it("another commune's staff: child and updateChild → NOT_FOUND, exactly as for a random id", async () => {
      expectSameNotFound(await getChild(childId, otherStaffToken), await getChild(randomId(), otherStaffToken));
      expectSameNotFound(await update({ id: childId, grade: 'CM1' }, otherStaffToken), await update({ id: randomId(), grade: 'CM1' }, otherStaffToken));
    });

    it('an id that is not a uuid is refused as such', async () => {
      const err = expectError(await getChild('123', family.token), 'BAD_USER_INPUT');
      expect(err.extensions.field).toBe('id');
    });
  });

  describe('roles', () => {
    it('a family calling staff-only operations → FORBIDDEN', async () => {
      expectError(await app.gql(C.families, {}, { token: family.token }), 'FORBIDDEN');
      expectError(await app.gql(C.family, { id: family.familyId }, { token: family.token }), 'FORBIDDEN');
      expectError(await app.gql(C.registrations, {}, { token: family.token }), 'FORBIDDEN');
      expectError(await app.gql(C.createEstablishment, { i: { name: 'Mon école' } }, { token: family.token }), 'FORBIDDEN');
    });

    it('staff have no children of their own: myChildren and addChild → FORBIDDEN, nothing saved', async () => {
      const before = await countRows(app, `SELECT 1 FROM child`);
      expectError(await app.gql(C.myChildren, {}, { token: staffToken }), 'FORBIDDEN');
      expectError(await add({ firstName: 'Agent', lastName: 'JUNIOR', birthDate: '2015-01-01' }, staffToken), 'FORBIDDEN');
      expectError(await add({ firstName: 'Admin', lastName: 'JUNIOR', birthDate: '2015-01-01' }, adminToken), 'FORBIDDEN');
      expect(await countRows(app, `SELECT 1 FROM child`)).toBe(before);
    });

    it('anonymous callers → UNAUTHENTICATED', async () => {
      expectError(await app.gql(C.myChildren, {}, { commune: 'ENFANTVILLE' }), 'UNAUTHENTICATED');
      expectError(await app.gql(C.addChild, { i: { firstName: 'A', lastName: 'B', birthDate: '2015-01-01' } }, { commune: 'ENFANTVILLE' }), 'UNAUTHENTICATED');
    });
  });
});
