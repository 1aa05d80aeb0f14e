import {
  communeWithStaff,
  countRows,
  createActivity,
  createEstablishment,
  expectError,
  expectInvalidField,
  expectSameNotFound,
  expectUnreadableValue,
  HOOK_TIMEOUT,
  randomId,
} from '../helpers/catalog';
import { GqlResult, TestApp } from '../helpers/test-app';

const Q = {
  setPriceBrackets: `mutation($i: SetPriceBracketsInput!) { setPriceBrackets(input: $i) { id mealPriceCents priceBrackets { upToQuotient mealPriceCents } } }`,
  activities: `query { activities { id priceBrackets { upToQuotient mealPriceCents } } }`,
  setFamilyQuotient: `mutation($i: SetFamilyQuotientInput!) { setFamilyQuotient(input: $i) { id name quotients { quotient validFrom validTo } } }`,
  family: `query($id: ID!) { family(id: $id) { id quotients { quotient validFrom validTo } } }`,
  myQuotients: `query { me { family { id quotients { quotient validFrom validTo } } } }`,
  createFamilyAccount: `mutation($i: CreateFamilyAccountInput!) { createFamilyAccount(input: $i) { family { id } } }`,
};

/** A town's scale: up to 500 → 1,10 €; to 900 → 2,30 €; to 1 400 → 3,10 €; above → 4,20 €. */
const SCALE = [
  { upToQuotient: 500, mealPriceCents: 110 },
  { upToQuotient: 900, mealPriceCents: 230 },
  { upToQuotient: 1400, mealPriceCents: 310 },
  { upToQuotient: null, mealPriceCents: 420 },
];

