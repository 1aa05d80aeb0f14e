import { C, communeWithStaff, expectError, expectInvalidField, HOOK_TIMEOUT, randomId, REGISTRATION_FIELDS } from '../helpers/catalog';
import { createReservationActivity, monthFromNow, RESERVATION_FIELDS, registeredChild, serviceDays, settle, submitOk } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const RESERVATIONS = `query($familyId: ID, $activityId: ID, $state: ReservationState, $page: Int, $pageSize: Int) {
  reservations(familyId: $familyId, activityId: $activityId, state: $state, page: $page, pageSize: $pageSize) {
    items { ${RESERVATION_FIELDS} } totalCount page pageSize } }`;
const REGISTRATIONS = `query($familyId: ID, $activityId: ID, $state: RegistrationState, $page: Int, $pageSize: Int) {
  registrations(familyId: $familyId, activityId: $activityId, state: $state, page: $page, pageSize: $pageSize) {
    items { ${REGISTRATION_FIELDS} } totalCount page pageSize } }`;

/** A family's page in the back-office: its reservations and registrations, found on the server. */
describe('reservations and registrations of one family (staff)', () => {
  let app: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  let martin: { token: string; familyId: string };
  let petit: { token: string; familyId: string };
  let stranger: { token: string; familyId: string };
  let cantine: { id: string };
  let mercredi: { id: string };
  let lea: { id: string };
  let karim: { id: string };
  let tom: { id: string };
  const month = monthFromNow(2);
  const d = serviceDays(month);
  /** Reservation ids, oldest first. */
  const martins: string[] = [];
  let petits: string;
  let strangers: string;

  const reservations = async (vars: Record<string, unknown>, token = staffToken) => (await app.ok(RESERVATIONS, vars, { token })).reservations;
  const registrations = async (vars: Record<string, unknown>, token = staffToken) => (await app.ok(REGISTRATIONS, vars, { token })).registrations;
  const ids = (page: { items: Array<{ id: string }> }) => page.items.map((x) => x.id);
  const childIds = (page: { items: Array<{ child: { id: string } }> }) => [...new Set(page.items.map((x) => x.child.id))].sort();
  const reserve = async (token: string, childId: string, activityId: string, days: string[]) => (await submitOk(app, token, { childId, activityId, month, book: days })).id;
  const registerTo = async (token: string, childId: string, activityId: string) => (await app.ok(C.registerChild, { i: { childId, activityId } }, { token })).registerChild.id as string;

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'FILTREVILLE')).staffToken;
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
    martin = await app.family('FILTREVILLE', staffToken, { email: 'martin@filtreville.test', firstName: 'Sophie', lastName: 'Martin' });
    petit = await app.family('FILTREVILLE', staffToken, { email: 'petit@filtreville.test', firstName: 'Luc', lastName: 'Petit' });
    stranger = await app.family('AILLEURS', otherStaffToken, { email: 'martin@ailleurs.test', firstName: 'Sophie', lastName: 'Martin' });
    cantine = await createReservationActivity(app, staffToken, { name: 'RESTAURATION SCOLAIRE', autoAccept: true });
    mercredi = await createReservationActivity(app, staffToken, { name: 'ACCUEIL DU MERCREDI', autoAccept: false });
    lea = await registeredChild(app, martin.token, staffToken, cantine.id, { firstName: 'Léa', lastName: 'MARTIN' });
    tom = await registeredChild(app, petit.token, staffToken, cantine.id, { firstName: 'Tom', lastName: 'PETIT' });
    karim = await registeredChild(app, martin.token, staffToken, cantine.id, { firstName: 'Karim', lastName: 'MARTIN' });
    // Registrations waiting for staff: Léa's and Tom's to the Wednesday activity.
    await registerTo(martin.token, lea.id, mercredi.id);
    await registerTo(petit.token, tom.id, mercredi.id);

    martins.push(await reserve(martin.token, lea.id, cantine.id, [d[0]]));
    petits = await reserve(petit.token, tom.id, cantine.id, [d[0]]);
    martins.push(await reserve(martin.token, karim.id, cantine.id, [d[1]]));
    martins.push(await reserve(martin.token, lea.id, cantine.id, [d[2], d[3]]));

    const theirs = await createReservationActivity(app, otherStaffToken, { name: 'RESTAURATION SCOLAIRE' });
    const zoe = await registeredChild(app, stranger.token, otherStaffToken, theirs.id, { firstName: 'Zoé', lastName: 'MARTIN' });
    strangers = await reserve(stranger.token, zoe.id, theirs.id, [d[0]]);
    await settle(app);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('reservations(familyId)', () => {
    it("lists only the reservations of that family's children, most recent first", async () => {
      const page = await reservations({ familyId: martin.familyId, pageSize: 100 });
      expect(page).toMatchObject({ totalCount: 3, page: 1, pageSize: 100 });
      expect(ids(page)).toEqual([...martins].reverse());
      expect(childIds(page)).toEqual([lea.id, karim.id].sort());
      expect(await reservations({ familyId: petit.familyId })).toMatchObject({ totalCount: 1, items: [{ id: petits, child: { id: tom.id } }] });
      // Without the filter: every family of the commune.
      expect((await reservations({ pageSize: 100 })).totalCount).toBe(4);
    });

    it('combines with the activity and state filters, and pages on the server', async () => {
      expect((await reservations({ familyId: martin.familyId, activityId: cantine.id, state: 'ACCEPTED' })).totalCount).toBe(3);
      expect(await reservations({ familyId: martin.familyId, activityId: mercredi.id })).toMatchObject({ totalCount: 0, items: [] });
      expect(await reservations({ familyId: martin.familyId, state: 'PENDING' })).toMatchObject({ totalCount: 0, items: [] });
      const p1 = await reservations({ familyId: martin.familyId, page: 1, pageSize: 2 });
      const p2 = await reservations({ familyId: martin.familyId, page: 2, pageSize: 2 });
      expect([p1.totalCount, p2.totalCount, p1.items.length, p2.items.length]).toEqual([3, 3, 2, 1]);
      expect([...ids(p1), ...ids(p2)]).toEqual([...martins].reverse());
    });

    it("never shows another commune's reservations, whatever family is asked for", async () => {
      expect(await reservations({ familyId: stranger.familyId })).toMatchObject({ totalCount: 0, items: [] });
      expect(await reservations({ familyId: martin.familyId }, otherStaffToken)).toMatchObject({ totalCount: 0, items: [] });
      expect(ids(await reservations({ familyId: stranger.familyId }, otherStaffToken))).toEqual([strangers]);
      expect(await reservations({ familyId: randomId() })).toMatchObject({ totalCount: 0, items: [] });
    });

    it('refuses a malformed family id, naming the field; a family gets FORBIDDEN, even for its own', async () => {
      const err = expectInvalidField(await app.gql(RESERVATIONS, { familyId: 'martin' }, { token: staffToken }), 'familyId');
      expect(err.message).toBe('Identifiant de famille invalide.');
      expectError(await app.gql(RESERVATIONS, { familyId: martin.familyId }, { token: martin.token }), 'FORBIDDEN');
    });
  });

  describe('registrations(familyId)', () => {
    it("lists only the registrations of that family's children", async () => {
      const page = await registrations({ familyId: martin.familyId, pageSize: 100 });
      expect(page.totalCount).toBe(3);
      expect(page.items.map((r: any) => `${r.child.firstName} ${r.activity.id === cantine.id ? 'cantine' : 'mercredi'} ${r.state}`).sort()).toEqual([
        'Karim cantine ACCEPTED',
        'Léa cantine ACCEPTED',
        'Léa mercredi PENDING',
      ]);
      expect(childIds(await registrations({ familyId: petit.familyId }))).toEqual([tom.id]);
      expect((await registrations({ pageSize: 100 })).totalCount).toBe(5);
    });

    it('combines with the activity and state filters, and pages on the server', async () => {
      expect(await registrations({ familyId: martin.familyId, state: 'PENDING' })).toMatchObject({ totalCount: 1, items: [{ child: { id: lea.id }, activity: { id: mercredi.id } }] });
      expect(await registrations({ familyId: petit.familyId, activityId: mercredi.id })).toMatchObject({ totalCount: 1, items: [{ child: { id: tom.id }, state: 'PENDING' }] });
      expect((await registrations({ familyId: martin.familyId, activityId: cantine.id })).totalCount).toBe(2);
      const p1 = await registrations({ familyId: martin.familyId, page: 1, pageSize: 2 });
      const p2 = await registrations({ familyId: martin.familyId, page: 2, pageSize: 2 });
      expect([p1.totalCount, p2.totalCount, p1.items.length, p2.items.length]).toEqual([3, 3, 2, 1]);
      const all = ids(await registrations({ familyId: martin.familyId, pageSize: 100 }));
      expect([...ids(p1), ...ids(p2)]).toEqual(all);
    });

    it("never shows another commune's registrations, whatever family is asked for", async () => {
      expect(await registrations({ familyId: stranger.familyId })).toMatchObject({ totalCount: 0, items: [] });
      expect(await registrations({ familyId: martin.familyId }, otherStaffToken)).toMatchObject({ totalCount: 0, items: [] });
      expect((await registrations({ familyId: stranger.familyId }, otherStaffToken)).totalCount).toBe(1);
    });

    it('refuses a malformed family id, naming the field; a family gets FORBIDDEN, even for its own', async () => {
      const err = expectInvalidField(await app.gql(REGISTRATIONS, { familyId: '42' }, { token: staffToken }), 'familyId');
      expect(err.message).toBe('Identifiant de famille invalide.');
      expectError(await app.gql(REGISTRATIONS, { familyId: martin.familyId }, { token: martin.token }), 'FORBIDDEN');
    });
  });
});
