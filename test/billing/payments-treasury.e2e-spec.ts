import { addDays } from '../../src/common/dates/local-date';
import { OnlinePayments } from '../../src/modules/payments/online-payments.service';
import { communeWithStaff, countRows, createEstablishment, expectError, expectInvalidField, expectSameNotFound, HOOK_TIMEOUT, parisToday, randomId } from '../helpers/catalog';
import { B, billMonth, book, historyOf, Invoice, invoiceOf, invoicesOf, payableOf, Payment, recordPayment, summaryOf } from '../helpers/billing';
import { createReservationActivity, monthFromNow, registeredChild, serviceDays } from '../helpers/reservations';
import { GqlResult, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** The régie: offline payments against a family's invoices, and invoices handed to the Trésor Public. */
describe('offline payments and the Trésor Public', () => {
  let app: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  let girard: { token: string; familyId: string };
  let blanc: { token: string; familyId: string };
  let cantine: { id: string };
  let emma: { id: string };
  let jules: { id: string };
  const [m2, m3, m4] = [monthFromNow(2), monthFromNow(3), monthFromNow(4)];
  const [d2, d3, d4] = [serviceDays(m2), serviceDays(m3), serviceDays(m4)];
  /** Girard's invoices: m2 (3 days, 10,20 €) then m3 (2 days, 6,80 €); Blanc's of m2 (1 day, 3,40 €). */
  let older: Invoice, newer: Invoice, blancs: Invoice;

  /** Everything a refused payment must leave as it was. */
  const ledger = async () => ({
    payments: await countRows(app, `SELECT 1 FROM payment`),
    allocations: await countRows(app, `SELECT 1 FROM payment_allocation`),
    counter: (await app.dataSource.query(`SELECT COALESCE(max(value), 0)::int AS v FROM commune_counter WHERE name = 'payment'`))[0].v,
    invoices: await app.dataSource.query(`SELECT id, state, paid_cents FROM invoice ORDER BY id`),
  });
  const pay = (input: Record<string, unknown>, token = staffToken) => recordPayment(app, token, input);

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'PAYVILLE')).staffToken;
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
    girard = await app.family('PAYVILLE', staffToken, { email: 'emma.girard@payville.test', firstName: 'Anne', lastName: 'Girard' });
    blanc = await app.family('PAYVILLE', staffToken, { email: 'jules.blanc@payville.test', firstName: 'Luc', lastName: 'Blanc' });
    cantine = await createReservationActivity(app, staffToken, { mealPriceCents: 340, dailyCapacity: 30 }, (await createEstablishment(app, staffToken, 'Ecole du Centre')).id);
    emma = await registeredChild(app, girard.token, staffToken, cantine.id, { firstName: 'Emma', lastName: 'GIRARD' });
    jules = await registeredChild(app, blanc.token, staffToken, cantine.id, { firstName: 'Jules', lastName: 'BLANC' });
    await book(app, girard.token, emma.id, cantine.id, d2.slice(0, 3));
    await book(app, blanc.token, jules.id, cantine.id, d2.slice(0, 1));
    await billMonth(app, staffToken, m2);
    await book(app, girard.token, emma.id, cantine.id, d3.slice(0, 2));
    await billMonth(app, staffToken, m3);
    [newer, older] = await invoicesOf(app, girard.token);
    [blancs] = await invoicesOf(app, blanc.token);
    expect([older.amountCents, newer.amountCents, blancs.amountCents]).toEqual([1020, 680, 340]);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it('staff find the invoices to work on: by family, state and month, newest first, paged; another commune sees none', async () => {
    const INVOICES = `query($familyId: ID, $state: InvoiceState, $month: String, $page: Int, $pageSize: Int) {
      invoices(familyId: $familyId, state: $state, month: $month, page: $page, pageSize: $pageSize) { items { id number state remainingCents } totalCount page pageSize } }`;
    const list = async (vars: Record<string, unknown>, token = staffToken) => (await app.ok(INVOICES, vars, { token })).invoices;
    expect((await list({ familyId: girard.familyId })).items.map((i: Invoice) => i.id)).toEqual([newer.id, older.id]);
    expect((await list({ month: m2 })).items.map((i: Invoice) => i.id).sort()).toEqual([older.id, blancs.id].sort());
    expect((await list({ month: m3, familyId: girard.familyId })).items.map((i: Invoice) => i.id)).toEqual([newer.id]);
    expect(await list({ pageSize: 1, page: 2 })).toMatchObject({ totalCount: 3, page: 2, pageSize: 1, items: [expect.anything()] });
    expect((await list({}, otherStaffToken)).totalCount).toBe(0);
    expectError(await app.gql(INVOICES, {}, { token: girard.token }), 'FORBIDDEN');
    expectError(await app.gql(INVOICES, { month: '2026-13' }, { token: staffToken }), 'BAD_USER_INPUT');
  });

  describe('recordPayment', () => {
    it('a cheque needs its number (digits), a bank only goes with a cheque: refused in French, nothing recorded', async () => {
      const before = await ledger();
      const base = { familyId: girard.familyId, invoiceIds: [older.id], amountCents: 100 };
      let err = expectError(await pay({ ...base, method: 'CHECK', reference: null }), 'BAD_USER_INPUT', 'CHEQUE_NUMBER_REQUIRED');
      expect(err).toMatchObject({ message: 'Indiquez le numéro du chèque.', extensions: { field: 'reference' } });
      expectError(await pay({ ...base, method: 'CHECK', reference: '   ' }), 'BAD_USER_INPUT', 'CHEQUE_NUMBER_REQUIRED');
      err = expectError(await pay({ ...base, method: 'CHECK', reference: 'n°12A' }), 'BAD_USER_INPUT', 'INVALID_CHEQUE_NUMBER');
      expect(err.message).toMatch(/^Le numéro du chèque ne contient que des chiffres/);
      expect(expectError(await pay({ ...base, method: 'TRANSFER', reference: 'VIR-1', issuer: 'Banque' }), 'BAD_USER_INPUT', 'ISSUER_ONLY_FOR_CHEQUE').extensions.field).toBe('issuer');
      expect(expectError(await pay({ ...base, method: 'TRANSFER', reference: 'x'.repeat(41) }), 'BAD_USER_INPUT').extensions.field).toBe('reference');
      expect(await ledger()).toEqual(before);
    });

    it('a cheque for two invoices is allocated oldest first: the oldest PAID, the other with less to pay', async () => {
      // Listed newest first: the order given does not matter.
      const res = await pay({ familyId: girard.familyId, invoiceIds: [newer.id, older.id], amountCents: 1200, method: 'CHECK', reference: ' 123 4567 ', issuer: 'Crédit Agricole' });
      expect(res.errors).toBeUndefined();
      // The cheque's number and bank are kept, and shown in the staff's lists.
      const listed = await app.ok(`query($f: ID) { payments(familyId: $f) { items { id reference issuer } } }`, { f: girard.familyId }, { token: staffToken });
      expect(listed.payments.items).toEqual([{ id: res.data.recordPayment.id, reference: '1234567', issuer: 'Crédit Agricole' }]);
      const payment: Payment = res.data.recordPayment;
      expect(payment).toMatchObject({
        number: '00001',
        label: 'Paiement n° 00001 (par chèque)',
        provider: 'CHECK',
        amountCents: 1200,
        state: 'VALIDATED',
        stateLabel: 'Règlement validé',
        receivedOn: parisToday(),
      });
      expect(payment.invoices).toEqual([
        { id: older.id, number: older.number, state: 'PAID', remainingCents: 0 },
        { id: newer.id, number: newer.number, state: 'UNPAID', remainingCents: 500 },
      ]);
      expect(await app.dataSource.query(`SELECT invoice_id, amount_cents FROM payment_allocation WHERE payment_id = $1 ORDER BY amount_cents DESC`, [payment.id])).toEqual([
        { invoice_id: older.id, amount_cents: 1020 },
        { invoice_id: newer.id, amount_cents: 180 },
      ]);
      expect(await invoiceOf(app, girard.token, older.id)).toMatchObject({ state: 'PAID', stateLabel: 'Facture soldée', paidCents: 1020, remainingCents: 0 });
      expect(await invoiceOf(app, girard.token, newer.id)).toMatchObject({ state: 'UNPAID', paidCents: 180, remainingCents: 500 });
      expect(await summaryOf(app, girard.token)).toMatchObject({ invoicedCents: 1700, paidCents: 1200, paymentCount: 1, dueCents: 500, unsettledInvoiceCount: 1 });
      expect((await payableOf(app, girard.token)).map((i) => [i.id, i.remainingCents])).toEqual([[newer.id, 500]]);
      expect((await historyOf(app, girard.token)).items[0]).toMatchObject({ kind: 'PAYMENT', label: 'Paiement n° 00001 (par chèque)', paymentAmountCents: 1200, state: 'VALIDATED' });
      // The family reads it too; the other family does not.
      expect((await app.ok(B.payment, { id: payment.id }, { token: girard.token })).payment.label).toBe('Paiement n° 00001 (par chèque)');
      expectSameNotFound(await app.gql(B.payment, { id: payment.id }, { token: blanc.token }), await app.gql(B.payment, { id: randomId() }, { token: blanc.token }));
    });

    it('more than what is due → AMOUNT_EXCEEDS_DUE, and nothing changes', async () => {
      const before = await ledger();
      const err = expectError(await pay({ familyId: girard.familyId, invoiceIds: [newer.id], amountCents: 501, method: 'TRANSFER' }), 'BAD_USER_INPUT', 'AMOUNT_EXCEEDS_DUE');
      expect(err.extensions.dueCents).toBe(500);
      expect(err.message).toMatch(/5,01\s€.*5,00\s€/);
      expectError(await pay({ familyId: girard.familyId, invoiceIds: [newer.id], amountCents: 0, method: 'TRANSFER' }), 'BAD_USER_INPUT');
      expectError(await pay({ familyId: girard.familyId, invoiceIds: [newer.id], amountCents: -100, method: 'TRANSFER' }), 'BAD_USER_INPUT');
      expectError(await pay({ familyId: girard.familyId, invoiceIds: [], amountCents: 100, method: 'TRANSFER' }), 'BAD_USER_INPUT');
      expect(await ledger()).toEqual(before);
    });

    it('cash is taken up to 300 € only (CASH_LIMIT_EXCEEDED beyond)', async () => {
      const sejour = await createReservationActivity(app, staffToken, { name: 'SEJOUR NEIGE', mealPriceCents: 3100 });
      const kid = await registeredChild(app, blanc.token, staffToken, sejour.id, { firstName: 'Lou', lastName: 'BLANC' });
      await book(app, blanc.token, kid.id, sejour.id, d4.slice(0, 10));
      await billMonth(app, staffToken, m4);
      const [big] = await invoicesOf(app, blanc.token);
      expect(big.amountCents).toBe(31_000);
      const before = await ledger();
      const err = expectError(await pay({ familyId: blanc.familyId, invoiceIds: [big.id], amountCents: 30_001, method: 'CASH' }), 'BAD_USER_INPUT', 'CASH_LIMIT_EXCEEDED');
      expect(err.message).toMatch(/espèces.*300,00\s€/);
      expect(await ledger()).toEqual(before);
      const cash = await pay({ familyId: blanc.familyId, invoiceIds: [big.id], amountCents: 30_000, method: 'CASH' });
      expect(cash.errors).toBeUndefined();
      expect(cash.data.recordPayment).toMatchObject({ label: 'Paiement n° 00002 (par espèces)', invoices: [{ id: big.id, state: 'UNPAID', remainingCents: 1000 }] });
      // The rest by cheque, over the cash limit: only cash is limited.
      expect((await pay({ familyId: blanc.familyId, invoiceIds: [big.id], amountCents: 1000, method: 'CESU' })).data.recordPayment.label).toBe('Paiement n° 00003 (par CESU)');
      expect((await invoiceOf(app, blanc.token, big.id)).state).toBe('PAID');
    });

    it("another family's invoice → NOT_FOUND like a random one, and nothing is created", async () => {
      const before = await ledger();
      const random = await pay({ familyId: girard.familyId, invoiceIds: [randomId()], amountCents: 100, method: 'CHECK' });
      expectSameNotFound(await pay({ familyId: girard.familyId, invoiceIds: [blancs.id], amountCents: 100, method: 'CHECK' }), random);
      expectSameNotFound(await pay({ familyId: girard.familyId, invoiceIds: [newer.id, blancs.id], amountCents: 100, method: 'CHECK' }), random);
      expectSameNotFound(await pay({ familyId: blanc.familyId, invoiceIds: [newer.id], amountCents: 100, method: 'CHECK' }), random);
      // Another commune's agent finds neither the family nor its invoices.
      expectSameNotFound(
        await pay({ familyId: girard.familyId, invoiceIds: [newer.id], amountCents: 100, method: 'CHECK' }, otherStaffToken),
        await pay({ familyId: randomId(), invoiceIds: [randomId()], amountCents: 100, method: 'CHECK' }, otherStaffToken),
      );
      expect(await ledger()).toEqual(before);
    });

    it('a PAID invoice → CONFLICT INVOICE_NOT_PAYABLE, even beside a payable one', async () => {
      const before = await ledger();
      let err = expectError(await pay({ familyId: girard.familyId, invoiceIds: [older.id], amountCents: 100, method: 'CHECK' }), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(err.message).toContain(older.number);
      err = expectError(await pay({ familyId: girard.familyId, invoiceIds: [older.id, newer.id], amountCents: 100, method: 'CHECK' }), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(err.extensions.invoiceIds).toEqual([older.id]);
      expect(await ledger()).toEqual(before);
    });

    it('a day of reception in the future is refused; a past one is kept', async () => {
      const before = await ledger();
      expectInvalidField(await pay({ familyId: girard.familyId, invoiceIds: [newer.id], amountCents: 100, method: 'CHECK', receivedOn: addDays(parisToday(), 1) }), 'receivedOn');
      expect(await ledger()).toEqual(before);
      const past = await pay({ familyId: girard.familyId, invoiceIds: [newer.id], amountCents: 100, method: 'CHECK', receivedOn: addDays(parisToday(), -3) });
      expect(past.data.recordPayment).toMatchObject({ receivedOn: addDays(parisToday(), -3), invoices: [{ id: newer.id, remainingCents: 400 }] });
    });

    it('a family cannot record a payment (FORBIDDEN)', async () => {
      const before = await ledger();
      expectError(await pay({ familyId: girard.familyId, invoiceIds: [newer.id], amountCents: 100, method: 'CHECK' }, girard.token), 'FORBIDDEN');
      expect(await ledger()).toEqual(before);
    });

    it('an invoice being paid online can neither be paid at the régie nor handed to the Trésor Public until that payment ends', async () => {
      const month = monthFromNow(6);
      const f = await app.family('PAYVILLE', staffToken, { email: 'ines.robert@payville.test', firstName: 'Inès', lastName: 'Robert' });
      const kid = await registeredChild(app, f.token, staffToken, cantine.id, { firstName: 'Sacha', lastName: 'ROBERT' });
      await book(app, f.token, kid.id, cantine.id, serviceDays(month).slice(0, 2));
      await billMonth(app, staffToken, month);
      const [due] = await invoicesOf(app, f.token);
      const checkout = await app.ok(`mutation($i: StartOnlinePaymentInput!) { startOnlinePayment(input: $i) { payment { id } } }`, { i: { invoiceIds: [due.id] } }, { token: f.token });
      expect((await invoiceOf(app, f.token, due.id)).state).toBe('PAYMENT_PENDING');

      const before = await ledger();
      const err = expectError(await pay({ familyId: f.familyId, invoiceIds: [due.id], amountCents: 680, method: 'CHECK' }), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(err.message).toMatch(/paiement en ligne est en cours/);
      expect(await ledger()).toEqual(before);
      expect(expectError(await app.gql(B.toTreasury, { i: { invoiceId: due.id } }, { token: staffToken }), 'CONFLICT', 'INVOICE_NOT_TRANSFERABLE').message).toMatch(/paiement en ligne est en cours/);
      expect((await invoiceOf(app, f.token, due.id)).state).toBe('PAYMENT_PENDING');

      // The family left the bank's page: once the payment has expired, the régie takes the cheque.
      await app.dataSource.query(`UPDATE payment SET expires_at = now() - interval '1 minute' WHERE id = $1`, [checkout.startOnlinePayment.payment.id]);
      await app.get<OnlinePayments>(OnlinePayments).expire();
      expect((await invoiceOf(app, f.token, due.id)).state).toBe('UNPAID');
      const cheque = await pay({ familyId: f.familyId, invoiceIds: [due.id], amountCents: 680, method: 'CHECK' });
      expect(cheque.errors).toBeUndefined();
      expect(cheque.data.recordPayment.invoices).toEqual([{ id: due.id, number: due.number, state: 'PAID', remainingCents: 0 }]);
    });

    it('ten families paid at once: ten distinct, gapless numbers and the right allocations', async () => {
      const month = monthFromNow(5);
      const days = serviceDays(month);
      const families: Array<{ token: string; familyId: string; child: { id: string } }> = [];
      for (let n = 0; n < 10; n++) {
        const f = await app.family('PAYVILLE', staffToken, { email: `foyer${n}@payville.test`, firstName: 'Parent', lastName: `Foyer${n}` });
        const child = await registeredChild(app, f.token, staffToken, cantine.id, { firstName: `Enfant${n}`, lastName: `FOYER${n}` });
        await book(app, f.token, child.id, cantine.id, days.slice(0, 2));
        families.push({ ...f, child });
      }
      await billMonth(app, staffToken, month);
      const invoices = await Promise.all(families.map(async (f) => (await invoicesOf(app, f.token))[0]));
      const before = (await ledger()).counter;

      const results = await Promise.all(families.map((f, i) => pay({ familyId: f.familyId, invoiceIds: [invoices[i].id], amountCents: 500, method: 'CHECK' })));
      for (const r of results) expect(r.errors).toBeUndefined();
      const numbers = results.map((r) => r.data.recordPayment.number).sort();
      expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => String(before + i + 1).padStart(5, '0')));
      results.forEach((r, i) => expect(r.data.recordPayment.invoices).toEqual([{ id: invoices[i].id, number: invoices[i].number, state: 'UNPAID', remainingCents: 180 }]));
      for (const [i, f] of families.entries()) expect(await invoiceOf(app, f.token, invoices[i].id)).toMatchObject({ paidCents: 500, remainingCents: 180 });

      // Two agents record a payment for the same invoice at once, together more than is due: one is refused.
      const [a, b] = await Promise.all([0, 1].map(() => pay({ familyId: families[0].familyId, invoiceIds: [invoices[0].id], amountCents: 150, method: 'CASH' })));
      const refused = [a, b].filter((r) => r.errors) as GqlResult[];
      expect(refused).toHaveLength(1);
      expectError(refused[0], 'BAD_USER_INPUT', 'AMOUNT_EXCEEDS_DUE');
      expect(await invoiceOf(app, families[0].token, invoices[0].id)).toMatchObject({ paidCents: 650, remainingCents: 30 });
      expect((await ledger()).counter).toBe(before + 11);
      const all = (await app.dataSource.query(`SELECT number FROM payment p JOIN commune c ON c.id = p.commune_id WHERE c.code = 'PAYVILLE' ORDER BY number`)).map((r: { number: number }) => r.number);
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    });
  });

  describe('transferInvoiceToTreasury', () => {
    it('an unpaid invoice goes to the Trésor Public: not payable here any more, still due', async () => {
      const res = await app.ok(B.toTreasury, { i: { invoiceId: blancs.id } }, { token: staffToken });
      expect(res.transferInvoiceToTreasury).toMatchObject({
        id: blancs.id,
        state: 'TREASURY',
        stateLabel: 'Paiement de cette facture géré par le Trésor Public',
        remainingCents: 340,
      });
      expect(await invoiceOf(app, blanc.token, blancs.id)).toMatchObject({ state: 'TREASURY', stateLabel: 'Paiement de cette facture géré par le Trésor Public' });
      expect((await payableOf(app, blanc.token)).map((i) => i.id)).not.toContain(blancs.id);
      expect(await summaryOf(app, blanc.token)).toMatchObject({ dueCents: 340, unsettledInvoiceCount: 1 });
      const row = (await historyOf(app, blanc.token, 1, 100)).items.find((e) => e.invoice?.id === blancs.id)!;
      expect(row).toMatchObject({ kind: 'INVOICE', state: 'TREASURY' });
    });

    it('twice → CONFLICT INVOICE_NOT_TRANSFERABLE; a paid invoice neither; the régie no longer takes payments for it', async () => {
      expectError(await app.gql(B.toTreasury, { i: { invoiceId: blancs.id } }, { token: staffToken }), 'CONFLICT', 'INVOICE_NOT_TRANSFERABLE');
      expectError(await app.gql(B.toTreasury, { i: { invoiceId: older.id } }, { token: staffToken }), 'CONFLICT', 'INVOICE_NOT_TRANSFERABLE');
      expect((await invoiceOf(app, girard.token, older.id)).state).toBe('PAID');
      const before = await ledger();
      expectError(await pay({ familyId: blanc.familyId, invoiceIds: [blancs.id], amountCents: 100, method: 'CHECK' }), 'CONFLICT', 'INVOICE_NOT_PAYABLE');
      expect(await ledger()).toEqual(before);
    });

    it('two agents hand the same invoice over at once: one succeeds, the other is told', async () => {
      const [a, b] = await Promise.all([0, 1].map(() => app.gql(B.toTreasury, { i: { invoiceId: newer.id } }, { token: staffToken })));
      const ok = [a, b].filter((r) => !r.errors);
      expect(ok).toHaveLength(1);
      expectError(
        [a, b].find((r) => r.errors)!,
        'CONFLICT',
        'INVOICE_NOT_TRANSFERABLE',
      );
      expect(await invoiceOf(app, girard.token, newer.id)).toMatchObject({ state: 'TREASURY', remainingCents: 400 });
      expect(await summaryOf(app, girard.token)).toMatchObject({ dueCents: 400, unsettledInvoiceCount: 1 });
      expect(await payableOf(app, girard.token)).toEqual([]);
    });

    it('a family → FORBIDDEN; another commune → NOT_FOUND like a random id', async () => {
      const [theirs] = await invoicesOf(app, blanc.token);
      expectError(await app.gql(B.toTreasury, { i: { invoiceId: theirs.id } }, { token: blanc.token }), 'FORBIDDEN');
      expectSameNotFound(
        await app.gql(B.toTreasury, { i: { invoiceId: theirs.id } }, { token: otherStaffToken }),
        await app.gql(B.toTreasury, { i: { invoiceId: randomId() } }, { token: otherStaffToken }),
      );
      expect((await invoiceOf(app, blanc.token, theirs.id)).state).toBe(theirs.state);
    });
  });
});
