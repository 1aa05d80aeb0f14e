import { OnlinePayments } from '../../src/modules/payments/online-payments.service';
import { DemoSeeder } from '../../src/setup/demo-seeder';
import { loginOk } from '../helpers/accounts';
import { communeWithStaff, countRows, createEstablishment, expectError, expectSameNotFound, HOOK_TIMEOUT, parisToday, randomId, schoolYearOf } from '../helpers/catalog';
import { B, billMonth, book, creditNoteNo, excuse, historyOf, Invoice, invoiceOf, invoicesOf, payableOf, periodLabel, recordPayment, summaryOf } from '../helpers/billing';
import { createReservationActivity, monthFromNow, registeredChild, serviceDays } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

/** "Mes Factures & Paiements": the totals, the history, an invoice's detail, the invoices to pay; and the guide's demo family. */
describe("the family's billing screens", () => {
  let app: TestApp;
  let staffToken: string;
  let bernard: { token: string; familyId: string };
  let petit: { token: string; familyId: string };
  let cantine: { id: string };
  let lina: { id: string };
  let noe: { id: string };
  const activityName = `RESTAURATION SCOLAIRE ${schoolYearOf(parisToday())}`;
  const [m2, m3, m4] = [monthFromNow(2), monthFromNow(3), monthFromNow(4)];
  const [d2, d3, d4] = [serviceDays(m2), serviceDays(m3), serviceDays(m4)];
  /** Bernard's invoices of m2, m3, m4 (oldest first), their payments and credit note, as the screens show them. */
  let i1: Invoice, i2: Invoice, i3: Invoice;
  let p1: { id: string; number: string }, p2: { id: string; number: string };
  let av: { id: string; number: string };
  let theirs: Invoice;

  beforeAll(async () => {
    app = await TestApp.start({ SEED_DEMO: 'true' });
    staffToken = (await communeWithStaff(app, 'ECRANVILLE')).staffToken;
    bernard = await app.family('ECRANVILLE', staffToken, { email: 'sophie.bernard@ecranville.test', firstName: 'Sophie', lastName: 'Bernard' });
    petit = await app.family('ECRANVILLE', staffToken, { email: 'marc.petit@ecranville.test', firstName: 'Marc', lastName: 'Petit' });
    cantine = await createReservationActivity(app, staffToken, { mealPriceCents: 340 }, (await createEstablishment(app, staffToken, 'Ecole Jean Jaurès')).id);
    lina = await registeredChild(app, bernard.token, staffToken, cantine.id, { firstName: 'Lina', lastName: 'BERNARD' });
    noe = await registeredChild(app, petit.token, staffToken, cantine.id, { firstName: 'Noé', lastName: 'PETIT' });
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('a family of the town', () => {
    it('before any invoice: zero everywhere, an empty history, nothing to pay', async () => {
      expect(await summaryOf(app, bernard.token)).toEqual({
        invoicedCents: 0,
        invoiceCount: 0,
        paidCents: 0,
        paymentCount: 0,
        dueCents: 0,
        unsettledInvoiceCount: 0,
        creditedCents: 0,
        creditNoteCount: 0,
        creditBalanceCents: 0,
      });
      expect(await historyOf(app, bernard.token)).toEqual({ items: [], totalCount: 0, page: 1, pageSize: 5 });
      expect(await payableOf(app, bernard.token)).toEqual([]);
    });

    it('three invoices: totals, and the invoices to pay oldest first', async () => {
      await book(app, bernard.token, lina.id, cantine.id, d2.slice(0, 3));
      await book(app, petit.token, noe.id, cantine.id, d2.slice(0, 2));
      await billMonth(app, staffToken, m2);
      await book(app, bernard.token, lina.id, cantine.id, d3.slice(0, 2));
      await billMonth(app, staffToken, m3);
      await book(app, bernard.token, lina.id, cantine.id, d4.slice(0, 1));
      await billMonth(app, staffToken, m4);
      [i3, i2, i1] = await invoicesOf(app, bernard.token);
      [theirs] = await invoicesOf(app, petit.token);
      expect([i1, i2, i3].map((i) => [i.periodStart, i.amountCents])).toEqual([
        [`${m2}-01`, 1020],
        [`${m3}-01`, 680],
        [`${m4}-01`, 340],
      ]);
      expect(await summaryOf(app, bernard.token)).toMatchObject({ invoicedCents: 2040, invoiceCount: 3, paidCents: 0, paymentCount: 0, dueCents: 2040, unsettledInvoiceCount: 3 });
      expect((await payableOf(app, bernard.token)).map((i) => i.id)).toEqual([i1.id, i2.id, i3.id]);
      expect(await summaryOf(app, petit.token)).toMatchObject({ invoicedCents: 680, invoiceCount: 1, dueCents: 680, unsettledInvoiceCount: 1 });
    });

    it('payments, a credit note and the Trésor Public: the three totals as the guide counts them', async () => {
      // A cheque for part of the oldest invoice; an absence excused on it; the newest handed to the
      // Trésor Public; cash paying the middle one off.
      const cheque = await recordPayment(app, staffToken, { familyId: bernard.familyId, invoiceIds: [i1.id], amountCents: 500, method: 'CHECK' });
      expect(cheque.errors).toBeUndefined();
      p1 = cheque.data.recordPayment;
      const credited = await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d2[0]] });
      expect(credited.errors).toBeUndefined();
      [av] = credited.data.excuseAbsence;
      await app.ok(B.toTreasury, { i: { invoiceId: i3.id } }, { token: staffToken });
      const cash = await recordPayment(app, staffToken, { familyId: bernard.familyId, invoiceIds: [i2.id], amountCents: 680, method: 'CASH' });
      expect(cash.errors).toBeUndefined();
      p2 = cash.data.recordPayment;
      expect([p1.number, p2.number, av.number]).toEqual(['00001', '00002', creditNoteNo(1)]);

      expect(await summaryOf(app, bernard.token)).toEqual({
        // Net of the credit note.
        invoicedCents: 2040 - 340,
        invoiceCount: 3,
        paidCents: 500 + 680,
        paymentCount: 2,
        // The oldest's remaining (1020 − 500 − 340) and the one at the Trésor Public.
        dueCents: 180 + 340,
        unsettledInvoiceCount: 2,
        creditedCents: 340,
        creditNoteCount: 1,
        creditBalanceCents: 0,
      });
      // Neither the paid invoice nor the Trésor Public's can be paid here.
      const payable = await payableOf(app, bernard.token);
      expect(payable.map((i) => [i.id, i.remainingCents])).toEqual([[i1.id, 180]]);
      // The other family's figures did not move.
      expect(await summaryOf(app, petit.token)).toMatchObject({ invoicedCents: 680, paidCents: 0, dueCents: 680, creditNoteCount: 0 });
    });

    it('the history: invoices, payments and credit notes together, newest first, 5 per page', async () => {
      const today = parisToday();
      const page1 = await historyOf(app, bernard.token);
      expect({ totalCount: page1.totalCount, page: page1.page, pageSize: page1.pageSize }).toEqual({ totalCount: 6, page: 1, pageSize: 5 });
      const row = (kind: string, label: string, amounts: [number | null, number | null, number | null], state: string) => ({
        date: today,
        kind,
        label,
        invoiceAmountCents: amounts[0],
        paymentAmountCents: amounts[1],
        creditAmountCents: amounts[2],
        state,
      });
      const shown = (items: Array<Record<string, any>>) =>
        items.map(({ date, kind, label, invoiceAmountCents, paymentAmountCents, creditAmountCents, state }) => ({
          date,
          kind,
          label,
          invoiceAmountCents,
          paymentAmountCents,
          creditAmountCents,
          state,
        }));
      expect(shown(page1.items)).toEqual([
        row('PAYMENT', 'Paiement n° 00002 (par espèces)', [null, 680, null], 'VALIDATED'),
        row('CREDIT_NOTE', `Avoir n° ${av.number}`, [null, null, 340], 'ISSUED'),
        row('PAYMENT', 'Paiement n° 00001 (par chèque)', [null, 500, null], 'VALIDATED'),
        row('INVOICE', `Facture n° ${i3.number}`, [340, null, null], 'TREASURY'),
        row('INVOICE', `Facture n° ${i2.number}`, [680, null, null], 'PAID'),
      ]);
      // Each row links to what it shows.
      expect(page1.items.map((e) => e.payment?.id ?? e.creditNote?.id ?? e.invoice?.id)).toEqual([p2.id, av.id, p1.id, i3.id, i2.id]);
      const page2 = await historyOf(app, bernard.token, 2);
      expect(shown(page2.items)).toEqual([row('INVOICE', `Facture n° ${i1.number}`, [1020, null, null], 'UNPAID')]);
      expect(page2).toMatchObject({ totalCount: 6, page: 2, pageSize: 5 });
      expect(await historyOf(app, bernard.token, 3)).toEqual({ items: [], totalCount: 6, page: 3, pageSize: 5 });
      expect((await historyOf(app, bernard.token, 3, 2)).items.map((e) => e.invoice?.id)).toEqual([i2.id, i1.id]);
      expectError(await app.gql(B.history, { pageSize: 101 }, { token: bernard.token }), 'BAD_USER_INPUT');
      expectError(await app.gql(B.history, { page: 0 }, { token: bernard.token }), 'BAD_USER_INPUT');
      // The other family sees only its own invoice.
      const other = await historyOf(app, petit.token);
      expect(other.totalCount).toBe(1);
      expect(other.items[0].label).toBe(`Facture n° ${theirs.number}`);
    });

    it("an invoice's detail: period, state in words, what was paid and credited, its credit notes", async () => {
      const detail = await invoiceOf(app, bernard.token, i1.id);
      expect(detail).toMatchObject({
        id: i1.id,
        number: i1.number,
        issuedOn: parisToday(),
        amountCents: 1020,
        paidCents: 500,
        creditedCents: 340,
        fromBalanceCents: 0,
        remainingCents: 180,
        state: 'UNPAID',
        stateLabel: 'Facture non soldée',
        periodLabel: periodLabel(m2),
        childrenLabel: 'BERNARD Lina',
        establishmentsLabel: 'Ecole Jean Jaurès',
        pdfUrl: `/invoices/${i1.id}/pdf`,
        lines: [{ childName: 'BERNARD Lina', activityName, quantity: 3, unitPriceCents: 340, amountCents: 1020 }],
        creditNotes: [{ id: av.id, number: av.number, amountCents: 340, appliedCents: 340, reason: 'Absence excusée : certificat médical' }],
      });
      expect(detail.periodLabel).toMatch(/^du 01\/\d{2}\/\d{4} au (28|29|30|31)\/\d{2}\/\d{4}$/);
      expect(await invoiceOf(app, bernard.token, i2.id)).toMatchObject({ state: 'PAID', stateLabel: 'Facture soldée', remainingCents: 0, paidCents: 680 });
      expect(await invoiceOf(app, bernard.token, i3.id)).toMatchObject({
        state: 'TREASURY',
        stateLabel: 'Paiement de cette facture géré par le Trésor Public',
        remainingCents: 340,
      });
      const payment = (await app.ok(B.payment, { id: p1.id }, { token: bernard.token })).payment;
      expect(payment).toMatchObject({
        number: '00001',
        label: 'Paiement n° 00001 (par chèque)',
        provider: 'CHECK',
        amountCents: 500,
        state: 'VALIDATED',
        stateLabel: 'Règlement validé',
        receivedOn: parisToday(),
        invoices: [{ id: i1.id, number: i1.number, state: 'UNPAID', remainingCents: 180 }],
      });
      const note = (await app.ok(B.creditNote, { id: av.id }, { token: bernard.token })).creditNote;
      expect(note).toMatchObject({
        number: creditNoteNo(1),
        amountCents: 340,
        reason: 'Absence excusée : certificat médical',
        invoice: { id: i1.id, number: i1.number },
        lines: [{ childName: 'BERNARD Lina', activityName, quantity: 1, unitPriceCents: 340, amountCents: 340 }],
        pdfUrl: `/credit-notes/${av.id}/pdf`,
      });
    });

    it("another family's invoice, payment or credit note is not found, exactly like a random id", async () => {
      for (const [doc, id] of [
        [B.invoice, i1.id],
        [B.invoice, i3.id],
        [B.payment, p1.id],
        [B.creditNote, av.id],
      ] as const) {
        expectSameNotFound(await app.gql(doc, { id }, { token: petit.token }), await app.gql(doc, { id: randomId() }, { token: petit.token }));
      }
      // And the other way round.
      expectSameNotFound(await app.gql(B.invoice, { id: theirs.id }, { token: bernard.token }), await app.gql(B.invoice, { id: randomId() }, { token: bernard.token }));
      // An id that is not one is refused as such.
      expectError(await app.gql(B.invoice, { id: 'facture-1' }, { token: bernard.token }), 'BAD_USER_INPUT');
    });

    it("staff read any invoice, payment or credit note of their commune; another commune's staff find none", async () => {
      expect((await invoiceOf(app, staffToken, i1.id)).remainingCents).toBe(180);
      expect((await invoiceOf(app, staffToken, theirs.id)).amountCents).toBe(680);
      expect((await app.ok(B.payment, { id: p2.id }, { token: staffToken })).payment.label).toBe('Paiement n° 00002 (par espèces)');
      expect((await app.ok(B.creditNote, { id: av.id }, { token: staffToken })).creditNote.number).toBe(av.number);
      // The demo town's agent works for another commune.
      const demoAgent = (await loginOk(app, 'agent.demo', app.portal.config.demo.password, { commune: 'AUTERIVE' })).accessToken;
      for (const [doc, id] of [
        [B.invoice, i1.id],
        [B.payment, p1.id],
        [B.creditNote, av.id],
      ] as const) {
        expectSameNotFound(await app.gql(doc, { id }, { token: demoAgent }), await app.gql(doc, { id: randomId() }, { token: demoAgent }));
      }
    });

    it('the family screens are the families’: staff → FORBIDDEN, nobody → UNAUTHENTICATED', async () => {
      expectError(await app.gql(B.summary, {}, { token: staffToken }), 'FORBIDDEN');
      expectError(await app.gql(B.history, {}, { token: staffToken }), 'FORBIDDEN');
      expectError(await app.gql(B.payable, {}, { token: staffToken }), 'FORBIDDEN');
      expectError(await app.gql(B.summary, {}, { commune: 'ECRANVILLE' }), 'UNAUTHENTICATED');
      expectError(await app.gql(B.invoice, { id: i1.id }, { commune: 'ECRANVILLE' }), 'UNAUTHENTICATED');
    });
    it('a payment waiting for the bank counts as paid (PENDING + VALIDATED); once cancelled it no longer does', async () => {
      const checkout = await app.ok(`mutation($i: StartOnlinePaymentInput!) { startOnlinePayment(input: $i) { payment { id number } } }`, { i: { invoiceIds: [i1.id] } }, { token: bernard.token });
      const pending = checkout.startOnlinePayment.payment;
      expect(await summaryOf(app, bernard.token)).toMatchObject({
        paidCents: 1180 + 180,
        paymentCount: 3,
        // The invoice waits for the bank's answer: not "non soldée" meanwhile (the guide's 491,46 € after paying online).
        dueCents: 340,
        unsettledInvoiceCount: 1,
      });
      const [top] = (await historyOf(app, bernard.token)).items;
      expect(top).toMatchObject({ kind: 'PAYMENT', label: `Paiement n° ${pending.number} (par carte bancaire)`, paymentAmountCents: 180, state: 'PENDING' });
      expect(await payableOf(app, bernard.token)).toEqual([]);
      expect((await invoiceOf(app, bernard.token, i1.id)).stateLabel).toBe('Facture en attente de validation du paiement');

      // The family left the bank's page: the payment expires, the invoice is due again.
      await app.dataSource.query(`UPDATE payment SET expires_at = now() - interval '1 minute' WHERE id = $1`, [pending.id]);
      await app.get<OnlinePayments>(OnlinePayments).expire();
      expect(await summaryOf(app, bernard.token)).toMatchObject({ paidCents: 1180, paymentCount: 2, dueCents: 520, unsettledInvoiceCount: 2 });
      expect((await historyOf(app, bernard.token)).items[0]).toMatchObject({ label: `Paiement n° ${pending.number} (par carte bancaire)`, state: 'CANCELLED' });
      expect((await payableOf(app, bernard.token)).map((i) => [i.id, i.remainingCents])).toEqual([[i1.id, 180]]);
    });
  });

  describe("the guide's demo family (SEED_DEMO)", () => {
    let demo: string;
    const GUIDE_SUMMARY = {
      invoicedCents: 86173,
      invoiceCount: 4,
      paidCents: 13300,
      paymentCount: 1,
      dueCents: 72873,
      unsettledInvoiceCount: 3,
      creditedCents: 0,
      creditNoteCount: 0,
      creditBalanceCents: 0,
    };
    const GUIDE_HISTORY = [
      { date: '2011-01-18', kind: 'PAYMENT', label: 'Paiement n° 04083 (par PAYLINE)', invoiceAmountCents: null, paymentAmountCents: 13300, state: 'VALIDATED' },
      { date: '2009-11-30', kind: 'INVOICE', label: 'Facture n° 2006-00098', invoiceAmountCents: 24996, paymentAmountCents: null, state: 'UNPAID' },
      { date: '2009-11-30', kind: 'INVOICE', label: 'Facture n° 2006-00097', invoiceAmountCents: 24150, paymentAmountCents: null, state: 'UNPAID' },
      { date: '2009-11-30', kind: 'INVOICE', label: 'Facture n° 2006-00096', invoiceAmountCents: 23727, paymentAmountCents: null, state: 'UNPAID' },
      { date: '2009-01-01', kind: 'INVOICE', label: 'Facture n° 00001', invoiceAmountCents: 13300, paymentAmountCents: null, state: 'PAID' },
    ];
    const historyRows = async () =>
      (await historyOf(app, demo)).items.map(({ date, kind, label, invoiceAmountCents, paymentAmountCents, state }) => ({
        date,
        kind,
        label,
        invoiceAmountCents,
        paymentAmountCents,
        state,
      }));
    const rowCounts = async () => {
      const out: Record<string, number> = {};
      for (const table of [
        'commune',
        'account',
        'family',
        'child',
        'establishment',
        'activity',
        'activity_closure',
        'registration',
        'invoice',
        'invoice_line',
        'payment',
        'payment_allocation',
        'credit_note',
        'family_credit',
      ]) {
        out[table] = await countRows(app, `SELECT 1 FROM ${table}`);
      }
      out.counters = (await app.dataSource.query(`SELECT COALESCE(sum(value), 0)::int AS n FROM commune_counter`))[0].n;
      return out;
    };

    beforeAll(async () => {
      demo = (await loginOk(app, app.portal.config.demo.familyLogin, app.portal.config.demo.password, { commune: 'AUTERIVE' })).accessToken;
      expect(app.portal.config.demo).toMatchObject({ familyLogin: 'famille.demo', staffLogin: 'agent.demo', password: 'Portail-Demo-2026' });
    });

    it("the guide's three totals: 861,73 € (4 factures) / 133,00 € (1 paiement) / 728,73 € (3 factures non soldées)", async () => {
      expect(await summaryOf(app, demo)).toEqual(GUIDE_SUMMARY);
    });

    it("the guide's history, newest first", async () => {
      expect(await historyRows()).toEqual(GUIDE_HISTORY);
      expect((await historyOf(app, demo)).totalCount).toBe(5);
    });

    it('invoice 2006-00098 in detail; the three unpaid ones are payable, oldest first', async () => {
      const row = (await historyOf(app, demo)).items.find((e) => e.label === 'Facture n° 2006-00098')!;
      const invoice = await invoiceOf(app, demo, row.invoice.id);
      expect(invoice).toMatchObject({
        number: '2006-00098',
        issuedOn: '2009-11-30',
        amountCents: 24996,
        remainingCents: 24996,
        state: 'UNPAID',
        stateLabel: 'Facture non soldée',
        periodStart: '2009-11-01',
        periodEnd: '2009-11-30',
        periodLabel: 'du 01/11/2009 au 30/11/2009',
        childrenLabel: 'DEMO Emilie / DEMO Tom',
        establishmentsLabel: 'RESTAURANT / MULTI ACCUEIL',
      });
      expect(invoice.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(24996);
      expect((await payableOf(app, demo)).map((i) => [i.number, i.remainingCents])).toEqual([
        ['2006-00096', 23727],
        ['2006-00097', 24150],
        ['2006-00098', 24996],
      ]);
      const payment = (await historyOf(app, demo)).items[0].payment;
      expect((await app.ok(B.payment, { id: payment.id }, { token: demo })).payment).toMatchObject({
        number: '04083',
        provider: 'PAYLINE',
        receivedOn: '2011-01-18',
        invoices: [{ number: '00001', state: 'PAID', remainingCents: 0 }],
      });
    });

    it('loading the demo again changes nothing', async () => {
      const before = await rowCounts();
      await app.get<DemoSeeder>(DemoSeeder).seed();
      expect(await rowCounts()).toEqual(before);
      expect(await summaryOf(app, demo)).toEqual(GUIDE_SUMMARY);
      expect(await historyRows()).toEqual(GUIDE_HISTORY);
    });

    it('after the family renamed « TEST VALENTINA », loading the demo again adds no child (found by a stable key, not by name)', async () => {
      const demoChildren = async () => (await app.ok(`query { myChildren { id firstName lastName } }`, {}, { token: demo })).myChildren as Array<{ id: string; firstName: string; lastName: string }>;
      const before = await demoChildren();
      const valentina = before.find((c) => c.firstName === 'VALENTINA')!;
      await app.ok(`mutation($i: UpdateChildInput!) { updateChild(input: $i) { id } }`, { i: { id: valentina.id, firstName: 'Valentina', lastName: 'Test-Martin' } }, { token: demo });
      await app.get<DemoSeeder>(DemoSeeder).seed();
      await app.get<DemoSeeder>(DemoSeeder).seed();
      const after = await demoChildren();
      expect(after.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
      expect(after.find((c) => c.id === valentina.id)).toMatchObject({ firstName: 'Valentina', lastName: 'Test-Martin' });
      // A database loaded before the keys existed: the children take their key the next time, then a rename is harmless too.
      await app.dataSource.query(`UPDATE child SET seed_key = NULL, first_name = 'VALENTINA', last_name = 'TEST' WHERE id = $1`, [valentina.id]);
      await app.get<DemoSeeder>(DemoSeeder).seed();
      await app.dataSource.query(`UPDATE child SET first_name = 'Valentina' WHERE id = $1`, [valentina.id]);
      await app.get<DemoSeeder>(DemoSeeder).seed();
      expect((await demoChildren()).map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
      await app.dataSource.query(`UPDATE child SET first_name = 'VALENTINA' WHERE id = $1`, [valentina.id]);
    });

    it("paying 2006-00096 online gives the guide's 370,27 € (2 paiements) / 491,46 € (2 factures non soldées); the town's payment numbers go on after 04083", async () => {
      const [i96] = await payableOf(app, demo);
      expect(i96.number).toBe('2006-00096');
      const checkout = await app.ok(
        `mutation($i: StartOnlinePaymentInput!) { startOnlinePayment(input: $i) { payment { number amountCents state } } }`,
        { i: { invoiceIds: [i96.id] } },
        { token: demo },
      );
      expect(checkout.startOnlinePayment.payment).toEqual({ number: '04084', amountCents: 23727, state: 'PENDING' });
      expect(await summaryOf(app, demo)).toMatchObject({ invoicedCents: 86173, invoiceCount: 4, paidCents: 37027, paymentCount: 2, dueCents: 49146, unsettledInvoiceCount: 2 });
      expect((await payableOf(app, demo)).map((i) => i.number)).toEqual(['2006-00097', '2006-00098']);
      // The agent records a cheque for the next one: the sequence goes on.
      const agent = (await loginOk(app, 'agent.demo', app.portal.config.demo.password, { commune: 'AUTERIVE' })).accessToken;
      const familyId = (await app.ok(`query { me { family { id } } }`, {}, { token: demo })).me.family.id;
      const [i97] = await payableOf(app, demo);
      const res = await recordPayment(app, agent, { familyId, invoiceIds: [i97.id], amountCents: 24150, method: 'CHECK' });
      expect(res.data.recordPayment).toMatchObject({ number: '04085', label: 'Paiement n° 04085 (par chèque)', invoices: [{ number: '2006-00097', state: 'PAID' }] });
    });
  });
});
