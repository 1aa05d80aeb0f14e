import { addDays } from '../../src/common/dates/local-date';
import { DEMO_HELIOS_IDENTITY } from '../../src/modules/treasury/helios-identity';
import { afterBilling, billMonth, book, excuse, getPdf, Invoice, invoicesOf } from '../helpers/billing';
import { communeWithStaff, createEstablishment, HOOK_TIMEOUT, parisToday } from '../helpers/catalog';
import { expectError } from '../helpers/errors';
import { validatePes } from '../helpers/pes-xsd';
import { createReservationActivity, monthFromNow, registeredChild, serviceDays, settle } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const EXPORT_FIELDS = `id number createdAt upTo invoiceCount creditNoteCount amountCents fileName fileUrl`;
const EXPORT = `mutation($i: ExportToTreasuryInput!) { exportToTreasury(input: $i) { ${EXPORT_FIELDS} } }`;
const EXPORTS = `query($page: Int, $pageSize: Int) { treasuryExports(page: $page, pageSize: $pageSize) { items { ${EXPORT_FIELDS} } totalCount page pageSize } }`;
const INVOICE_EXPORT = `query($id: ID!) { invoice(id: $id) { id number treasuryExport { id number } } }`;

interface Export {
  id: string;
  number: number;
  upTo: string;
  invoiceCount: number;
  creditNoteCount: number;
  amountCents: number;
  fileName: string;
  fileUrl: string;
}

