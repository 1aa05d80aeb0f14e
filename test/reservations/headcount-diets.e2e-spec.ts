import { register } from '../helpers/billing';
import { C, communeWithStaff, expectError, HOOK_TIMEOUT } from '../helpers/catalog';
import { createReservationActivity, monthFromNow, R, registeredChild, serviceDays, settle, submitOk } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const HEADCOUNT = `query($activityId: ID!, $from: Date!, $to: Date!) {
  dailyHeadcount(activityId: $activityId, from: $from, to: $to) { date capacity booked pending diets { diet count } } }`;
const SET_DAY_CAPACITY = `mutation($i: SetDayCapacityInput!) { setDayCapacity(input: $i) { date capacity booked pending diets { diet count } } }`;

interface DayWithDiets {
  date: string;
  capacity: number;
  booked: number;
  pending: number;
  diets: Array<{ diet: string; count: number }>;
}

/** The four diets in the enum's order, with the counts given (0 for the others). */
const diets = (counts: Partial<Record<'STANDARD' | 'NO_PORK' | 'VEGETARIAN' | 'NO_MEAT', number>> = {}) =>
  (['STANDARD', 'NO_PORK', 'VEGETARIAN', 'NO_MEAT'] as const).map((diet) => ({ diet, count: counts[diet] ?? 0 }));

