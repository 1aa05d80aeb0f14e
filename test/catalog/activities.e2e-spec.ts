import { addDays, isoWeekday } from '../../src/common/dates/local-date';
import {
  C,
  communeWithStaff,
  countRows,
  createActivity,
  createEstablishment,
  expectError,
  expectInvalidField,
  expectSameNotFound,
  expectUnreadableValue,
  parisToday,
  randomId,
  schoolYearOf,
  HOOK_TIMEOUT,
} from '../helpers/catalog';
import { TestApp } from '../helpers/test-app';

/** The guide's canteen year: 2 September 2021 – 7 July 2022, Monday, Tuesday, Thursday, Friday. */
const GUIDE_YEAR = {
  name: 'RESTAURATION SCOLAIRE 2021-2022',
  schoolYear: '2021-2022',
  startDate: '2021-09-02',
  endDate: '2022-07-07',
  weekdays: [1, 2, 4, 5],
  bookingOpensOn: '2021-08-25',
  bookingClosesOn: '2022-06-30',
  modificationLeadDays: 15,
  dailyCapacity: 120,
  mealPriceCents: 340,
  autoAccept: true,
};

/** Public holidays of that year on its service days, with their French names. */
const GUIDE_HOLIDAYS = [
  { from: '2021-11-01', to: '2021-11-01', label: 'Toussaint' },
  { from: '2021-11-11', to: '2021-11-11', label: 'Armistice 1918' },
  { from: '2022-04-18', to: '2022-04-18', label: 'Lundi de Pâques' },
  { from: '2022-05-26', to: '2022-05-26', label: 'Ascension' },
  { from: '2022-06-06', to: '2022-06-06', label: 'Lundi de Pentecôte' },
];

