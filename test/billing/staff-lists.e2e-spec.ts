import { communeWithStaff, createEstablishment, expectError, expectInvalidField, HOOK_TIMEOUT, parisToday, randomId, shiftMonths } from '../helpers/catalog';
import { afterBilling, billMonth, book, creditNoteNo, excuse, invoicesOf, recordPayment, RUN_FIELDS, startRun, runResult } from '../helpers/billing';
import { createReservationActivity, monthFromNow, registeredChild, serviceDays } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';
import { BillingRuns } from '../../src/modules/billing/billing-runs.service';
import { scheduledMonth } from '../../src/modules/billing/scheduled-month';
import { clock } from '../../src/common/dates/clock';

jest.setTimeout(60_000);

const BILLING_RUNS = `query($page: Int, $pageSize: Int) { billingRuns(page: $page, pageSize: $pageSize) { items { ${RUN_FIELDS} } totalCount page pageSize } }`;
const CREDIT_NOTES = `query($familyId: ID, $month: String, $page: Int, $pageSize: Int) {
  creditNotes(familyId: $familyId, month: $month, page: $page, pageSize: $pageSize) {
    items { id number issuedOn amountCents reason invoice { id number } family { id name } } totalCount page pageSize } }`;
const INVOICES = `query($familyId: ID, $month: String) { invoices(familyId: $familyId, month: $month, pageSize: 100) {
  items { id number family { id name } } totalCount } }`;
const PAYMENTS = `query($familyId: ID) { payments(familyId: $familyId, pageSize: 100) { items { id number family { id name } } totalCount } }`;
/** What a family reads of its own billing, each document with its family. */
const FAMILY_HISTORY = `query { billingHistory(pageSize: 100) { items { kind invoice { id family { id name } } payment { id family { id name } }
  creditNote { id family { id name } } } } }`;