/** Titles handed to the Trésor Public as PES V2 files: each invoice once, a credit note as the next file's reduction. */
describe('treasury exports (PES V2)', () => {
  let app: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  let roux: { token: string; familyId: string };
  let fabre: { token: string; familyId: string };
  let cantine: { id: string };
  let lina: { id: string };
  const month = monthFromNow(2);
  const d = serviceDays(month);
  const today = parisToday();
  let adminToken: string;
  const files: Buffer[] = [];

  /** Downloads an export's file as staff and checks it against the DGFiP's XSD (every file the tests make). */
  const fileOf = async (e: Export, token = staffToken) => {
    const res = await getPdf(app, e.fileUrl, token);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/xml; charset=ISO-8859-1');
    expect(validatePes(res.body)).toEqual({ ok: true, errors: '' });
    files.push(res.body);
    return res.body.toString('latin1');
  };
  const exportUpTo = (upTo: string, token = staffToken) => app.gql<{ exportToTreasury: Export }>(EXPORT, { i: { upTo } }, { token });

  beforeAll(async () => {
    app = await TestApp.start();
    const town = await communeWithStaff(app, 'TRESORVILLE');
    staffToken = town.staffToken;
    adminToken = town.adminToken;
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
    roux = await app.family('TRESORVILLE', staffToken, { email: 'julie.roux@tresorville.test', firstName: 'Julie', lastName: 'Roux-d’Aubigné' });
    fabre = await app.family('TRESORVILLE', staffToken, { email: 'marc.fabre@tresorville.test', firstName: 'Marc', lastName: 'Fabre' });
    await app.dataSource.query(`UPDATE account SET address = $1 WHERE email = $2`, ['12 rue de l’Église, 31190 Auterive', 'julie.roux@tresorville.test']);
    cantine = await createReservationActivity(app, staffToken, { mealPriceCents: 340, dailyCapacity: 10 }, (await createEstablishment(app, staffToken, 'Ecole des Tilleuls')).id);
    lina = await registeredChild(app, roux.token, staffToken, cantine.id, { firstName: 'Lina', lastName: 'ROUX' });
    const tom = await registeredChild(app, fabre.token, staffToken, cantine.id, { firstName: 'Tom', lastName: 'FABRE' });
    await book(app, roux.token, lina.id, cantine.id, d.slice(0, 4));
    await book(app, fabre.token, tom.id, cantine.id, d.slice(0, 2));
    expect(await billMonth(app, staffToken, month)).toMatchObject({ invoicesCreated: 2 });
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it('refuses the export while the commune has no Hélios identifiers, and a day in the future', async () => {
    const res = await exportUpTo(today);
    expect(expectError(res, 'BAD_USER_INPUT', 'HELIOS_IDENTITY_MISSING').message).toContain('Identifiants Hélios de la commune manquants');
    // The commune's admin fills in its Hélios identifiers on the « Régie » screen.
    const h = DEMO_HELIOS_IDENTITY;
    await app.ok(
      `mutation($i: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $i) { heliosIdPost } }`,
      {
        i: {
          onlineProvider: 'NONE',
          mode: 'TEST',
          heliosIdPost: h.idPost,
          heliosIdColl: h.idColl,
          heliosCodCol: h.codCol,
          heliosCodBud: h.codBud,
          heliosCodProdLoc: h.codProdLoc,
          heliosNature: h.nature,
        },
      },
      { token: adminToken },
    );
    expectError(await exportUpTo(addDays(today, 1)), 'BAD_USER_INPUT', 'UP_TO_IN_FUTURE');
    expectError(await exportUpTo(addDays(today, -1)), 'BAD_USER_INPUT', 'NOTHING_TO_EXPORT');
  });

  it('refuses families and another commune’s staff sees none of it', async () => {
    expectError(await exportUpTo(today, roux.token), 'FORBIDDEN');
    expectError(await app.gql(EXPORTS, {}, { token: roux.token }), 'FORBIDDEN');
  });

  it('two staff exporting at once make one export of each invoice; the file validates against the XSD', async () => {
    const [a, b] = await Promise.all([exportUpTo(today), exportUpTo(today)]);
    const done = [a, b].filter((r) => !r.errors);
    expect(done).toHaveLength(1);
    expectError(
      [a, b].find((r) => r.errors)!,
      'BAD_USER_INPUT',
      'NOTHING_TO_EXPORT',
    );
    const e = done[0].data!.exportToTreasury;
    expect(e).toMatchObject({ number: 1, upTo: today, invoiceCount: 2, creditNoteCount: 0, amountCents: 6 * 340, fileUrl: `/treasury-exports/${e.id}/file` });
    expect(e.fileName).toMatch(/^PES_TRESORVILLE_00001_\d{8}\.xml$/);

    const xml = await fileOf(e);
    expect(xml.startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    expect(xml.match(/<Piece>/g)).toHaveLength(2);
    expect(xml).toContain(`<Exer V="${today.slice(0, 4)}"/>`);
    expect(xml).toContain('<TypBord V="01"/>');
    expect(xml).toContain('<NbrPce V="2"/>');
    expect(xml).toContain('<MtBordHt V="20.40"/>');
    expect(xml).toContain('<Nom V="ROUX-D AUBIGNE"/><Prenom V="JULIE"/>');
    expect(xml).toContain('<Adr2 V="12 RUE DE L EGLISE"/><CP V="31190"/><Ville V="AUTERIVE"/>');
    expect(xml).toContain(`<IdPost V="${DEMO_HELIOS_IDENTITY.idPost}"/>`);

    // Exporting changes no invoice; each invoice names its export, for staff and for its family.
    const [invoice] = await invoicesOf(app, roux.token);
    expect(invoice).toMatchObject({ state: 'UNPAID', amountCents: 4 * 340 });
    expect((await app.ok(INVOICE_EXPORT, { id: invoice.id }, { token: roux.token })).invoice.treasuryExport).toEqual({ id: e.id, number: 1 });
    expect((await app.ok(INVOICE_EXPORT, { id: invoice.id }, { token: staffToken })).invoice.treasuryExport).toEqual({ id: e.id, number: 1 });

    // Nothing left: a second export is refused with a French message, and nothing is written.
    expectError(await exportUpTo(today), 'BAD_USER_INPUT', 'NOTHING_TO_EXPORT');
    expect((await app.ok(EXPORTS, {}, { token: staffToken })).treasuryExports).toMatchObject({ totalCount: 1, items: [{ id: e.id, number: 1 }] });
  });

  it('a credit note on an exported invoice goes out in the next export as the reduction of its title', async () => {
    const [invoice]: Invoice[] = await invoicesOf(app, roux.token);
    const res = await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[0]] });
    expect(res.errors).toBeUndefined();
    await settle(app);
    await afterBilling(app);

    const e = (await exportUpTo(today)).data!.exportToTreasury;
    expect(e).toMatchObject({ number: 2, invoiceCount: 0, creditNoteCount: 1, amountCents: -340 });
    const xml = await fileOf(e);
    expect(xml).toContain('<TypBord V="02"/>');
    expect(xml).toContain('<TypPce V="02"/><NatPce V="06"/>');
    expect(xml).toMatch(new RegExp(`<RattachPiece><NatPceOrig V="01"/><ExerRat V="${today.slice(0, 4)}"/><IdPceOrig V="\\d+"/><IdLigneOrig V="1"/></RattachPiece>`));
    expect(xml).toContain(`SUR LA FACTURE ${invoice.number}`);
    expect(xml).toContain('<MtBordHt V="3.40"/>');
    // The reduction names the title as the first file numbered it.
    const first = files[0].toString('latin1');
    const titleNumber = /<IdPceOrig V="(\d+)"\/>/.exec(xml)![1];
    expect(first).toContain(`<IdPce V="${titleNumber}"/>`);

    // It went out once.
    expectError(await exportUpTo(today), 'BAD_USER_INPUT', 'NOTHING_TO_EXPORT');
    expect((await app.ok(EXPORTS, { pageSize: 10 }, { token: staffToken })).treasuryExports.items.map((x: Export) => x.number)).toEqual([2, 1]);
  });

  it('serves the file to its commune’s staff only: another commune’s staff get not found, a family is refused', async () => {
    const [e] = (await app.ok(EXPORTS, {}, { token: staffToken })).treasuryExports.items as Export[];
    expect((await getPdf(app, e.fileUrl, otherStaffToken)).status).toBe(404);
    expect((await getPdf(app, e.fileUrl, roux.token)).status).toBe(403);
    expect((await getPdf(app, e.fileUrl)).status).toBe(401);
    expect((await app.ok(EXPORTS, {}, { token: otherStaffToken })).treasuryExports).toMatchObject({ totalCount: 0, items: [] });
    expect(files.length).toBeGreaterThanOrEqual(2);
  });
});