/** Staff configure the catalog: establishments, activities, closures, day capacities. */
describe('activities (staff catalog)', () => {
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let otherStaffToken: string;
  let family: { token: string };
  let otherFamily: { token: string };
  let schoolId: string;
  let otherSchoolId: string;

  const activityCount = () => countRows(app, `SELECT 1 FROM activity`);
  const activityRow = async (id: string) => (await app.dataSource.query(`SELECT * FROM activity WHERE id = $1`, [id]))[0];
  const dayRow = async (activityId: string, date: string) =>
    (await app.dataSource.query(`SELECT date::text AS date, capacity_override, booked, held FROM activity_day WHERE activity_id = $1 AND date = $2`, [activityId, date]))[0];
  const create = (input: Record<string, unknown>, token = staffToken) => app.gql(C.createActivity, { i: input }, { token });
  const update = (input: Record<string, unknown>, token = staffToken) => app.gql(C.updateActivity, { i: input }, { token });
  const addClosure = (input: Record<string, unknown>, token = staffToken) => app.gql(C.addClosure, { i: input }, { token });
  const setCapacity = (input: Record<string, unknown>, token = staffToken) => app.gql(C.setDayCapacity, { i: input }, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    const a = await communeWithStaff(app, 'CANTINEVILLE');
    staffToken = a.staffToken;
    adminToken = a.adminToken;
    const b = await communeWithStaff(app, 'AUTREVILLE');
    otherStaffToken = b.staffToken;
    family = await app.family('CANTINEVILLE', staffToken, { email: 'famille@cantineville.test' });
    otherFamily = await app.family('AUTREVILLE', otherStaffToken, { email: 'famille@autreville.test' });
    schoolId = (await createEstablishment(app, staffToken, 'Ecole Louis Gauthier')).id;
    otherSchoolId = (await createEstablishment(app, otherStaffToken, 'Ecole Louis Gauthier')).id;
  }, HOOK_TIMEOUT);
  afterAll(() => app.stop());

  describe('createEstablishment', () => {
    it('STAFF and ADMIN create establishments, trimmed', async () => {
      const res = await app.gql(C.createEstablishment, { i: { name: '  RESTAURANT DE LA MARIANNE ', address: ' 2 rue de la Marianne ' } }, { token: staffToken });
      expect(res.errors).toBeUndefined();
      expect(res.data.createEstablishment).toEqual({ id: expect.any(String), name: 'RESTAURANT DE LA MARIANNE', address: '2 rue de la Marianne' });
      const byAdmin = await app.ok(C.createEstablishment, { i: { name: 'RESTAURATION SCOLAIRE' } }, { token: adminToken });
      expect(byAdmin.createEstablishment).toEqual({ id: expect.any(String), name: 'RESTAURATION SCOLAIRE', address: null });
    });

    it('refuses a second establishment of the same name in the commune (CONFLICT), not in another commune', async () => {
      const before = await countRows(app, `SELECT 1 FROM establishment`);
      const err = expectError(await app.gql(C.createEstablishment, { i: { name: 'Ecole Louis Gauthier' } }, { token: staffToken }), 'CONFLICT', 'ESTABLISHMENT_EXISTS');
      expect(err.extensions.field).toBe('name');
      expect(await countRows(app, `SELECT 1 FROM establishment`)).toBe(before);
    });

    it('refuses a blank or too long name, naming the field', async () => {
      expectInvalidField(await app.gql(C.createEstablishment, { i: { name: '   ' } }, { token: staffToken }), 'name');
      expectInvalidField(await app.gql(C.createEstablishment, { i: { name: 'E'.repeat(201) } }, { token: staffToken }), 'name');
      expectInvalidField(await app.gql(C.createEstablishment, { i: { name: 'Ecole', address: 'a'.repeat(301) } }, { token: staffToken }), 'address');
    });
  });

  describe('createActivity', () => {
    it('creates the guide’s activity with every setting, its establishment and its holidays', async () => {
      const res = await create({ ...GUIDE_YEAR, establishmentId: schoolId, weekdays: [5, 1, 4, 2] });
      expect(res.errors).toBeUndefined();
      expect(res.data.createActivity).toEqual({
        id: expect.any(String),
        ...GUIDE_YEAR,
        establishment: { id: schoolId, name: 'Ecole Louis Gauthier', address: '1 rue des Écoles' },
        weekdays: [1, 2, 4, 5],
        closures: GUIDE_HOLIDAYS,
      });
      expect(await activityRow(res.data.createActivity.id)).toMatchObject({ daily_capacity: 120, meal_price_cents: 340, auto_accept: true, modification_lead_days: 15 });
    });

    it('takes an activity without an opening day (bookings open at once) and one waiting for staff', async () => {
      const a = await createActivity(app, staffToken, schoolId, { name: 'ACCUEIL DU MERCREDI', weekdays: [3], bookingOpensOn: null, autoAccept: false });
      expect(a).toMatchObject({ bookingOpensOn: null, autoAccept: false, weekdays: [3] });
    });

    describe('refuses inconsistent settings, naming the field, and saves nothing', () => {
      let before: number;
      beforeEach(async () => {
        before = await activityCount();
      });
      afterEach(async () => {
        expect(await activityCount()).toBe(before);
      });

      it.each([
        ['no service weekday', { weekdays: [] }, 'weekdays', /au moins un jour/],
        ['weekday 0', { weekdays: [0, 1] }, 'weekdays', /1 \(lundi\) à 7 \(dimanche\)/],
        ['weekday 8', { weekdays: [1, 8] }, 'weekdays', /1 \(lundi\) à 7 \(dimanche\)/],
        ['a repeated weekday', { weekdays: [1, 2, 2] }, 'weekdays', /répété/],
        ['an end before the start', { startDate: '2021-09-02', endDate: '2021-09-01' }, 'endDate', /date de fin/],
        ['bookings closing before they open', { bookingOpensOn: '2021-08-25', bookingClosesOn: '2021-08-24' }, 'bookingClosesOn', /fermeture des réservations/],
        ['bookings opening after the end', { bookingOpensOn: '2022-07-08', bookingClosesOn: '2022-07-09' }, 'bookingOpensOn', /ouvrir avant la fin/],
        ['a negative lead time', { modificationLeadDays: -1 }, 'modificationLeadDays', /négatif/],
        ['a negative capacity', { dailyCapacity: -1 }, 'dailyCapacity', /négative/],
        ['a negative price', { mealPriceCents: -1 }, 'mealPriceCents', /négatif/],
        ['a blank name', { name: '  ' }, 'name', /obligatoire/],
        ['a school year written otherwise', { schoolYear: '2021/22' }, 'schoolYear', /2021-2022/],
      ])('%s', async (_what, over, field, message) => {
        expectInvalidField(await create({ ...GUIDE_YEAR, establishmentId: schoolId, ...over }), field, message);
      });

      it('an impossible day', async () => {
        expectUnreadableValue(await create({ ...GUIDE_YEAR, establishmentId: schoolId, startDate: '2021-02-30' }), 'i.startDate');
        expectUnreadableValue(await create({ ...GUIDE_YEAR, establishmentId: schoolId, bookingClosesOn: '2022-06-31' }), 'i.bookingClosesOn');
      });

      it("another commune's establishment → NOT_FOUND, like a random one", async () => {
        expectSameNotFound(await create({ ...GUIDE_YEAR, establishmentId: otherSchoolId }), await create({ ...GUIDE_YEAR, establishmentId: randomId() }));
      });
    });
  });

  describe('updateActivity', () => {
    let id: string;
    beforeAll(async () => {
      id = (await createActivity(app, staffToken, schoolId, { ...GUIDE_YEAR, name: 'A MODIFIER' })).id;
    }, HOOK_TIMEOUT);

    it('changes only what is given', async () => {
      const res = await update({ id, name: ' RESTAURATION SCOLAIRE ', mealPriceCents: 355, autoAccept: false, weekdays: [4, 1] });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateActivity).toEqual({
        id,
        ...GUIDE_YEAR,
        name: 'RESTAURATION SCOLAIRE',
        mealPriceCents: 355,
        autoAccept: false,
        weekdays: [1, 4],
        establishment: { id: schoolId, name: 'Ecole Louis Gauthier', address: '1 rue des Écoles' },
        closures: GUIDE_HOLIDAYS.filter((h) => [1, 4].includes(isoWeekday(h.from))),
      });
      const res2 = await update({ id, endDate: '2022-06-30', bookingClosesOn: '2022-06-15', modificationLeadDays: 7, dailyCapacity: 80, weekdays: [1, 2, 4, 5] });
      expect(res2.data.updateActivity).toMatchObject({ endDate: '2022-06-30', bookingClosesOn: '2022-06-15', modificationLeadDays: 7, dailyCapacity: 80, mealPriceCents: 355 });
    });

    it.each([
      ['an end before the start', { endDate: '2021-09-01' }, 'endDate'],
      ['a start after the end', { startDate: '2022-07-01' }, 'endDate'],
      ['bookings closing before they open', { bookingClosesOn: '2021-08-01' }, 'bookingClosesOn'],
      ['no weekday', { weekdays: [] }, 'weekdays'],
      ['weekday 0', { weekdays: [0] }, 'weekdays'],
      ['weekday 8', { weekdays: [8] }, 'weekdays'],
      ['a negative lead time', { modificationLeadDays: -2 }, 'modificationLeadDays'],
      ['a negative capacity', { dailyCapacity: -5 }, 'dailyCapacity'],
      ['a negative price', { mealPriceCents: -340 }, 'mealPriceCents'],
      ['a blank name', { name: ' ' }, 'name'],
    ])('refuses %s and changes nothing', async (_what, changes, field) => {
      const before = await activityRow(id);
      expectInvalidField(await update({ id, ...changes }), field);
      expect(await activityRow(id)).toEqual(before);
    });

    it("another commune's activity → NOT_FOUND like a random id, unchanged", async () => {
      const theirs = await createActivity(app, otherStaffToken, otherSchoolId, GUIDE_YEAR);
      const before = await activityRow(theirs.id);
      expectSameNotFound(await update({ id: theirs.id, name: 'PIRATÉ' }), await update({ id: randomId(), name: 'PIRATÉ' }));
      expect(await activityRow(theirs.id)).toEqual(before);
    });
  });

  describe('closures', () => {
    let id: string;
    beforeAll(async () => {
      id = (await createActivity(app, staffToken, schoolId, { ...GUIDE_YEAR, name: 'FERMETURES' })).id;
    }, HOOK_TIMEOUT);

    it('lists staff closures and the public holidays of service days with their French names, in date order', async () => {
      const res = await addClosure({ activityId: id, from: '2021-10-23', to: '2021-11-07', label: ' Vacances de la Toussaint ' });
      expect(res.errors).toBeUndefined();
      await addClosure({ activityId: id, from: '2022-01-20', to: '2022-01-20', label: 'Grève' });
      const expected = [{ from: '2021-10-23', to: '2021-11-07', label: 'Vacances de la Toussaint' }, ...GUIDE_HOLIDAYS, { from: '2022-01-20', to: '2022-01-20', label: 'Grève' }].sort((a, b) =>
        a.from.localeCompare(b.from),
      );
      const last = await addClosure({ activityId: id, from: '2021-12-18', to: '2022-01-02', label: 'Vacances de Noël' });
      expected.push({ from: '2021-12-18', to: '2022-01-02', label: 'Vacances de Noël' });
      expected.sort((a, b) => a.from.localeCompare(b.from));
      expect(last.data.addClosure).toEqual({ id, closures: expected });
      const listed = (await app.ok(C.activities, {}, { token: family.token })).activities.find((a: any) => a.id === id);
      expect(listed.closures).toEqual(expected);
      // Saturday 25 December, Saturday 1 January, Sunday 1 and 8 May are no service days: not listed.
      for (const day of ['2021-12-25', '2022-01-01', '2022-05-01', '2022-05-08']) expect(listed.closures.map((c: any) => c.from)).not.toContain(day);
    });

    it('refuses a closure ending before it starts or without a label, and saves nothing', async () => {
      const before = await countRows(app, `SELECT 1 FROM activity_closure`);
      expectInvalidField(await addClosure({ activityId: id, from: '2022-02-10', to: '2022-02-09', label: 'Vacances' }), 'to');
      expectInvalidField(await addClosure({ activityId: id, from: '2022-02-10', to: '2022-02-11', label: '   ' }), 'label');
      expectUnreadableValue(await addClosure({ activityId: id, from: '2022-02-30', to: '2022-03-01', label: 'Vacances' }), 'i.from');
      expect(await countRows(app, `SELECT 1 FROM activity_closure`)).toBe(before);
    });

    it("another commune's activity → NOT_FOUND like a random id", async () => {
      const theirs = await createActivity(app, otherStaffToken, otherSchoolId, GUIDE_YEAR);
      const input = { from: '2021-12-01', to: '2021-12-02', label: 'Piratage' };
      expectSameNotFound(await addClosure({ ...input, activityId: theirs.id }), await addClosure({ ...input, activityId: randomId() }));
      expect(await countRows(app, `SELECT 1 FROM activity_closure WHERE activity_id = $1`, [theirs.id])).toBe(0);
    });
  });

  describe('day capacity', () => {
    let id: string;
    beforeAll(async () => {
      id = (await createActivity(app, staffToken, schoolId, { ...GUIDE_YEAR, name: 'CAPACITES', dailyCapacity: 10 })).id;
      await app.ok(C.addClosure, { i: { activityId: id, from: '2021-10-23', to: '2021-11-07', label: 'Vacances de la Toussaint' } }, { token: staffToken });
    }, HOOK_TIMEOUT);

    it('sets a service day’s own capacity', async () => {
      const res = await setCapacity({ activityId: id, date: '2021-09-09', capacity: 25 });
      expect(res.errors).toBeUndefined();
      expect(res.data.setDayCapacity).toEqual({ date: '2021-09-09', capacity: 25, booked: 0, pending: 0 });
      expect(await dayRow(id, '2021-09-09')).toEqual({ date: '2021-09-09', capacity_override: 25, booked: 0, held: 0 });
      // Again, lower: nothing is taken yet.
      expect((await app.ok(C.setDayCapacity, { i: { activityId: id, date: '2021-09-09', capacity: 4 } }, { token: staffToken })).setDayCapacity.capacity).toBe(4);
      expect((await dayRow(id, '2021-09-09')).capacity_override).toBe(4);
    });

    it.each([
      ['a Wednesday', '2021-09-08'],
      ['a Saturday', '2021-09-11'],
      ['a public holiday (11 November)', '2021-11-11'],
      ['a day of a staff closure', '2021-10-25'],
      ['the day before the start', '2021-09-01'],
      ['the day after the end', '2022-07-08'],
    ])('refuses %s: not a service day, nothing saved', async (_what, date) => {
      const err = expectError(await setCapacity({ activityId: id, date, capacity: 5 }), 'BAD_USER_INPUT', 'NOT_A_SERVICE_DAY');
      expect(err.extensions.field).toBe('date');
      expect((await dayRow(id, date))?.capacity_override ?? null).toBeNull(); // every day has its counter row; none got its own capacity
    });

    it('refuses a negative capacity, naming the field', async () => {
      expectInvalidField(await setCapacity({ activityId: id, date: '2021-09-10', capacity: -1 }), 'capacity');
      expect((await dayRow(id, '2021-09-10'))?.capacity_override ?? null).toBeNull(); // every day has its counter row; none got its own capacity
    });

    it('never goes below the seats already taken: CONFLICT CAPACITY_BELOW_TAKEN, value unchanged', async () => {
      await app.ok(C.setDayCapacity, { i: { activityId: id, date: '2021-09-13', capacity: 8 } }, { token: staffToken });
      await app.dataSource.query(`UPDATE activity_day SET booked = 3 WHERE activity_id = $1 AND date = '2021-09-13'`, [id]);
      const err = expectError(await setCapacity({ activityId: id, date: '2021-09-13', capacity: 2 }), 'CONFLICT', 'CAPACITY_BELOW_TAKEN');
      expect(err.extensions.field).toBe('capacity');
      expect(err.message).toContain('3');
      expect(await dayRow(id, '2021-09-13')).toEqual({ date: '2021-09-13', capacity_override: 8, booked: 3, held: 0 });
      expectError(await setCapacity({ activityId: id, date: '2021-09-13', capacity: 0 }), 'CONFLICT', 'CAPACITY_BELOW_TAKEN');
      // Exactly the seats taken is fine.
      expect((await app.ok(C.setDayCapacity, { i: { activityId: id, date: '2021-09-13', capacity: 3 } }, { token: staffToken })).setDayCapacity).toEqual({
        date: '2021-09-13',
        capacity: 3,
        booked: 3,
        pending: 0,
      });
    });

    it('counts seats held by requests awaiting a decision as taken', async () => {
      await app.ok(C.setDayCapacity, { i: { activityId: id, date: '2021-09-14', capacity: 9 } }, { token: staffToken });
      await app.dataSource.query(`UPDATE activity_day SET booked = 3, held = 2 WHERE activity_id = $1 AND date = '2021-09-14'`, [id]);
      expectError(await setCapacity({ activityId: id, date: '2021-09-14', capacity: 4 }), 'CONFLICT', 'CAPACITY_BELOW_TAKEN');
      expect((await dayRow(id, '2021-09-14')).capacity_override).toBe(9);
      expect((await app.ok(C.setDayCapacity, { i: { activityId: id, date: '2021-09-14', capacity: 5 } }, { token: staffToken })).setDayCapacity).toEqual({
        date: '2021-09-14',
        capacity: 5,
        booked: 3,
        pending: 2,
      });
    });

    it('updateActivity never lowers the daily capacity below a day’s taken seats: CONFLICT, unchanged', async () => {
      // A day on the activity's default capacity (no override of its own) with 6 seats taken.
      await app.dataSource.query(`UPDATE activity_day SET booked = 5, held = 1 WHERE activity_id = $1 AND date = '2021-09-16'`, [id]);
      const before = await activityRow(id);
      const err = expectError(await update({ id, dailyCapacity: 5 }), 'CONFLICT', 'CAPACITY_BELOW_TAKEN');
      expect(err.extensions.field).toBe('dailyCapacity');
      expect(err.message).toContain('2021-09-16');
      expect(await activityRow(id)).toEqual(before);
      expect((await activityRow(id)).daily_capacity).toBe(10);
      // Not even together with another change: nothing of it is saved.
      expectError(await update({ id, dailyCapacity: 0, mealPriceCents: 999 }), 'CONFLICT', 'CAPACITY_BELOW_TAKEN');
      expect(await activityRow(id)).toEqual(before);
      // Down to the seats taken is fine; days with their own capacity (5 taken on 14/09, own 5) are not concerned.
      expect((await app.ok(C.updateActivity, { i: { id, dailyCapacity: 6 } }, { token: staffToken })).updateActivity.dailyCapacity).toBe(6);
    });

    it("another commune's activity → NOT_FOUND like a random id", async () => {
      const theirs = await createActivity(app, otherStaffToken, otherSchoolId, GUIDE_YEAR);
      const input = { date: '2021-09-09', capacity: 1 };
      expectSameNotFound(await setCapacity({ ...input, activityId: theirs.id }), await setCapacity({ ...input, activityId: randomId() }));
      expect((await dayRow(theirs.id, '2021-09-09'))?.capacity_override ?? null).toBeNull(); // every day has its counter row; none got its own capacity
    });
  });

  describe('activities: who sees what', () => {
    it("a family sees its commune's activities only, including one of this school year", async () => {
      const today = parisToday();
      const current = await createActivity(app, staffToken, schoolId, { name: 'CANTINE DE CETTE ANNEE' });
      expect(current).toMatchObject({ schoolYear: schoolYearOf(today), startDate: addDays(today, -30), endDate: addDays(today, 300) });
      const theirs = await createActivity(app, otherStaffToken, otherSchoolId, { name: 'CANTINE AILLEURS' });

      const ours = (await app.ok(C.activities, {}, { token: family.token })).activities as any[];
      const ourIds = (await app.dataSource.query(`SELECT a.id FROM activity a JOIN commune c ON c.id = a.commune_id WHERE c.code = 'CANTINEVILLE'`)).map((r: any) => r.id);
      expect(ours.map((a) => a.id).sort()).toEqual([...ourIds].sort());
      expect(ours.map((a) => a.id)).not.toContain(theirs.id);
      expect(ours.find((a) => a.id === current.id)).toEqual(current);
      // Most recent first (by start date), then by name.
      const order = ours.map((a) => `${a.startDate}|${a.name}`);
      const expectedOrder = [...order].sort((x, y) => (x.slice(0, 10) === y.slice(0, 10) ? x.localeCompare(y) : y.localeCompare(x)));
      expect(order).toEqual(expectedOrder);
      expect(ours[0].startDate).toBe(addDays(today, -30));

      const seenThere = (await app.ok(C.activities, {}, { token: otherFamily.token })).activities as any[];
      expect(seenThere.map((a) => a.id)).toContain(theirs.id);
      expect(seenThere.map((a) => a.id)).not.toContain(current.id);
      const staffThere = (await app.ok(C.activities, {}, { token: otherStaffToken })).activities as any[];
      expect(staffThere.map((a) => a.id).sort()).toEqual(seenThere.map((a) => a.id).sort());
    });

    it('the holidays of an activity of this school year are public holidays on its service days, within its dates', async () => {
      const current = await createActivity(app, staffToken, schoolId, { name: 'CANTINE FERIES', weekdays: [1, 2, 3, 4, 5] });
      for (const c of current.closures) {
        expect(c.from).toBe(c.to);
        expect(c.from >= current.startDate && c.from <= current.endDate).toBe(true);
        expect(isoWeekday(c.from)).toBeLessThanOrEqual(5);
        expect([
          'Jour de l’an',
          'Lundi de Pâques',
          'Fête du Travail',
          'Victoire 1945',
          'Ascension',
          'Lundi de Pentecôte',
          'Fête nationale',
          'Assomption',
          'Toussaint',
          'Armistice 1918',
          'Noël',
        ]).toContain(c.label);
      }
      // Ten months of weekdays always hold some public holiday on a weekday.
      expect(current.closures.length).toBeGreaterThan(0);
    });

    it('anonymous callers → UNAUTHENTICATED', async () => {
      expectError(await app.gql(C.activities, {}, { commune: 'CANTINEVILLE' }), 'UNAUTHENTICATED');
    });
  });

  describe('roles', () => {
    it('a family calling the staff-only catalog operations → FORBIDDEN, nothing saved', async () => {
      const activityId = (await createActivity(app, staffToken, schoolId, { ...GUIDE_YEAR, name: 'INTOUCHABLE' })).id;
      const before = {
        establishments: await countRows(app, `SELECT 1 FROM establishment`),
        activities: await activityCount(),
        activity: await activityRow(activityId),
        closures: await countRows(app, `SELECT 1 FROM activity_closure`),
        days: await countRows(app, `SELECT 1 FROM activity_day`),
      };
      const t = family.token;
      expectError(await app.gql(C.createEstablishment, { i: { name: 'Ecole des parents' } }, { token: t }), 'FORBIDDEN');
      expectError(await create({ ...GUIDE_YEAR, establishmentId: schoolId }, t), 'FORBIDDEN');
      expectError(await update({ id: activityId, mealPriceCents: 0 }, t), 'FORBIDDEN');
      expectError(await addClosure({ activityId, from: '2021-09-09', to: '2021-09-10', label: 'Congé' }, t), 'FORBIDDEN');
      expectError(await setCapacity({ activityId, date: '2021-09-09', capacity: 1000 }, t), 'FORBIDDEN');
      expect({
        establishments: await countRows(app, `SELECT 1 FROM establishment`),
        activities: await activityCount(),
        activity: await activityRow(activityId),
        closures: await countRows(app, `SELECT 1 FROM activity_closure`),
        days: await countRows(app, `SELECT 1 FROM activity_day`),
      }).toEqual(before);
    });
  });
});