/** The back-office's "Facturation": runs, credit notes, and the family each document belongs to. */
describe('billing lists for staff', () => {
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let otherStaffToken: string;
  let roux: { token: string; familyId: string };
  let fabre: { token: string; familyId: string };
  let stranger: { token: string; familyId: string };
  let lina: { id: string };
  let tom: { id: string };
  let cantine: { id: string };
  const [m2, m3, m4] = [monthFromNow(2), monthFromNow(3), monthFromNow(4)];
  const d2 = serviceDays(m2);
  const thisMonth = parisToday().slice(0, 7);
  const lastMonth = shiftMonths(parisToday(), -1).slice(0, 7);
  const runIds: string[] = [];
  /** The scheduled run of last month (none on the 1st before 2 a.m.). */
  let scheduled: string[] = [];
  const notes: Record<string, string> = {};
  let otherRunId: string;
  let otherNoteId: string;

  const runs = async (vars: Record<string, unknown> = {}, token = staffToken) => (await app.ok(BILLING_RUNS, vars, { token })).billingRuns;
  const creditNotes = async (vars: Record<string, unknown> = {}, token = staffToken) => (await app.ok(CREDIT_NOTES, vars, { token })).creditNotes;
  const numbers = (page: { items: Array<{ number: string }> }) => page.items.map((n) => n.number);

  beforeAll(async () => {
    app = await TestApp.start();
    const commune = await communeWithStaff(app, 'FACTUVILLE');
    staffToken = commune.staffToken;
    adminToken = commune.adminToken;
    otherStaffToken = (await communeWithStaff(app, 'AUTREVILLE')).staffToken;
    roux = await app.family('FACTUVILLE', staffToken, { email: 'julie.roux@factuville.test', firstName: 'Julie', lastName: 'Roux' });
    fabre = await app.family('FACTUVILLE', staffToken, { email: 'marc.fabre@factuville.test', firstName: 'Marc', lastName: 'Fabre' });
    cantine = await createReservationActivity(app, staffToken, { mealPriceCents: 340 }, (await createEstablishment(app, staffToken, 'Ecole des Tilleuls')).id);
    lina = await registeredChild(app, roux.token, staffToken, cantine.id, { firstName: 'Lina', lastName: 'ROUX' });
    tom = await registeredChild(app, fabre.token, staffToken, cantine.id, { firstName: 'Tom', lastName: 'FABRE' });
    await book(app, roux.token, lina.id, cantine.id, d2.slice(0, 3));
    await book(app, fabre.token, tom.id, cantine.id, d2.slice(0, 2));

    // Each commune's scheduled run of last month (the worker's chore also makes it soon after start;
    // made here so that it is there whatever the timing; once per commune and month), then three
    // runs by staff: m2 bills both families, m3 and m4 find nothing.
    await app.get<BillingRuns>(BillingRuns).schedule();
    scheduled = (await runs({ pageSize: 100 })).items.map((r: any) => r.id);
    expect(scheduled).toHaveLength(scheduledMonth('Europe/Paris', clock.now()) ? 1 : 0);
    for (const id of scheduled) await runResult(app, staffToken, id);
    for (const month of [m2, m3, m4]) {
      const run = await runResult(app, staffToken, (await startRun(app, staffToken, month)).id);
      runIds.push(run.id);
    }
    await afterBilling(app);
    // Credit notes, in this order: Roux (1), Fabre (2), Roux again (3).
    for (const [child, date] of [
      [lina, d2[0]],
      [tom, d2[0]],
      [lina, d2[1]],
    ] as const) {
      const res = await excuse(app, staffToken, { childId: child.id, activityId: cantine.id, dates: [date] });
      expect(res.errors).toBeUndefined();
      notes[res.data.excuseAbsence[0].number] = res.data.excuseAbsence[0].id;
    }
    expect(Object.keys(notes)).toEqual([creditNoteNo(1), creditNoteNo(2), creditNoteNo(3)]);
    const paid = await recordPayment(app, staffToken, { familyId: roux.familyId, invoiceIds: [(await invoicesOf(app, roux.token))[0].id], amountCents: 300, method: 'CASH' });
    expect(paid.errors).toBeUndefined();

    // Another commune bills and credits too (its own numbers start at 1 as well).
    stranger = await app.family('AUTREVILLE', otherStaffToken, { email: 'anne.roux@autreville.test', firstName: 'Anne', lastName: 'Roux' });
    const theirs = await createReservationActivity(app, otherStaffToken, { mealPriceCents: 300 });
    const zoe = await registeredChild(app, stranger.token, otherStaffToken, theirs.id, { firstName: 'Zoé', lastName: 'ROUX' });
    await book(app, stranger.token, zoe.id, theirs.id, d2.slice(0, 2));
    otherRunId = (await billMonth(app, otherStaffToken, m2)).id;
    otherNoteId = (await excuse(app, otherStaffToken, { childId: zoe.id, activityId: theirs.id, dates: [d2[0]] })).data.excuseAbsence[0].id;
    await afterBilling(app);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('billingRuns', () => {
    it("lists the commune's runs, newest first, with their progress and result", async () => {
      const page = await runs();
      expect(page).toMatchObject({ totalCount: 3 + scheduled.length, page: 1, pageSize: 5 });
      expect(page.items.map((r: any) => r.id)).toEqual([...runIds].reverse().concat(scheduled));
      expect(page.items.map((r: any) => [r.month, r.state, r.invoicesCreated])).toEqual([[m4, 'DONE', 0], [m3, 'DONE', 0], [m2, 'DONE', 2], ...scheduled.map(() => [lastMonth, 'DONE', 0])]);
      const createdAt = page.items.map((r: any) => Date.parse(r.createdAt));
      expect([...createdAt].sort((a, b) => b - a)).toEqual(createdAt);
      expect(page.items[2]).toMatchObject({ familiesTotal: 2, familiesProcessed: 2, failures: [], finishedAt: expect.any(String) });
    });

    it('pages without gaps or repeats, and is open to the ADMIN too', async () => {
      const all = [...runIds].reverse().concat(scheduled);
      const p1 = await runs({ page: 1, pageSize: 2 });
      const p2 = await runs({ page: 2, pageSize: 2 });
      const p3 = await runs({ page: 3, pageSize: 2 });
      expect([p1.totalCount, p2.totalCount, p2.page, p2.pageSize]).toEqual([all.length, all.length, 2, 2]);
      expect([...p1.items, ...p2.items, ...p3.items].map((r: any) => r.id)).toEqual(all);
      expect((await runs({}, adminToken)).items.map((r: any) => r.id)).toEqual(all);
      expectInvalidField(await app.gql(BILLING_RUNS, { pageSize: 101 }, { token: staffToken }), 'pageSize');
    });

    it("never shows another commune's runs", async () => {
      expect((await runs()).items.map((r: any) => r.id)).not.toContain(otherRunId);
      const theirs = await runs({}, otherStaffToken);
      expect(theirs).toMatchObject({ totalCount: 1 + scheduled.length, items: [{ id: otherRunId, month: m2 }, ...scheduled.map(() => ({ month: lastMonth }))] });
      for (const run of theirs.items) expect(runIds.concat(scheduled)).not.toContain(run.id);
    });

    it('is for staff: a family gets FORBIDDEN', async () => {
      expectError(await app.gql(BILLING_RUNS, {}, { token: roux.token }), 'FORBIDDEN');
    });
  });

  describe('creditNotes', () => {
    it("lists the commune's credit notes, newest first, each with its invoice and family", async () => {
      const page = await creditNotes();
      expect(page).toMatchObject({ totalCount: 3, page: 1, pageSize: 5 });
      expect(numbers(page)).toEqual([creditNoteNo(3), creditNoteNo(2), creditNoteNo(1)]);
      const [rouxInvoice] = await invoicesOf(app, roux.token);
      expect(page.items[0]).toEqual({
        id: notes[creditNoteNo(3)],
        number: creditNoteNo(3),
        issuedOn: parisToday(),
        amountCents: 340,
        reason: 'Absence excusée : certificat médical',
        invoice: { id: rouxInvoice.id, number: rouxInvoice.number },
        family: { id: roux.familyId, name: 'ROUX Julie' },
      });
      expect(page.items[1].family).toEqual({ id: fabre.familyId, name: 'FABRE Marc' });
    });

    it('filters by family on the server, and pages', async () => {
      expect(numbers(await creditNotes({ familyId: roux.familyId }))).toEqual([creditNoteNo(3), creditNoteNo(1)]);
      expect(await creditNotes({ familyId: fabre.familyId })).toMatchObject({ totalCount: 1, items: [{ number: creditNoteNo(2), family: { id: fabre.familyId } }] });
      expect(await creditNotes({ familyId: randomId() })).toMatchObject({ totalCount: 0, items: [] });
      const p2 = await creditNotes({ page: 2, pageSize: 2 });
      expect(p2).toMatchObject({ totalCount: 3, page: 2, pageSize: 2 });
      expect(numbers(p2)).toEqual([creditNoteNo(1)]);
    });

    it('filters by month of issue (not the month the invoice billed)', async () => {
      expect(numbers(await creditNotes({ month: thisMonth }))).toEqual([creditNoteNo(3), creditNoteNo(2), creditNoteNo(1)]);
      // The invoices they credit are of m2; the credit notes were issued this month.
      expect((await app.ok(INVOICES, { month: m2 }, { token: staffToken })).invoices.totalCount).toBe(2);
      expect(await creditNotes({ month: m2 })).toMatchObject({ totalCount: 0, items: [] });
      // A credit note of last month (as if issued then) is listed under last month only.
      await app.dataSource.query(`UPDATE credit_note SET issued_on = $2 WHERE id = $1`, [notes[creditNoteNo(1)], `${lastMonth}-28`]);
      try {
        expect(numbers(await creditNotes({ month: lastMonth }))).toEqual([creditNoteNo(1)]);
        expect(numbers(await creditNotes({ month: thisMonth }))).toEqual([creditNoteNo(3), creditNoteNo(2)]);
        expect(numbers(await creditNotes({ month: thisMonth, familyId: roux.familyId }))).toEqual([creditNoteNo(3)]);
        expect(numbers(await creditNotes({}))).toEqual([creditNoteNo(3), creditNoteNo(2), creditNoteNo(1)]);
      } finally {
        await app.dataSource.query(`UPDATE credit_note SET issued_on = $2 WHERE id = $1`, [notes[creditNoteNo(1)], parisToday()]);
      }
    });

    it('refuses a malformed month or family id in French, naming the field', async () => {
      const err = expectInvalidField(await app.gql(CREDIT_NOTES, { month: '2026-13' }, { token: staffToken }), 'month');
      expect(err.message).toMatch(/Mois invalide/);
      expectInvalidField(await app.gql(CREDIT_NOTES, { month: 'novembre' }, { token: staffToken }), 'month');
      expectInvalidField(await app.gql(CREDIT_NOTES, { familyId: 'pas-un-id' }, { token: staffToken }), 'familyId');
      expectInvalidField(await app.gql(CREDIT_NOTES, { page: 0 }, { token: staffToken }), 'page');
    });

    it("never shows another commune's credit notes, even filtered on one of its families", async () => {
      expect((await creditNotes({ pageSize: 100 })).items.map((n: any) => n.id)).not.toContain(otherNoteId);
      expect(await creditNotes({ familyId: stranger.familyId })).toMatchObject({ totalCount: 0, items: [] });
      expect(await creditNotes({}, otherStaffToken)).toMatchObject({
        totalCount: 1,
        items: [{ id: otherNoteId, number: creditNoteNo(1), family: { id: stranger.familyId, name: 'ROUX Anne' } }],
      });
      expect(await creditNotes({ familyId: roux.familyId }, otherStaffToken)).toMatchObject({ totalCount: 0, items: [] });
    });

    it('is for staff: a family gets FORBIDDEN', async () => {
      expectError(await app.gql(CREDIT_NOTES, {}, { token: roux.token }), 'FORBIDDEN');
      expectError(await app.gql(CREDIT_NOTES, { familyId: roux.familyId }, { token: roux.token }), 'FORBIDDEN');
    });
  });

  describe('the family of invoices, payments and credit notes', () => {
    it("staff lists name each document's family", async () => {
      const invoices = (await app.ok(INVOICES, {}, { token: staffToken })).invoices.items;
      expect(invoices).toHaveLength(2);
      const families = Object.fromEntries(invoices.map((i: any) => [i.family.id, i.family.name]));
      expect(families).toEqual({ [roux.familyId]: 'ROUX Julie', [fabre.familyId]: 'FABRE Marc' });
      for (const family of [roux, fabre]) {
        const own = (await app.ok(INVOICES, { familyId: family.familyId }, { token: staffToken })).invoices.items;
        expect(own.map((i: any) => i.family.id)).toEqual([family.familyId]);
      }
      expect((await app.ok(PAYMENTS, {}, { token: staffToken })).payments.items).toEqual([{ id: expect.any(String), number: expect.any(String), family: { id: roux.familyId, name: 'ROUX Julie' } }]);
      const theirs = (await app.ok(INVOICES, {}, { token: otherStaffToken })).invoices.items;
      expect(theirs.map((i: any) => i.family)).toEqual([{ id: stranger.familyId, name: 'ROUX Anne' }]);
    });

    it('a family only ever sees its own family there', async () => {
      for (const family of [roux, fabre]) {
        const items = (await app.ok(FAMILY_HISTORY, {}, { token: family.token })).billingHistory.items;
        const seen = items.flatMap((e: any) => [e.invoice, e.payment, e.creditNote]).filter(Boolean);
        expect(seen.length).toBeGreaterThanOrEqual(2);
        for (const doc of seen) expect(doc.family.id).toBe(family.familyId);
      }
      const [fabreInvoice] = await invoicesOf(app, fabre.token);
      expectError(await app.gql(`query($id: ID!) { invoice(id: $id) { id family { id name } } }`, { id: fabreInvoice.id }, { token: roux.token }), 'NOT_FOUND');
      expectError(await app.gql(`query($id: ID!) { creditNote(id: $id) { id family { id } } }`, { id: notes[creditNoteNo(2)] }, { token: roux.token }), 'NOT_FOUND');
      const own = await app.ok(`query($id: ID!) { creditNote(id: $id) { family { id name } } }`, { id: notes[creditNoteNo(1)] }, { token: roux.token });
      expect(own.creditNote.family).toEqual({ id: roux.familyId, name: 'ROUX Julie' });
    });
  });
});
