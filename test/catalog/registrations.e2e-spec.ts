import { addDays } from '../../src/common/dates/local-date';
import {
  addChild,
  C,
  communeWithStaff,
  countRows,
  createActivity,
  createEstablishment,
  expectError,
  expectInvalidField,
  expectSameNotFound,
  parisToday,
  randomId,
  schoolYearOf,
  HOOK_TIMEOUT,
} from '../helpers/catalog';
import { TestApp } from '../helpers/test-app';

/** "Les inscriptions": a family registers a child to an activity; automatic or decided by staff. */
describe('registrations', () => {
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let otherStaffToken: string;
  let family: { token: string; familyId: string };
  let neighbour: { token: string; familyId: string };
  let schoolId: string;
  /** Runs this school year (relative to today), requests accepted at once. */
  let auto: { id: string; name: string };
  /** Runs this school year, requests wait for staff. */
  let decided: { id: string; name: string };
  let elsewhere: { id: string };
  let valentina: { id: string };
  let romeo: { id: string };
  let neighbourChild: { id: string };

  const register = (childId: string, activityId: string, token = family.token) => app.gql(C.registerChild, { i: { childId, activityId } }, { token });
  const decide = (registrationId: string, accept: boolean, reason?: string, token = staffToken) =>
    app.gql(C.decideRegistration, { i: { registrationId, accept, ...(reason !== undefined ? { reason } : {}) } }, { token });
  const registrationRow = async (id: string) => (await app.dataSource.query(`SELECT * FROM registration WHERE id = $1`, [id]))[0];
  const registrationsOf = (childId: string, activityId: string) => countRows(app, `SELECT 1 FROM registration WHERE child_id = $1 AND activity_id = $2`, [childId, activityId]);

  beforeAll(async () => {
    app = await TestApp.start();
    const a = await communeWithStaff(app, 'INSCRIVILLE');
    staffToken = a.staffToken;
    adminToken = a.adminToken;
    const b = await communeWithStaff(app, 'LOINVILLE');
    otherStaffToken = b.staffToken;
    family = await app.family('INSCRIVILLE', staffToken, { email: 'famille@inscriville.test', firstName: 'Claire', lastName: 'Test' });
    neighbour = await app.family('INSCRIVILLE', staffToken, { email: 'voisin@inscriville.test', firstName: 'Paul', lastName: 'Voisin' });
    schoolId = (await createEstablishment(app, staffToken, 'Ecole Louis Gauthier')).id;
    auto = await createActivity(app, staffToken, schoolId, { name: 'RESTAURATION SCOLAIRE', autoAccept: true });
    decided = await createActivity(app, staffToken, schoolId, { name: 'ACCUEIL DU SOIR', autoAccept: false });
    elsewhere = await createActivity(app, otherStaffToken, (await createEstablishment(app, otherStaffToken, 'Ecole de Loin')).id);
    valentina = await addChild(app, family.token, { firstName: 'Valentina', lastName: 'TEST', birthDate: '2014-04-10' });
    romeo = await addChild(app, family.token, { firstName: 'Romeo', lastName: 'TEST', birthDate: '2016-11-02' });
    neighbourChild = await addChild(app, neighbour.token, { firstName: 'Léo', lastName: 'VOISIN' });
  }, HOOK_TIMEOUT);
  afterAll(() => app.stop());

  describe('registerChild', () => {
    it('is ACCEPTED at once for an activity of this school year that accepts automatically', async () => {
      // An instant, not a calendar day: the server stamps `createdAt` on the real time (as the database's now()).
      const started = Date.now();
      const res = await register(valentina.id, auto.id);
      expect(res.errors).toBeUndefined();
      const reg = res.data.registerChild;
      expect(reg).toEqual({
        id: expect.any(String),
        state: 'ACCEPTED',
        createdAt: expect.any(String),
        reason: null,
        child: { id: valentina.id, firstName: 'Valentina', lastName: 'TEST' },
        activity: { id: auto.id, name: 'RESTAURATION SCOLAIRE', schoolYear: schoolYearOf(parisToday()) },
      });
      expect(Math.abs(Date.parse(reg.createdAt) - started)).toBeLessThan(60_000);
      expect((await registrationRow(reg.id)).decided_at).not.toBeNull();
      // The child card lists it.
      const child = (await app.ok(C.child, { id: valentina.id }, { token: family.token })).child;
      expect(child.registrations).toEqual([{ id: reg.id, state: 'ACCEPTED', activity: { id: auto.id } }]);
    });

    it('is PENDING for an activity waiting for staff, until staff accept it', async () => {
      const reg = (await app.ok(C.registerChild, { i: { childId: valentina.id, activityId: decided.id } }, { token: family.token })).registerChild;
      expect(reg).toMatchObject({ state: 'PENDING', reason: null });
      expect((await registrationRow(reg.id)).decided_at).toBeNull();

      const pending = (await app.ok(C.registrations, { activityId: decided.id, state: 'PENDING' }, { token: staffToken })).registrations;
      expect(pending.items.map((r: any) => r.id)).toEqual([reg.id]);

      const res = await decide(reg.id, true);
      expect(res.errors).toBeUndefined();
      expect(res.data.decideRegistration).toMatchObject({ id: reg.id, state: 'ACCEPTED', reason: null, child: { id: valentina.id } });
      const row = await registrationRow(reg.id);
      expect(row.decided_at).not.toBeNull();
      const [agent] = await app.dataSource.query(`SELECT id FROM account WHERE email = 'agent@inscriville.test'`);
      expect(row.decided_by).toBe(agent.id);
      const mine = (await app.ok(C.myRegistrations, {}, { token: family.token })).myRegistrations.items;
      expect(mine.find((r: any) => r.id === reg.id).state).toBe('ACCEPTED');
    });

    it('staff refuse with a reason the family can read', async () => {
      const reg = (await app.ok(C.registerChild, { i: { childId: romeo.id, activityId: decided.id } }, { token: family.token })).registerChild;
      expect(reg.state).toBe('PENDING');
      const res = await decide(reg.id, false, '  Plus de place le soir cette année. ', adminToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.decideRegistration).toMatchObject({ id: reg.id, state: 'REFUSED', reason: 'Plus de place le soir cette année.' });
      const mine = (await app.ok(C.myRegistrations, {}, { token: family.token })).myRegistrations.items;
      expect(mine.find((r: any) => r.id === reg.id)).toMatchObject({ state: 'REFUSED', reason: 'Plus de place le soir cette année.' });
    });

    it('a refusal needs its reason: none or blanks → BAD_USER_INPUT naming the field, still pending', async () => {
      const lina = await addChild(app, neighbour.token, { firstName: 'Lina', lastName: 'VOISIN', birthDate: '2017-05-20' });
      const reg = (await app.ok(C.registerChild, { i: { childId: lina.id, activityId: decided.id } }, { token: neighbour.token })).registerChild;
      for (const reason of [undefined, '', '   ']) {
        const res = await decide(reg.id, false, reason, adminToken);
        expectError(res, 'BAD_USER_INPUT', 'REASON_REQUIRED');
        expect(res.errors![0].extensions.field).toBe('reason');
        expect(res.errors![0].message).toBe('Indiquez le motif du refus : il est montré à la famille.');
      }
      expect((await registrationRow(reg.id)).state).toBe('PENDING');
      // Accepting needs none.
      expect((await decide(reg.id, true, undefined, adminToken)).data.decideRegistration.state).toBe('ACCEPTED');
    });

    it('deciding twice → CONFLICT, the first decision stays', async () => {
      const [accepted] = (await app.ok(C.registrations, { activityId: decided.id, state: 'ACCEPTED' }, { token: staffToken })).registrations.items;
      const [refused] = (await app.ok(C.registrations, { activityId: decided.id, state: 'REFUSED' }, { token: staffToken })).registrations.items;
      const before = [await registrationRow(accepted.id), await registrationRow(refused.id)];
      expectError(await decide(accepted.id, false, 'Finalement non'), 'CONFLICT', 'ALREADY_DECIDED');
      expectError(await decide(accepted.id, true), 'CONFLICT', 'ALREADY_DECIDED');
      expectError(await decide(refused.id, true), 'CONFLICT', 'ALREADY_DECIDED');
      expectError(await decide(refused.id, false, 'Encore non'), 'CONFLICT', 'ALREADY_DECIDED');
      expect([await registrationRow(accepted.id), await registrationRow(refused.id)]).toEqual(before);
      // An automatic acceptance is a decision too.
      const [autoReg] = (await app.ok(C.registrations, { activityId: auto.id }, { token: staffToken })).registrations.items;
      expectError(await decide(autoReg.id, false, 'Finalement non'), 'CONFLICT', 'ALREADY_DECIDED');
    });

    it('one registration per child and activity: a second one → CONFLICT, whatever the first became', async () => {
      expectError(await register(valentina.id, auto.id), 'CONFLICT', 'ALREADY_REGISTERED');
      expectError(await register(romeo.id, decided.id), 'CONFLICT', 'ALREADY_REGISTERED');
      expect(await registrationsOf(valentina.id, auto.id)).toBe(1);
      expect(await registrationsOf(romeo.id, decided.id)).toBe(1);
    });

    it("another family's child → NOT_FOUND like a random id, nothing saved", async () => {
      expectSameNotFound(await register(neighbourChild.id, auto.id), await register(randomId(), auto.id));
      expect(await registrationsOf(neighbourChild.id, auto.id)).toBe(0);
    });

    it("another commune's activity → NOT_FOUND like a random id, nothing saved", async () => {
      expectSameNotFound(await register(romeo.id, elsewhere.id), await register(romeo.id, randomId()));
      expect(await registrationsOf(romeo.id, elsewhere.id)).toBe(0);
    });

    it('an activity that ended yesterday is refused; one ending today is not (today in the commune)', async () => {
      const today = parisToday();
      const ended = await createActivity(app, staffToken, schoolId, {
        name: 'TERMINEE',
        startDate: addDays(today, -200),
        endDate: addDays(today, -1),
        bookingOpensOn: addDays(today, -210),
        bookingClosesOn: addDays(today, -8),
      });
      const err = expectError(await register(romeo.id, ended.id), 'BAD_USER_INPUT', 'ACTIVITY_ENDED');
      expect(err.extensions.field).toBe('activityId');
      expect(await registrationsOf(romeo.id, ended.id)).toBe(0);

      const lastDay = await createActivity(app, staffToken, schoolId, {
        name: 'DERNIER JOUR',
        startDate: addDays(today, -200),
        endDate: today,
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        bookingOpensOn: addDays(today, -210),
        bookingClosesOn: today,
      });
      expect((await app.ok(C.registerChild, { i: { childId: romeo.id, activityId: lastDay.id } }, { token: family.token })).registerChild.state).toBe('ACCEPTED');
    });

    it('an activity starting later this year can be registered to already', async () => {
      const today = parisToday();
      const later = await createActivity(app, staffToken, schoolId, {
        name: 'STAGE DE PRINTEMPS',
        startDate: addDays(today, 60),
        endDate: addDays(today, 90),
        bookingOpensOn: addDays(today, 30),
        bookingClosesOn: addDays(today, 50),
      });
      expect((await app.ok(C.registerChild, { i: { childId: valentina.id, activityId: later.id } }, { token: family.token })).registerChild.state).toBe('ACCEPTED');
    });

    it('refuses ids that are not ids, naming the field', async () => {
      expectInvalidField(await register('pas-un-id', auto.id), 'childId');
      expectInvalidField(await register(romeo.id, '42'), 'activityId');
    });

    it('staff do not register children themselves (FORBIDDEN); families do not decide (FORBIDDEN)', async () => {
      const romeoOnAuto = await registrationsOf(romeo.id, auto.id);
      expectError(await register(romeo.id, auto.id, staffToken), 'FORBIDDEN');
      expect(await registrationsOf(romeo.id, auto.id)).toBe(romeoOnAuto);
      const reg = (await app.ok(C.registerChild, { i: { childId: neighbourChild.id, activityId: decided.id } }, { token: neighbour.token })).registerChild;
      expectError(await decide(reg.id, true, undefined, neighbour.token), 'FORBIDDEN');
      expectError(await decide(reg.id, true, undefined, family.token), 'FORBIDDEN');
      expect((await registrationRow(reg.id)).state).toBe('PENDING');
    });

    it("another commune's staff cannot decide: NOT_FOUND like a random id, still PENDING", async () => {
      const [reg] = (await app.ok(C.registrations, { activityId: decided.id, state: 'PENDING' }, { token: staffToken })).registrations.items;
      expectSameNotFound(await decide(reg.id, false, 'Non', otherStaffToken), await decide(randomId(), false, 'Non', otherStaffToken));
      expect((await registrationRow(reg.id)).state).toBe('PENDING');
    });

    it('refuses a reason over 500 characters, naming the field, still PENDING', async () => {
      const [reg] = (await app.ok(C.registrations, { activityId: decided.id, state: 'PENDING' }, { token: staffToken })).registrations.items;
      expectInvalidField(await decide(reg.id, false, 'x'.repeat(501)), 'reason');
      expect((await registrationRow(reg.id)).state).toBe('PENDING');
    });
  });

  describe('myRegistrations: paginated, newest first', () => {
    let big: { token: string; familyId: string };
    const created: string[] = [];

    beforeAll(async () => {
      big = await app.family('INSCRIVILLE', staffToken, { email: 'nombreuse@inscriville.test', firstName: 'Anne', lastName: 'Nombreuse' });
      const kids = [];
      for (const firstName of ['Alice', 'Bruno', 'Chloé', 'David']) kids.push(await addChild(app, big.token, { firstName, lastName: 'NOMBREUSE' }));
      const second = await createActivity(app, staffToken, schoolId, { name: 'PERISCOLAIRE MATIN' });
      const pairs = [...kids.map((k) => [k.id, auto.id]), ...kids.slice(0, 3).map((k) => [k.id, second.id])];
      for (const [childId, activityId] of pairs) {
        created.push((await app.ok(C.registerChild, { i: { childId, activityId } }, { token: big.token })).registerChild.id);
      }
    }, HOOK_TIMEOUT);

    const page = (vars: Record<string, unknown>, token = big.token) => app.gql(C.myRegistrations, vars, { token });

    it('gives 5 per page by default, with the total, the page and its size', async () => {
      const res = await page({});
      expect(res.errors).toBeUndefined();
      const p = res.data.myRegistrations;
      expect({ totalCount: p.totalCount, page: p.page, pageSize: p.pageSize }).toEqual({ totalCount: 7, page: 1, pageSize: 5 });
      expect(p.items.map((r: any) => r.id)).toEqual([...created].reverse().slice(0, 5));
      expect(p.items[0]).toMatchObject({ state: 'ACCEPTED', child: { firstName: 'Chloé' }, activity: { name: 'PERISCOLAIRE MATIN' } });
    });

    it('pages on', async () => {
      const p2 = (await page({ page: 2 })).data.myRegistrations;
      expect({ totalCount: p2.totalCount, page: p2.page, pageSize: p2.pageSize }).toEqual({ totalCount: 7, page: 2, pageSize: 5 });
      expect(p2.items.map((r: any) => r.id)).toEqual([...created].reverse().slice(5));
      const p3 = (await page({ page: 3 })).data.myRegistrations;
      expect(p3).toEqual({ items: [], totalCount: 7, page: 3, pageSize: 5 });
      const small = (await page({ page: 3, pageSize: 3 })).data.myRegistrations;
      expect({ ids: small.items.map((r: any) => r.id), page: small.page, pageSize: small.pageSize }).toEqual({ ids: [created[0]], page: 3, pageSize: 3 });
      const all = (await page({ pageSize: 100 })).data.myRegistrations;
      expect(all.items.map((r: any) => r.id)).toEqual([...created].reverse());
    });

    it('shows only my family’s registrations', async () => {
      const mine = (await page({ pageSize: 100 }, family.token)).data.myRegistrations;
      for (const id of created) expect(mine.items.map((r: any) => r.id)).not.toContain(id);
      expect(mine.items.every((r: any) => [valentina.id, romeo.id].includes(r.child.id))).toBe(true);
      expect(mine.totalCount).toBe(mine.items.length);
    });

    it.each([
      [{ pageSize: 0 }, 'pageSize'],
      [{ pageSize: 101 }, 'pageSize'],
      [{ pageSize: -5 }, 'pageSize'],
      [{ page: 0 }, 'page'],
      [{ page: -1 }, 'page'],
    ])('refuses %j, naming the field', async (vars, field) => {
      expectInvalidField(await page(vars), field);
    });

    it('is for families: staff → FORBIDDEN', async () => {
      expectError(await page({}, staffToken), 'FORBIDDEN');
    });
  });

  describe('registrations (staff): filtered by activity and state', () => {
    it('lists the commune’s registrations, filtered', async () => {
      const all = (await app.ok(C.registrations, { pageSize: 100 }, { token: staffToken })).registrations;
      const rows = await app.dataSource.query(
        `SELECT r.id, r.activity_id, r.state FROM registration r JOIN commune c ON c.id = r.commune_id WHERE c.code = 'INSCRIVILLE' ORDER BY r.created_at DESC, r.id ASC`,
      );
      expect(all.totalCount).toBe(rows.length);
      expect(all.items.map((r: any) => r.id)).toEqual(rows.map((r: any) => r.id));

      for (const activityId of [auto.id, decided.id]) {
        for (const state of [undefined, 'PENDING', 'ACCEPTED', 'REFUSED']) {
          const expected = rows.filter((r: any) => r.activity_id === activityId && (!state || r.state === state)).map((r: any) => r.id);
          const got = (await app.ok(C.registrations, { activityId, ...(state ? { state } : {}), pageSize: 100 }, { token: staffToken })).registrations;
          expect({ activityId, state, ids: got.items.map((r: any) => r.id), total: got.totalCount }).toEqual({ activityId, state, ids: expected, total: expected.length });
          for (const r of got.items) expect(r.activity.id).toBe(activityId);
        }
      }
      const refused = (await app.ok(C.registrations, { state: 'REFUSED' }, { token: staffToken })).registrations;
      expect(refused.items.map((r: any) => r.state)).toEqual(rows.filter((r: any) => r.state === 'REFUSED').map(() => 'REFUSED'));
      expect(refused.items.length).toBeGreaterThan(0);
    });

    it('pages 5 by default', async () => {
      const p = (await app.ok(C.registrations, {}, { token: staffToken })).registrations;
      expect(p.items).toHaveLength(5);
      expect({ page: p.page, pageSize: p.pageSize }).toEqual({ page: 1, pageSize: 5 });
      expect(p.totalCount).toBeGreaterThan(5);
      expectInvalidField(await app.gql(C.registrations, { pageSize: 101 }, { token: staffToken }), 'pageSize');
      expectInvalidField(await app.gql(C.registrations, { pageSize: 0 }, { token: staffToken }), 'pageSize');
    });

    it("shows nothing of another commune's", async () => {
      const theirs = (await app.ok(C.registrations, { pageSize: 100 }, { token: otherStaffToken })).registrations;
      expect(theirs).toEqual({ items: [], totalCount: 0, page: 1, pageSize: 100 });
      const byOurActivity = (await app.ok(C.registrations, { activityId: auto.id }, { token: otherStaffToken })).registrations;
      expect(byOurActivity.totalCount).toBe(0);
      const ourFilterOnTheirs = (await app.ok(C.registrations, { activityId: elsewhere.id }, { token: staffToken })).registrations;
      expect(ourFilterOnTheirs.totalCount).toBe(0);
    });

    it('refuses an unknown state and a malformed activity id', async () => {
      expectError(await app.gql(C.registrations, { state: 'CANCELLED' }, { token: staffToken }), 'BAD_USER_INPUT');
      expectInvalidField(await app.gql(C.registrations, { activityId: 'abc' }, { token: staffToken }), 'activityId');
    });

    it('is for staff: a family → FORBIDDEN', async () => {
      expectError(await app.gql(C.registrations, {}, { token: family.token }), 'FORBIDDEN');
      expectError(await app.gql(C.registrations, { activityId: auto.id }, { token: family.token }), 'FORBIDDEN');
    });
  });
});