/** The kitchen's headcounts by diet: how many children of each diet eat on a day (Effectifs, SPEC §8). */
describe('dailyHeadcount diets', () => {
  let app: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  let martin: { token: string; familyId: string };
  let petit: { token: string; familyId: string };
  let cantine: { id: string };
  let decided: { id: string };
  let elsewhere: { id: string };
  let lea: { id: string };
  let karim: { id: string };
  let ines: { id: string };
  let paul: { id: string };
  let tom: { id: string };
  let nina: { id: string };
  const month = monthFromNow(2);
  const d = serviceDays(month);

  const headcount = async (activityId: string, from: string, to = from, token = staffToken): Promise<DayWithDiets[]> => (await app.ok(HEADCOUNT, { activityId, from, to }, { token })).dailyHeadcount;
  const dayOf = async (activityId: string, date: string) => (await headcount(activityId, date))[0];
  const book = async (token: string, childId: string, activityId: string, days: string[]) => {
    await submitOk(app, token, { childId, activityId, month, book: days });
    await settle(app);
  };

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'REGIMEVILLE')).staffToken;
    otherStaffToken = (await communeWithStaff(app, 'VOISINE')).staffToken;
    martin = await app.family('REGIMEVILLE', staffToken, { email: 'martin@regimeville.test', firstName: 'Sophie', lastName: 'Martin' });
    petit = await app.family('REGIMEVILLE', staffToken, { email: 'petit@regimeville.test', firstName: 'Luc', lastName: 'Petit' });
    cantine = await createReservationActivity(app, staffToken, { name: 'RESTAURATION SCOLAIRE', autoAccept: true, dailyCapacity: 10 });
    decided = await createReservationActivity(app, staffToken, { name: 'ACCUEIL DU MERCREDI', autoAccept: false, dailyCapacity: 10 });
    lea = await registeredChild(app, martin.token, staffToken, cantine.id, { firstName: 'Léa', lastName: 'MARTIN' });
    karim = await registeredChild(app, martin.token, staffToken, cantine.id, { firstName: 'Karim', lastName: 'MARTIN', diet: 'NO_PORK' });
    ines = await registeredChild(app, martin.token, staffToken, cantine.id, { firstName: 'Inès', lastName: 'MARTIN', diet: 'VEGETARIAN' });
    paul = await registeredChild(app, petit.token, staffToken, cantine.id, { firstName: 'Paul', lastName: 'PETIT', diet: 'NO_MEAT' });
    tom = await registeredChild(app, petit.token, staffToken, cantine.id, { firstName: 'Tom', lastName: 'PETIT', diet: 'STANDARD' });
    await register(app, martin.token, staffToken, ines.id, decided.id);

    // Another commune books the same days for a child without meat: none of it shows here.
    const voisine = await app.family('VOISINE', otherStaffToken, { email: 'dupuis@voisine.test', firstName: 'Anne', lastName: 'Dupuis' });
    elsewhere = await createReservationActivity(app, otherStaffToken, { name: 'RESTAURATION SCOLAIRE', autoAccept: true });
    nina = await registeredChild(app, voisine.token, otherStaffToken, elsewhere.id, { firstName: 'Nina', lastName: 'DUPUIS', diet: 'NO_MEAT' });
    await book(voisine.token, nina.id, elsewhere.id, [d[0], d[1]]);

    // d[0]: everyone; d[1]: Léa (then cancelled) and Karim; d[2]: nobody.
    await book(martin.token, lea.id, cantine.id, [d[0], d[1]]);
    await book(martin.token, karim.id, cantine.id, [d[0], d[1]]);
    await book(martin.token, ines.id, cantine.id, [d[0]]);
    await book(petit.token, paul.id, cantine.id, [d[0]]);
    await book(petit.token, tom.id, cantine.id, [d[0]]);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it('counts the booked children of each diet, the four diets always listed in order, 0 included', async () => {
    const [first, second, third] = await headcount(cantine.id, d[0], d[2]);
    expect(first).toEqual({ date: d[0], capacity: 10, booked: 5, pending: 0, diets: diets({ STANDARD: 2, NO_PORK: 1, VEGETARIAN: 1, NO_MEAT: 1 }) });
    expect(second).toEqual({ date: d[1], capacity: 10, booked: 2, pending: 0, diets: diets({ STANDARD: 1, NO_PORK: 1 }) });
    expect(third).toEqual({ date: d[2], capacity: 10, booked: 0, pending: 0, diets: diets() });
  });

  it('lists the children of `booked` each day, by name, with class, school, diet and allergies / PAI note (staff only see it)', async () => {
    await app.ok(C.updateChild, { i: { id: karim.id, school: 'Ecole Jules Ferry', grade: 'CE1', allergies: 'Arachide : PAI, trousse au bureau' } }, { token: martin.token });
    const CHILDREN = `query($activityId: ID!, $from: Date!, $to: Date!) {
      dailyHeadcount(activityId: $activityId, from: $from, to: $to) { date booked children { firstName lastName grade school diet allergies } } }`;
    const [first, second, third] = (await app.ok(CHILDREN, { activityId: cantine.id, from: d[0], to: d[2] }, { token: staffToken })).dailyHeadcount;
    const kid = (firstName: string, lastName: string, diet: string, more: Record<string, string | null> = {}) => ({ firstName, lastName, grade: null, school: null, diet, allergies: null, ...more });
    const karimRow = kid('Karim', 'MARTIN', 'NO_PORK', { grade: 'CE1', school: 'Ecole Jules Ferry', allergies: 'Arachide : PAI, trousse au bureau' });
    expect(first).toEqual({
      date: d[0],
      booked: 5,
      children: [kid('Inès', 'MARTIN', 'VEGETARIAN'), karimRow, kid('Léa', 'MARTIN', 'STANDARD'), kid('Paul', 'PETIT', 'NO_MEAT'), kid('Tom', 'PETIT', 'STANDARD')],
    });
    expect(second).toEqual({ date: d[1], booked: 2, children: [karimRow, kid('Léa', 'MARTIN', 'STANDARD')] });
    expect(third).toEqual({ date: d[2], booked: 0, children: [] });
    // Another commune's headcount lists its own children only.
    const theirs = (await app.ok(CHILDREN, { activityId: elsewhere.id, from: d[0], to: d[0] }, { token: otherStaffToken })).dailyHeadcount;
    expect(theirs).toEqual([{ date: d[0], booked: 1, children: [kid('Nina', 'DUPUIS', 'NO_MEAT')] }]);
  });

  it('counts exactly the children of `booked`, on every day of a period', async () => {
    const days = await headcount(cantine.id, d[0], d[d.length - 1]);
    expect(days.length).toBeGreaterThan(10);
    for (const day of days) {
      expect(day.diets.map((x) => x.diet)).toEqual(['STANDARD', 'NO_PORK', 'VEGETARIAN', 'NO_MEAT']);
      expect(day.diets.reduce((sum, x) => sum + x.count, 0)).toBe(day.booked);
    }
  });

  it('leaves out a cancelled day', async () => {
    await submitOk(app, martin.token, { childId: lea.id, activityId: cantine.id, month, cancel: [d[1]] });
    await settle(app);
    expect(await dayOf(cantine.id, d[1])).toMatchObject({ booked: 1, diets: diets({ NO_PORK: 1 }) });
    // The other day Léa kept is still counted.
    expect(await dayOf(cantine.id, d[0])).toMatchObject({ booked: 5, diets: diets({ STANDARD: 2, NO_PORK: 1, VEGETARIAN: 1, NO_MEAT: 1 }) });
  });

  it('leaves out a day pending a decision; counts it once accepted, and while its cancellation waits for a decision', async () => {
    const reservation = await submitOk(app, martin.token, { childId: ines.id, activityId: decided.id, month, book: [d[3]] });
    await settle(app);
    expect(await dayOf(decided.id, d[3])).toEqual({ date: d[3], capacity: 10, booked: 0, pending: 1, diets: diets() });

    await app.ok(R.decide, { i: { reservationId: reservation.id, accept: [d[3]] } }, { token: staffToken });
    await settle(app);
    expect(await dayOf(decided.id, d[3])).toEqual({ date: d[3], capacity: 10, booked: 1, pending: 0, diets: diets({ VEGETARIAN: 1 }) });

    // Asking to cancel does not free the seat until staff decide: still in `booked`, still in the diets.
    const cancel = await submitOk(app, martin.token, { childId: ines.id, activityId: decided.id, month, cancel: [d[3]] });
    await settle(app);
    expect(await dayOf(decided.id, d[3])).toMatchObject({ booked: 1, diets: diets({ VEGETARIAN: 1 }) });
    await app.ok(R.decide, { i: { reservationId: cancel.id, accept: [d[3]] } }, { token: staffToken });
    await settle(app);
    expect(await dayOf(decided.id, d[3])).toMatchObject({ booked: 0, diets: diets() });
  });

  it("follows the child's diet as it is now", async () => {
    await app.ok(C.updateChild, { i: { id: karim.id, diet: 'VEGETARIAN' } }, { token: martin.token });
    try {
      expect(await dayOf(cantine.id, d[0])).toMatchObject({ booked: 5, diets: diets({ STANDARD: 2, VEGETARIAN: 2, NO_MEAT: 1 }) });
      expect(await dayOf(cantine.id, d[1])).toMatchObject({ booked: 1, diets: diets({ VEGETARIAN: 1 }) });
    } finally {
      await app.ok(C.updateChild, { i: { id: karim.id, diet: 'NO_PORK' } }, { token: martin.token });
    }
  });

  it('setDayCapacity answers the day with its diets too', async () => {
    const res = await app.ok(SET_DAY_CAPACITY, { i: { activityId: cantine.id, date: d[0], capacity: 12 } }, { token: staffToken });
    expect(res.setDayCapacity).toEqual({ date: d[0], capacity: 12, booked: 5, pending: 0, diets: diets({ STANDARD: 2, NO_PORK: 1, VEGETARIAN: 1, NO_MEAT: 1 }) });
  });

  it("never shows another commune's children, and shows that commune only its own", async () => {
    // Nina (NO_MEAT) eats the same days elsewhere: REGIMEVILLE's d[1] has no NO_MEAT child.
    expect((await dayOf(cantine.id, d[1])).diets).toEqual(diets({ NO_PORK: 1 }));
    expect(await headcount(elsewhere.id, d[0], d[1], otherStaffToken)).toEqual([
      { date: d[0], capacity: 10, booked: 1, pending: 0, diets: diets({ NO_MEAT: 1 }) },
      { date: d[1], capacity: 10, booked: 1, pending: 0, diets: diets({ NO_MEAT: 1 }) },
    ]);
    expectError(await app.gql(HEADCOUNT, { activityId: cantine.id, from: d[0], to: d[0] }, { token: otherStaffToken }), 'NOT_FOUND');
    expectError(await app.gql(SET_DAY_CAPACITY, { i: { activityId: cantine.id, date: d[0], capacity: 20 } }, { token: otherStaffToken }), 'NOT_FOUND');
  });

  it('is for staff: a family gets FORBIDDEN', async () => {
    expectError(await app.gql(HEADCOUNT, { activityId: cantine.id, from: d[0], to: d[0] }, { token: martin.token }), 'FORBIDDEN');
    expectError(await app.gql(SET_DAY_CAPACITY, { i: { activityId: cantine.id, date: d[0], capacity: 20 } }, { token: martin.token }), 'FORBIDDEN');
    expect(await dayOf(cantine.id, d[0])).toMatchObject({ capacity: 12 });
  });
});