/** Staff set an activity's price brackets and the families' quotients (SPEC §2 "Billing", tarification sociale). */
describe('prices by quotient familial', () => {
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let otherStaffToken: string;
  let family: { token: string; familyId: string };
  let otherFamily: { token: string; familyId: string };
  let activityId: string;
  let otherActivityId: string;

  const setBrackets = (i: Record<string, unknown>, token = staffToken) => app.gql(Q.setPriceBrackets, { i }, { token });
  const setQuotient = (i: Record<string, unknown>, token = staffToken) => app.gql(Q.setFamilyQuotient, { i }, { token });
  const bracketRows = (id: string) => app.dataSource.query(`SELECT position, up_to_quotient, meal_price_cents FROM activity_price_bracket WHERE activity_id = $1 ORDER BY position`, [id]);
  const quotientRows = (id: string) => app.dataSource.query(`SELECT quotient, valid_from, valid_to FROM family_quotient WHERE family_id = $1 ORDER BY valid_from`, [id]);
  let familyCounter = 0;
  /** A family opened by staff (not activated: staff decide its quotients all the same). */
  const newFamily = async () => {
    const n = ++familyCounter;
    const data = await app.ok(Q.createFamilyAccount, { i: { email: `foyer${n}@tarifville.test`, firstName: 'Parent', lastName: `Foyer${n}` } }, { token: staffToken });
    return data.createFamilyAccount.family.id as string;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const a = await communeWithStaff(app, 'TARIFVILLE');
    staffToken = a.staffToken;
    adminToken = a.adminToken;
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
    family = await app.family('TARIFVILLE', staffToken, { email: 'famille@tarifville.test' });
    otherFamily = await app.family('AILLEURS', otherStaffToken, { email: 'famille@ailleurs.test' });
    activityId = (await createActivity(app, staffToken, (await createEstablishment(app, staffToken)).id)).id;
    otherActivityId = (await createActivity(app, otherStaffToken, (await createEstablishment(app, otherStaffToken)).id)).id;
  }, HOOK_TIMEOUT);
  afterAll(() => app.stop());

  describe('setPriceBrackets', () => {
    it('an activity has no brackets at first: its flat price applies to all', async () => {
      const listed = (await app.ok(Q.activities, {}, { token: staffToken })).activities.find((a: any) => a.id === activityId);
      expect(listed.priceBrackets).toEqual([]);
    });

    it('STAFF set the scale; it reads back in order, for families too', async () => {
      const res = await setBrackets({ activityId, brackets: SCALE });
      expect(res.errors).toBeUndefined();
      expect(res.data.setPriceBrackets).toEqual({ id: activityId, mealPriceCents: 340, priceBrackets: SCALE });
      expect(await bracketRows(activityId)).toEqual(SCALE.map((b, position) => ({ position, up_to_quotient: b.upToQuotient, meal_price_cents: b.mealPriceCents })));
      const seen = (await app.ok(Q.activities, {}, { token: family.token })).activities.find((a: any) => a.id === activityId);
      expect(seen.priceBrackets).toEqual(SCALE);
    });

    it('ADMIN replace the whole list; an omitted bound is the open one', async () => {
      const res = await setBrackets({ activityId, brackets: [{ upToQuotient: 700, mealPriceCents: 150 }, { mealPriceCents: 380 }] }, adminToken);
      expect(res.errors).toBeUndefined();
      const two = [
        { upToQuotient: 700, mealPriceCents: 150 },
        { upToQuotient: null, mealPriceCents: 380 },
      ];
      expect(res.data.setPriceBrackets.priceBrackets).toEqual(two);
      expect(await bracketRows(activityId)).toHaveLength(2);
    });

    it('an empty list brings back the flat price; a single open bracket is one price for all', async () => {
      expect((await setBrackets({ activityId, brackets: [] })).data.setPriceBrackets.priceBrackets).toEqual([]);
      expect(await bracketRows(activityId)).toEqual([]);
      const single = [{ upToQuotient: null, mealPriceCents: 0 }];
      expect((await setBrackets({ activityId, brackets: single })).data.setPriceBrackets.priceBrackets).toEqual(single);
    });

    describe('refuses a bad list, naming the bracket, and changes nothing', () => {
      let before: unknown;
      beforeAll(async () => {
        await app.ok(Q.setPriceBrackets, { i: { activityId, brackets: SCALE } }, { token: staffToken });
        before = await bracketRows(activityId);
      });
      afterEach(async () => {
        expect(await bracketRows(activityId)).toEqual(before);
      });

      const open = (mealPriceCents: number) => ({ upToQuotient: null, mealPriceCents });
      const upTo = (upToQuotient: number, mealPriceCents: number) => ({ upToQuotient, mealPriceCents });
      it.each([
        [
          'a bound equal to the previous one',
          [upTo(500, 110), upTo(900, 230), upTo(900, 310), open(420)],
          'BRACKETS_NOT_INCREASING',
          'brackets[2].upToQuotient',
          /supérieur à celui de la tranche précédente \(900\)/,
        ],
        ['a bound below the previous one', [upTo(900, 230), upTo(500, 110), open(420)], 'BRACKETS_NOT_INCREASING', 'brackets[1].upToQuotient', /Tranche 2/],
        ['a negative bound', [upTo(-1, 110), open(420)], 'INVALID_QUOTIENT_BOUND', 'brackets[0].upToQuotient', /entre 0 et 100 000/],
        ['a bound over 100 000', [upTo(500, 110), upTo(100_001, 230), open(420)], 'INVALID_QUOTIENT_BOUND', 'brackets[1].upToQuotient', /entre 0 et 100 000/],
        ['no open bracket', [upTo(500, 110), upTo(900, 230)], 'OPEN_BRACKET_MISSING', 'brackets[1].upToQuotient', /dernière tranche doit être sans plafond/],
        ['an open bracket before the last', [upTo(500, 110), open(230), upTo(900, 420)], 'OPEN_BRACKET_NOT_LAST', 'brackets[1].upToQuotient', /seule la dernière tranche/],
        ['two open brackets', [open(230), open(420)], 'OPEN_BRACKET_NOT_LAST', 'brackets[0].upToQuotient', /seule la dernière tranche/],
        ['a negative price', [upTo(500, -10), open(420)], 'INVALID_MEAL_PRICE', 'brackets[0].mealPriceCents', /entre 0 et 1 000 €/],
        ['a price over 1 000 €', [upTo(500, 110), open(100_001)], 'INVALID_MEAL_PRICE', 'brackets[1].mealPriceCents', /entre 0 et 1 000 €/],
        ['more than 20 brackets', [...Array.from({ length: 20 }, (_, i) => upTo(100 * (i + 1), 100 + i)), open(420)], 'TOO_MANY_PRICE_BRACKETS', 'brackets', /20 tranches de prix au plus/],
      ])('%s', async (_what, brackets, reason, field, message) => {
        const err = expectError(await setBrackets({ activityId, brackets }), 'BAD_USER_INPUT', reason as string);
        expect(err.extensions.field).toBe(field);
        expect(err.message).toMatch(message as RegExp);
      });

      it('a bracket without a price, or a price that is not an integer', async () => {
        expectError(await setBrackets({ activityId, brackets: [{ upToQuotient: 500 }, open(420)] }), 'BAD_USER_INPUT');
        expectError(await setBrackets({ activityId, brackets: [upTo(500, 1.5), open(420)] }), 'BAD_USER_INPUT');
      });

      it('an activity id that is not one', async () => {
        expectInvalidField(await setBrackets({ activityId: 'cantine', brackets: SCALE }), 'activityId');
      });

      it('a family → FORBIDDEN', async () => {
        expectError(await setBrackets({ activityId, brackets: [open(0)] }, family.token), 'FORBIDDEN');
      });
    });

    it("another commune's activity → NOT_FOUND like a random id, unchanged", async () => {
      await app.ok(Q.setPriceBrackets, { i: { activityId: otherActivityId, brackets: SCALE } }, { token: otherStaffToken });
      const before = await bracketRows(otherActivityId);
      const cheap = [{ upToQuotient: null, mealPriceCents: 1 }];
      expectSameNotFound(await setBrackets({ activityId: otherActivityId, brackets: cheap }), await setBrackets({ activityId: randomId(), brackets: cheap }));
      expect(await bracketRows(otherActivityId)).toEqual(before);
    });

    it('two replacements at once: one list or the other, never a mix', async () => {
      const a = [
        { upToQuotient: 300, mealPriceCents: 100 },
        { upToQuotient: 600, mealPriceCents: 200 },
        { upToQuotient: null, mealPriceCents: 300 },
      ];
      const b = [
        { upToQuotient: 450, mealPriceCents: 150 },
        { upToQuotient: null, mealPriceCents: 350 },
      ];
      for (let round = 0; round < 5; round++) {
        const results = await Promise.all([setBrackets({ activityId, brackets: a }), setBrackets({ activityId, brackets: b }, adminToken)]);
        for (const r of results) expect(r.errors).toBeUndefined();
        const rows = await bracketRows(activityId);
        const saved = rows.map((r: any) => ({ upToQuotient: r.up_to_quotient, mealPriceCents: r.meal_price_cents }));
        expect([a, b]).toContainEqual(saved);
      }
    });
  });

  describe('setFamilyQuotient', () => {
    const quotients = async (familyId: string) => (await app.ok(Q.family, { id: familyId }, { token: staffToken })).family.quotients;

    it('a family has no quotient at first', async () => {
      expect(await quotients(family.familyId)).toEqual([]);
    });

    it('STAFF and ADMIN record periods; adjacent ones are fine; they list by start date', async () => {
      const res = await setQuotient({ familyId: family.familyId, quotient: 620, validFrom: '2025-09-01', validTo: '2025-12-31' });
      expect(res.errors).toBeUndefined();
      expect(res.data.setFamilyQuotient).toEqual({ id: family.familyId, name: expect.any(String), quotients: [{ quotient: 620, validFrom: '2025-09-01', validTo: '2025-12-31' }] });
      // The day after, open-ended (a new certificate); then the period before, on its last day adjacent.
      await app.ok(Q.setFamilyQuotient, { i: { familyId: family.familyId, quotient: 480, validFrom: '2026-01-01' } }, { token: adminToken });
      await app.ok(Q.setFamilyQuotient, { i: { familyId: family.familyId, quotient: 1500, validFrom: '2025-01-01', validTo: '2025-08-31' } }, { token: staffToken });
      const expected = [
        { quotient: 1500, validFrom: '2025-01-01', validTo: '2025-08-31' },
        { quotient: 620, validFrom: '2025-09-01', validTo: '2025-12-31' },
        { quotient: 480, validFrom: '2026-01-01', validTo: null },
      ];
      expect(await quotients(family.familyId)).toEqual(expected);
      // The family sees its own quotients.
      expect((await app.ok(Q.myQuotients, {}, { token: family.token })).me.family).toEqual({ id: family.familyId, quotients: expected });
    });

    describe('refuses an overlapping period, naming the one it overlaps, and saves nothing', () => {
      let before: unknown;
      beforeEach(async () => {
        before = await quotientRows(family.familyId);
      });
      afterEach(async () => {
        expect(await quotientRows(family.familyId)).toEqual(before);
      });

      it.each([
        ['sharing its last day', { validFrom: '2025-12-31', validTo: '2026-01-05' }, /quotient 620 déjà enregistré du 01\/09\/2025 au 31\/12\/2025/],
        ['inside it', { validFrom: '2025-10-01', validTo: '2025-10-31' }, /quotient 620 déjà enregistré du 01\/09\/2025 au 31\/12\/2025/],
        ['around it', { validFrom: '2025-08-15', validTo: '2026-01-15' }, /quotient 1500 déjà enregistré du 01\/01\/2025 au 31\/08\/2025/],
        ['starting the same day', { validFrom: '2025-09-01', validTo: '2025-09-01' }, /quotient 620/],
        ['open-ended, before others', { validFrom: '2024-06-01', validTo: null }, /quotient 1500/],
        ['starting the day the open-ended one starts', { validFrom: '2026-01-01', validTo: '2026-06-30' }, /quotient 480 déjà enregistré à partir du 01\/01\/2026, sans date de fin/],
        ['open-ended from inside a closed period', { validFrom: '2025-12-15' }, /quotient 620 déjà enregistré du 01\/09\/2025 au 31\/12\/2025/],
      ])('%s', async (_what, period, message) => {
        const err = expectError(await setQuotient({ familyId: family.familyId, quotient: 700, ...period }), 'CONFLICT', 'QUOTIENT_PERIOD_OVERLAP');
        expect(err.message).toMatch(message);
        expect(err.extensions.existing).toMatchObject({ quotient: expect.any(Number), validFrom: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      });
    });

    it('a new certificate after the open-ended one ends it the day before it starts', async () => {
      await app.ok(Q.setFamilyQuotient, { i: { familyId: family.familyId, quotient: 900, validFrom: '2027-09-01', validTo: '2028-08-31' } }, { token: staffToken });
      await app.ok(Q.setFamilyQuotient, { i: { familyId: family.familyId, quotient: 300, validFrom: '2028-09-01' } }, { token: staffToken });
      expect(await quotients(family.familyId)).toEqual([
        { quotient: 1500, validFrom: '2025-01-01', validTo: '2025-08-31' },
        { quotient: 620, validFrom: '2025-09-01', validTo: '2025-12-31' },
        { quotient: 480, validFrom: '2026-01-01', validTo: '2027-08-31' },
        { quotient: 900, validFrom: '2027-09-01', validTo: '2028-08-31' },
        { quotient: 300, validFrom: '2028-09-01', validTo: null },
      ]);
    });

    describe('refuses bad input, naming the field, and saves nothing', () => {
      let familyId: string;
      beforeAll(async () => {
        familyId = await newFamily();
      }, HOOK_TIMEOUT);
      afterEach(async () => {
        expect(await quotientRows(familyId)).toEqual([]);
      });

      it('an end before the start', async () => {
        expectInvalidField(await setQuotient({ familyId, quotient: 500, validFrom: '2025-09-01', validTo: '2025-08-31' }), 'validTo', /ne peut pas précéder/);
      });

      it('a negative quotient, or one over 100 000', async () => {
        expectInvalidField(await setQuotient({ familyId, quotient: -1, validFrom: '2025-09-01' }), 'quotient', /négatif/);
        expectInvalidField(await setQuotient({ familyId, quotient: 100_001, validFrom: '2025-09-01' }), 'quotient', /ne peut pas dépasser 100 000/);
      });

      it('an impossible day, a missing start, a family id that is not one', async () => {
        expectUnreadableValue(await setQuotient({ familyId, quotient: 500, validFrom: '2025-02-30' }), 'i.validFrom');
        expectError(await setQuotient({ familyId, quotient: 500 }), 'BAD_USER_INPUT');
        expectInvalidField(await setQuotient({ familyId: 'famille', quotient: 500, validFrom: '2025-09-01' }), 'familyId');
      });

      it('a family → FORBIDDEN, even for itself', async () => {
        expectError(await setQuotient({ familyId, quotient: 0, validFrom: '2025-09-01' }, family.token), 'FORBIDDEN');
        expectError(await setQuotient({ familyId: family.familyId, quotient: 0, validFrom: '2030-09-01' }, family.token), 'FORBIDDEN');
      });
    });

    it('takes a one-day period and a quotient of 0', async () => {
      const familyId = await newFamily();
      const res = await setQuotient({ familyId, quotient: 0, validFrom: '2025-09-01', validTo: '2025-09-01' });
      expect(res.errors).toBeUndefined();
      expect(res.data.setFamilyQuotient.quotients).toEqual([{ quotient: 0, validFrom: '2025-09-01', validTo: '2025-09-01' }]);
    });

    it("another commune's family → NOT_FOUND like a random id, unchanged", async () => {
      const period = { quotient: 100, validFrom: '2025-09-01', validTo: null };
      expectSameNotFound(await setQuotient({ familyId: otherFamily.familyId, ...period }), await setQuotient({ familyId: randomId(), ...period }));
      expect(await quotientRows(otherFamily.familyId)).toEqual([]);
    });

    it('two overlapping periods recorded at once: exactly one is kept', async () => {
      const pairs: Array<[Record<string, unknown>, Record<string, unknown>]> = [
        [
          { quotient: 600, validFrom: '2025-09-01', validTo: '2026-08-31' },
          { quotient: 900, validFrom: '2026-01-01', validTo: null },
        ],
        [
          { quotient: 600, validFrom: '2025-09-01', validTo: null },
          { quotient: 600, validFrom: '2025-09-01', validTo: null },
        ],
        [
          { quotient: 300, validFrom: '2026-03-01', validTo: '2026-03-31' },
          { quotient: 400, validFrom: '2026-01-01', validTo: '2026-12-31' },
        ],
      ];
      for (const [first, second] of pairs) {
        for (let round = 0; round < 3; round++) {
          const familyId = await newFamily();
          const results = await Promise.all([setQuotient({ familyId, ...first }), setQuotient({ familyId, ...second }, adminToken)]);
          const won = results.filter((r) => !r.errors);
          const lost = results.filter((r) => r.errors);
          expect({ won: won.length, lost: lost.length }).toEqual({ won: 1, lost: 1 });
          expectError(lost[0] as GqlResult, 'CONFLICT', 'QUOTIENT_PERIOD_OVERLAP');
          expect(await countRows(app, `SELECT 1 FROM family_quotient WHERE family_id = $1`, [familyId])).toBe(1);
        }
      }
    });
  });
});
