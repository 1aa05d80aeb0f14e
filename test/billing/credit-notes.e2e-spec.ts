import { frenchLongDate } from '../../src/common/dates/local-date';
import { BillingRuns } from '../../src/modules/billing/billing-runs.service';
import { OnlinePayments } from '../../src/modules/payments/online-payments.service';
import { C, communeWithStaff, countRows, createEstablishment, expectError, expectInvalidField, HOOK_TIMEOUT, parisToday, schoolYearOf } from '../helpers/catalog';
import {
  afterBilling,
  B,
  billMonth,
  book,
  CreditNote,
  creditBalanceOf,
  creditNoteMails,
  creditNoteNo,
  excuse,
  historyOf,
  Invoice,
  invoiceMails,
  invoiceOf,
  invoicesOf,
  payableOf,
  presenceOf,
  recordPayment,
  summaryOf,
} from '../helpers/billing';
import { createReservationActivity, headcountOf, monthFromNow, registeredChild, seatRow, serviceDays, settle, statesOf, submit, withQueuePaused } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A mail's words on one line: its line breaks and list markup as single spaces. */
const plainText = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Avoirs: a billed day that stops being due (a closure, an excused absence) is credited once, never silently kept. */
describe('credit notes', () => {
  const ROUX = 'julie.roux@avoirville.test';
  const FABRE = 'marc.fabre@avoirville.test';
  let app: TestApp;
  let staffToken: string;
  let otherStaffToken: string;
  let roux: { token: string; familyId: string };
  let fabre: { token: string; familyId: string };
  let cantine: { id: string };
  let lina: { id: string };
  let hugo: { id: string };
  let tom: { id: string };
  const activityName = `RESTAURATION SCOLAIRE ${schoolYearOf(parisToday())}`;
  const month = monthFromNow(2);
  const d = serviceDays(month);
  let invoice: Invoice;

  const creditNoteRows = () => countRows(app, `SELECT 1 FROM credit_note`);
  const creditOfDay = async (childId: string, date: string) =>
    (await app.dataSource.query(`SELECT credit_note_id FROM billed_day WHERE child_id = $1 AND activity_id = $2 AND date = $3`, [childId, cantine.id, date]))[0]?.credit_note_id as
      string | null | undefined;
  const close = (from: string, to: string, label: string) => app.ok(C.addClosure, { i: { activityId: cantine.id, from, to, label } }, { token: staffToken });

  beforeAll(async () => {
    app = await TestApp.start();
    staffToken = (await communeWithStaff(app, 'AVOIRVILLE')).staffToken;
    otherStaffToken = (await communeWithStaff(app, 'AILLEURS')).staffToken;
    roux = await app.family('AVOIRVILLE', staffToken, { email: ROUX, firstName: 'Julie', lastName: 'Roux' });
    fabre = await app.family('AVOIRVILLE', staffToken, { email: FABRE, firstName: 'Marc', lastName: 'Fabre' });
    cantine = await createReservationActivity(app, staffToken, { mealPriceCents: 340, dailyCapacity: 10 }, (await createEstablishment(app, staffToken, 'Ecole des Tilleuls')).id);
    lina = await registeredChild(app, roux.token, staffToken, cantine.id, { firstName: 'Lina', lastName: 'ROUX' });
    hugo = await registeredChild(app, roux.token, staffToken, cantine.id, { firstName: 'Hugo', lastName: 'ROUX' });
    tom = await registeredChild(app, fabre.token, staffToken, cantine.id, { firstName: 'Tom', lastName: 'FABRE' });
    await book(app, roux.token, lina.id, cantine.id, d.slice(0, 6));
    expect(await billMonth(app, staffToken, month)).toMatchObject({ invoicesCreated: 1 });
    [invoice] = await invoicesOf(app, roux.token);
    expect(invoice).toMatchObject({ amountCents: 6 * 340, remainingCents: 2040 });
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  it('a closure over billed days credits them against the invoice that billed them; the days are CLOSED and their seats freed', async () => {
    // Hugo books one of the days after the run: not billed, simply cancelled by the closure.
    await book(app, roux.token, hugo.id, cantine.id, [d[1]]);
    expect(await headcountOf(app, staffToken, cantine.id, d[1])).toMatchObject({ booked: 2 });

    await close(d[1], d[2], 'Grève du personnel');
    await settle(app);
    await afterBilling(app);

    const after = await invoiceOf(app, roux.token, invoice.id);
    expect(after).toMatchObject({ amountCents: 2040, creditedCents: 680, remainingCents: 1360, state: 'UNPAID' });
    expect(after.creditNotes).toEqual([{ id: expect.any(String), number: creditNoteNo(1), amountCents: 680, appliedCents: 680, reason: 'Fermeture : Grève du personnel' }]);
    const note: CreditNote = (await app.ok(B.creditNote, { id: after.creditNotes[0].id }, { token: roux.token })).creditNote;
    expect(note).toMatchObject({
      number: creditNoteNo(1),
      issuedOn: parisToday(),
      amountCents: 680,
      reason: 'Fermeture : Grève du personnel',
      invoice: { id: invoice.id, number: invoice.number },
      lines: [{ childName: 'ROUX Lina', activityName, quantity: 2, unitPriceCents: 340, amountCents: 680 }],
    });

    expect(await statesOf(app, roux.token, lina.id, cantine.id, [d[1], d[2], d[3]])).toEqual({ [d[1]]: 'CLOSED', [d[2]]: 'CLOSED', [d[3]]: 'BOOKED' });
    expect(await statesOf(app, roux.token, hugo.id, cantine.id, [d[1]])).toEqual({ [d[1]]: 'CLOSED' });
    expect(await seatRow(app, cantine.id, d[1])).toEqual({ booked: 0, held: 0 });
    expect(await seatRow(app, cantine.id, d[2])).toEqual({ booked: 0, held: 0 });
    expect(await presenceOf(app, lina.id, cantine.id, d[1])).toEqual({ status: 'CANCELLED', invoice_id: invoice.id });
    expect(await creditOfDay(lina.id, d[1])).toBe(note.id);
    expect(await creditOfDay(lina.id, d[3])).toBeNull();

    expect(await summaryOf(app, roux.token)).toMatchObject({ invoicedCents: 1360, invoiceCount: 1, dueCents: 1360, creditedCents: 680, creditNoteCount: 1, creditBalanceCents: 0 });
    const [first] = (await historyOf(app, roux.token)).items;
    expect(first).toMatchObject({ kind: 'CREDIT_NOTE', label: `Avoir n° ${creditNoteNo(1)}`, creditAmountCents: 680, invoiceAmountCents: null, state: 'ISSUED', date: parisToday() });

    const mails = creditNoteMails(app, ROUX);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain(creditNoteNo(1));
    expect(mails[0].text).toContain('Motif : Fermeture : Grève du personnel');
    expect(mails[0].text).toMatch(/6,80\s€/);
    expect(mails[0].text).toContain(invoice.number);
    // The closure's own mail tells the family of every day it cancelled, and says which will not be
    // billed (Hugo's) and which were billed and are credited by an avoir (Lina's), never « pas facturés » for those.
    const closureMail = app.mailbox.to(ROUX).find((m) => /fermeture/i.test(m.subject));
    const text = plainText(closureMail!.text);
    const notBilled = 'Les présences suivantes sont annulées et ne vous seront pas facturées :';
    const credited = 'Les présences suivantes, déjà facturées, sont annulées et vous seront créditées par un avoir (déduit de la facture concernée, ou de vos prochaines factures) :';
    expect(text).toContain(`${notBilled} - ROUX Hugo — ${frenchLongDate(d[1])} ${credited} - ROUX Lina — ${frenchLongDate(d[1])} - ROUX Lina — ${frenchLongDate(d[2])} Nous vous prions`);
    expect(plainText(closureMail!.html)).toContain(credited);

    // Hugo's closed day is not billed by a later run.
    expect(await billMonth(app, staffToken, month)).toMatchObject({ invoicesCreated: 0 });
    expect(await presenceOf(app, hugo.id, cantine.id, d[1])).toEqual({ status: 'CANCELLED', invoice_id: null });
  });

  it('staff excuse an absence on a billed day: a credit note, the day EXCUSED, its seat freed', async () => {
    expect(await headcountOf(app, staffToken, cantine.id, d[3])).toMatchObject({ booked: 1 });
    const res = await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[3]] });
    expect(res.errors).toBeUndefined();
    expect(res.data.excuseAbsence).toEqual([
      expect.objectContaining({
        number: creditNoteNo(2),
        amountCents: 340,
        appliedCents: 340,
        reason: 'Absence excusée : certificat médical',
        invoice: { id: invoice.id, number: invoice.number },
        lines: [{ childName: 'ROUX Lina', activityName, quantity: 1, unitPriceCents: 340, amountCents: 340 }],
      }),
    ]);
    await afterBilling(app);
    expect(await statesOf(app, roux.token, lina.id, cantine.id, [d[3]])).toEqual({ [d[3]]: 'EXCUSED' });
    // The booking that held the day says so on its detail.
    const mine = (await app.ok(`query { myReservations(pageSize: 100) { items { child { id } lines { date kind state townHallNote } } } }`, {}, { token: roux.token })).myReservations.items;
    const lines = mine
      .filter((r: any) => r.child.id === lina.id)
      .flatMap((r: any) => r.lines)
      .filter((l: any) => l.date === d[3] && l.kind === 'BOOK');
    expect(lines).toEqual([{ date: d[3], kind: 'BOOK', state: 'ACCEPTED', townHallNote: 'Absence excusée par la mairie' }]);
    expect(await headcountOf(app, staffToken, cantine.id, d[3])).toMatchObject({ booked: 0 });
    expect(await invoiceOf(app, roux.token, invoice.id)).toMatchObject({ creditedCents: 1020, remainingCents: 1020 });
    expect(creditNoteMails(app, ROUX).map((m) => m.subject)).toEqual([expect.stringContaining(creditNoteNo(1)), expect.stringContaining(creditNoteNo(2))]);
  });

  it('excusing a booked day not billed yet: no credit note, and no run ever bills it', async () => {
    await book(app, roux.token, lina.id, cantine.id, [d[6]]);
    const notes = await creditNoteRows();
    const res = await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[6]] });
    expect(res.errors).toBeUndefined();
    expect(res.data.excuseAbsence).toEqual([]);
    expect(await creditNoteRows()).toBe(notes);
    expect(await statesOf(app, roux.token, lina.id, cantine.id, [d[6]])).toEqual({ [d[6]]: 'EXCUSED' });
    expect(await billMonth(app, staffToken, month)).toMatchObject({ invoicesCreated: 0 });
    expect(await presenceOf(app, lina.id, cantine.id, d[6])).toEqual({ status: 'EXCUSED', invoice_id: null });
    expect(await creditOfDay(lina.id, d[6])).toBeUndefined();
    // The family can neither book nor cancel an excused day.
    for (const kind of ['book', 'cancel']) {
      const err = expectError(await submit(app, roux.token, { childId: lina.id, activityId: cantine.id, month, [kind]: [d[6]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
      expect(err.extensions.invalidDays.map((x: any) => x.reason)).toEqual(['EXCUSED']);
    }
  });

  it('excusing the same day twice is refused (ALREADY_EXCUSED) and credits nothing more; so is a day not booked', async () => {
    const notes = await creditNoteRows();
    let err = expectError(await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[3]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
    expect(err.extensions.invalidDays).toEqual([{ date: d[3], reason: 'ALREADY_EXCUSED' }]);
    // All or nothing: a good day beside a bad one is not excused either.
    err = expectError(await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[4], d[3]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
    expect(err.extensions.invalidDays).toEqual([{ date: d[3], reason: 'ALREADY_EXCUSED' }]);
    expect(await presenceOf(app, lina.id, cantine.id, d[4])).toEqual({ status: 'BOOKED', invoice_id: invoice.id });
    // A closed day, a day never booked.
    err = expectError(await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[1], d[10]] }), 'BAD_USER_INPUT', 'INVALID_DAYS');
    expect(err.extensions.invalidDays).toEqual([
      { date: d[1], reason: 'NOT_BOOKED' },
      { date: d[10], reason: 'NOT_BOOKED' },
    ]);
    expectInvalidField(await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[4]], reason: '   ' }), 'reason');
    expect(await creditNoteRows()).toBe(notes);
    expect(await invoiceOf(app, roux.token, invoice.id)).toMatchObject({ creditedCents: 1020, remainingCents: 1020 });
  });

  it('a day excused then covered by a closure is not credited twice; a billed day beside it is', async () => {
    const creditOfD3 = await creditOfDay(lina.id, d[3]);
    await close(d[3], d[4], 'Panne de cuisine');
    await afterBilling(app);
    const notes = (await invoiceOf(app, roux.token, invoice.id)).creditNotes;
    expect(notes.map((n) => [n.number, n.amountCents, n.reason])).toEqual([
      [creditNoteNo(1), 680, 'Fermeture : Grève du personnel'],
      [creditNoteNo(2), 340, 'Absence excusée : certificat médical'],
      [creditNoteNo(3), 340, 'Fermeture : Panne de cuisine'],
    ]);
    expect(await creditOfDay(lina.id, d[3])).toBe(creditOfD3);
    expect(await invoiceOf(app, roux.token, invoice.id)).toMatchObject({ creditedCents: 1360, remainingCents: 680 });
    expect(creditNoteMails(app, ROUX)).toHaveLength(3);
  });

  it('a credit beyond what remains due settles the invoice and goes to the family balance', async () => {
    // 680 € remain (d[0] and d[5]); a cheque pays 500; excusing d[5] (340) leaves 180 due on it, 160 to the balance.
    expect((await recordPayment(app, staffToken, { familyId: roux.familyId, invoiceIds: [invoice.id], amountCents: 500, method: 'CHECK' })).errors).toBeUndefined();
    const res = await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[5]] });
    expect(res.data.excuseAbsence).toEqual([expect.objectContaining({ number: creditNoteNo(4), amountCents: 340, appliedCents: 180 })]);
    expect(await invoiceOf(app, roux.token, invoice.id)).toMatchObject({ state: 'PAID', stateLabel: 'Facture soldée', paidCents: 500, creditedCents: 1540, remainingCents: 0 });
    expect(await creditBalanceOf(app, staffToken, roux.familyId)).toBe(160);
    expect(await summaryOf(app, roux.token)).toMatchObject({ creditBalanceCents: 160, dueCents: 0, unsettledInvoiceCount: 0, creditNoteCount: 4 });
    await afterBilling(app);
    const mail = creditNoteMails(app, ROUX).find((m) => m.subject.includes(creditNoteNo(4)))!;
    expect(mail.text).toMatch(/1,60\s€ sont gardés en crédit/);
  });

  it('days of two invoices excused at once: one credit note per invoice', async () => {
    // d[9] booked after the first invoice: a second invoice, which takes the 1,60 € balance at its creation.
    await book(app, roux.token, lina.id, cantine.id, [d[9]]);
    await billMonth(app, staffToken, month);
    const [second] = await invoicesOf(app, roux.token);
    expect(second).toMatchObject({ amountCents: 340, fromBalanceCents: 160, remainingCents: 180, state: 'UNPAID' });
    expect(await creditBalanceOf(app, staffToken, roux.familyId)).toBe(0);

    const res = await excuse(app, staffToken, { childId: lina.id, activityId: cantine.id, dates: [d[9], d[0]] });
    expect(res.errors).toBeUndefined();
    const notes: CreditNote[] = res.data.excuseAbsence;
    expect(notes.map((n) => [n.invoice.id, n.amountCents, n.appliedCents]).sort()).toEqual(
      [
        [invoice.id, 340, 0],
        [second.id, 340, 180],
      ].sort(),
    );
    expect(notes.map((n) => n.number).sort()).toEqual([creditNoteNo(5), creditNoteNo(6)]);
    expect(await invoiceOf(app, roux.token, second.id)).toMatchObject({ state: 'PAID', remainingCents: 0, creditedCents: 180 });
    // 3,40 € from the paid invoice, 1,60 € beyond what the second still owed.
    expect(await creditBalanceOf(app, staffToken, roux.familyId)).toBe(500);
    expect(await statesOf(app, roux.token, lina.id, cantine.id, [d[0], d[9]])).toEqual({ [d[0]]: 'EXCUSED', [d[9]]: 'EXCUSED' });
  });

  it('an absence excused while a run bills the month: the day is never both billed and left uncredited', async () => {
    const m5 = monthFromNow(5);
    const days = serviceDays(m5);
    const runs = app.get<BillingRuns>(BillingRuns);
    for (let round = 0; round < 6; round++) {
      const day = days[round];
      await book(app, roux.token, hugo.id, cantine.id, [day]);
      const [excused] = await withQueuePaused(app, 'billing', async () => {
        const queued = (await app.ok(B.runBilling, { i: { month: m5 } }, { token: staffToken })).runBilling;
        return Promise.all([excuse(app, staffToken, { childId: hugo.id, activityId: cantine.id, dates: [day] }), sleep(Math.floor(round / 2)).then(() => runs.execute(queued.id))]);
      });
      await app.idle('billing');
      expect(excused.errors).toBeUndefined();
      const presence = await presenceOf(app, hugo.id, cantine.id, day);
      expect(presence!.status).toBe('EXCUSED');
      const credit = await creditOfDay(hugo.id, day);
      if (presence!.invoice_id) {
        // Billed first, then excused: credited against that invoice, once.
        expect(credit).toEqual(expect.any(String));
        expect(excused.data.excuseAbsence).toEqual([expect.objectContaining({ id: credit, amountCents: 340, invoice: expect.objectContaining({ id: presence!.invoice_id }) })]);
      } else {
        // Excused first: never billed.
        expect(credit).toBeUndefined();
        expect(excused.data.excuseAbsence).toEqual([]);
      }
    }
    expect(await billMonth(app, staffToken, m5)).toMatchObject({ invoicesCreated: 0, failures: [] });
  });

  it('a credit on an invoice already paid goes to the balance; the next invoices consume it at their creation', async () => {
    const [m3, m4] = [monthFromNow(3), monthFromNow(4)];
    const [d3, d4] = [serviceDays(m3), serviceDays(m4)];
    await book(app, fabre.token, tom.id, cantine.id, [d[0], d[7]]);
    await billMonth(app, staffToken, month);
    const [paid] = await invoicesOf(app, fabre.token);
    expect(paid.amountCents).toBe(680);
    expect((await recordPayment(app, staffToken, { familyId: fabre.familyId, invoiceIds: [paid.id], amountCents: 680, method: 'TRANSFER' })).errors).toBeUndefined();

    const res = await excuse(app, staffToken, { childId: tom.id, activityId: cantine.id, dates: [d[0]] });
    expect(res.data.excuseAbsence).toEqual([expect.objectContaining({ amountCents: 340, appliedCents: 0, invoice: { id: paid.id, number: paid.number } })]);
    expect(await invoiceOf(app, fabre.token, paid.id)).toMatchObject({ state: 'PAID', remainingCents: 0, paidCents: 680, creditedCents: 0 });
    expect(await creditBalanceOf(app, staffToken, fabre.familyId)).toBe(340);
    expect(await summaryOf(app, fabre.token)).toMatchObject({ creditBalanceCents: 340, invoicedCents: 340, paidCents: 680, dueCents: 0 });

    // The next invoice (3 days) takes the 3,40 € at its creation.
    await book(app, fabre.token, tom.id, cantine.id, d3.slice(0, 3));
    await billMonth(app, staffToken, m3);
    const [next] = await invoicesOf(app, fabre.token);
    expect(next).toMatchObject({ amountCents: 1020, fromBalanceCents: 340, remainingCents: 680, state: 'UNPAID' });
    expect(await creditBalanceOf(app, staffToken, fabre.familyId)).toBe(0);
    expect((await payableOf(app, fabre.token)).map((i) => [i.id, i.remainingCents])).toEqual([[next.id, 680]]);

    // Paid off, then two of its days excused: 6,80 € of credit; the next invoice (one day) is covered entirely.
    expect((await recordPayment(app, staffToken, { familyId: fabre.familyId, invoiceIds: [next.id], amountCents: 680, method: 'CESU' })).errors).toBeUndefined();
    const two = await excuse(app, staffToken, { childId: tom.id, activityId: cantine.id, dates: [d3[0], d3[1]] });
    expect(two.data.excuseAbsence).toEqual([expect.objectContaining({ amountCents: 680, appliedCents: 0 })]);
    expect(await creditBalanceOf(app, staffToken, fabre.familyId)).toBe(680);
    await book(app, fabre.token, tom.id, cantine.id, d4.slice(0, 1));
    await billMonth(app, staffToken, m4);
    const [covered] = await invoicesOf(app, fabre.token);
    expect(covered).toMatchObject({ amountCents: 340, fromBalanceCents: 340, remainingCents: 0, state: 'PAID', stateLabel: 'Facture soldée' });
    expect(await creditBalanceOf(app, staffToken, fabre.familyId)).toBe(340);
    expect(await payableOf(app, fabre.token)).toEqual([]);
    expect(await summaryOf(app, fabre.token)).toMatchObject({
      invoicedCents: 680 + 1020 + 340 - 340 - 680,
      invoiceCount: 3,
      paidCents: 1360,
      paymentCount: 2,
      dueCents: 0,
      unsettledInvoiceCount: 0,
      creditedCents: 1020,
      creditNoteCount: 2,
      creditBalanceCents: 340,
    });
    // Its mail says nothing is left to pay.
    const mail = invoiceMails(app, FABRE).find((m) => m.subject.includes(covered.number))!;
    expect(mail.text).toMatch(/Restant dû : 0,00\s€/);
    expect(mail.text).not.toContain('À régler avant');
  });

  it('a credit that leaves nothing due on an invoice being paid online settles it; the payment that then ends changes nothing', async () => {
    const m6 = monthFromNow(6);
    const days = serviceDays(m6);
    const lambert = await app.family('AVOIRVILLE', staffToken, { email: 'lea.lambert@avoirville.test', firstName: 'Léa', lastName: 'Lambert' });
    const kid = await registeredChild(app, lambert.token, staffToken, cantine.id, { firstName: 'Zoé', lastName: 'LAMBERT' });
    await book(app, lambert.token, kid.id, cantine.id, days.slice(0, 2));
    await billMonth(app, staffToken, m6);
    const [due] = await invoicesOf(app, lambert.token);
    // "Payer en ligne": the family is on the bank's page, the invoice waits for its answer.
    const checkout = await app.ok(`mutation($i: StartOnlinePaymentInput!) { startOnlinePayment(input: $i) { payment { id state } } }`, { i: { invoiceIds: [due.id] } }, { token: lambert.token });
    expect(checkout.startOnlinePayment.payment.state).toBe('PENDING');
    expect((await invoiceOf(app, lambert.token, due.id)).state).toBe('PAYMENT_PENDING');

    // Meanwhile staff excuse both days: nothing is left to pay on it.
    const res = await excuse(app, staffToken, { childId: kid.id, activityId: cantine.id, dates: days.slice(0, 2) });
    expect(res.data.excuseAbsence).toEqual([expect.objectContaining({ amountCents: 680, appliedCents: 680 })]);
    expect(await invoiceOf(app, lambert.token, due.id)).toMatchObject({ state: 'PAID', stateLabel: 'Facture soldée', remainingCents: 0 });
    expect(await summaryOf(app, lambert.token)).toMatchObject({ dueCents: 0, unsettledInvoiceCount: 0 });

    // The family leaves the bank's page: the payment expires. The invoice stays settled, never "non soldée" for 0 €.
    await app.dataSource.query(`UPDATE payment SET expires_at = now() - interval '1 minute' WHERE id = $1`, [checkout.startOnlinePayment.payment.id]);
    expect(await app.get<OnlinePayments>(OnlinePayments).expire()).toBe(1);
    expect(await invoiceOf(app, lambert.token, due.id)).toMatchObject({ state: 'PAID', remainingCents: 0 });
    expect(await summaryOf(app, lambert.token)).toMatchObject({ dueCents: 0, unsettledInvoiceCount: 0 });
    expect(await payableOf(app, lambert.token)).toEqual([]);
  });

  it('at once: the same day excused twice, excused and closed, excused while paid — one credit, no money lost', async () => {
    const m7 = monthFromNow(7);
    const days = serviceDays(m7);
    const family = await app.family('AVOIRVILLE', staffToken, { email: 'noah.perrin@avoirville.test', firstName: 'Noah', lastName: 'Perrin' });
    const kid = await registeredChild(app, family.token, staffToken, cantine.id, { firstName: 'Nina', lastName: 'PERRIN' });
    await book(app, family.token, kid.id, cantine.id, days.slice(0, 4));
    await billMonth(app, staffToken, m7);
    const [due] = await invoicesOf(app, family.token);
    expect(due.amountCents).toBe(1360);
    const notesOf = async () => (await invoiceOf(app, family.token, due.id)).creditNotes;

    // Two agents excuse the same day: one credit note, the other agent is told.
    const twice = await Promise.all([0, 1].map(() => excuse(app, staffToken, { childId: kid.id, activityId: cantine.id, dates: [days[0]] })));
    const refused = twice.filter((r) => r.errors);
    expect(refused).toHaveLength(1);
    expect(expectError(refused[0], 'BAD_USER_INPUT', 'INVALID_DAYS').extensions.invalidDays).toEqual([{ date: days[0], reason: 'ALREADY_EXCUSED' }]);
    expect(await notesOf()).toHaveLength(1);

    // An absence excused while the day is closed: credited once, by one or the other.
    const [excused] = await Promise.all([excuse(app, staffToken, { childId: kid.id, activityId: cantine.id, dates: [days[1]] }), close(days[1], days[1], 'Grève')]);
    if (excused.errors) expect(expectError(excused, 'BAD_USER_INPUT', 'INVALID_DAYS').extensions.invalidDays).toEqual([{ date: days[1], reason: 'NOT_BOOKED' }]);
    expect(await notesOf()).toHaveLength(2);
    expect(await countRows(app, `SELECT 1 FROM billed_day WHERE child_id = $1 AND credit_note_id IS NOT NULL`, [kid.id])).toBe(2);
    expect(await invoiceOf(app, family.token, due.id)).toMatchObject({ creditedCents: 680, remainingCents: 680 });

    // The rest paid at the régie while a third day is excused: whichever comes first, nothing is counted twice.
    const [paid, credited] = await Promise.all([
      recordPayment(app, staffToken, { familyId: family.familyId, invoiceIds: [due.id], amountCents: 680, method: 'CHECK' }),
      excuse(app, staffToken, { childId: kid.id, activityId: cantine.id, dates: [days[2]] }),
    ]);
    expect(credited.errors).toBeUndefined();
    const after = await invoiceOf(app, family.token, due.id);
    const balance = await creditBalanceOf(app, staffToken, family.familyId);
    if (paid.errors) {
      // The credit came first: 3,40 € were left, the cheque for 6,80 € is refused.
      expectError(paid, 'BAD_USER_INPUT', 'AMOUNT_EXCEEDS_DUE');
      expect(credited.data.excuseAbsence).toEqual([expect.objectContaining({ amountCents: 340, appliedCents: 340 })]);
      expect(after).toMatchObject({ state: 'UNPAID', paidCents: 0, creditedCents: 1020, remainingCents: 340 });
      expect(balance).toBe(0);
    } else {
      // The cheque came first: the invoice is paid, the credit goes to the balance.
      expect(credited.data.excuseAbsence).toEqual([expect.objectContaining({ amountCents: 340, appliedCents: 0 })]);
      expect(after).toMatchObject({ state: 'PAID', paidCents: 680, creditedCents: 680, remainingCents: 0 });
      expect(balance).toBe(340);
    }
    // What the family was billed = what it paid + what was credited against the invoice + what still is due; the rest is its balance.
    expect(after.paidCents + after.creditedCents + after.remainingCents).toBe(1360);
    expect(await summaryOf(app, family.token)).toMatchObject({ creditedCents: 1020, creditNoteCount: 3, creditBalanceCents: balance });
  });

  it('only staff excuse absences; another commune’s staff find no such child', async () => {
    const notes = await creditNoteRows();
    await book(app, roux.token, lina.id, cantine.id, [d[8]]);
    expectError(await excuse(app, roux.token, { childId: lina.id, activityId: cantine.id, dates: [d[8]] }), 'FORBIDDEN');
    expectError(await excuse(app, otherStaffToken, { childId: lina.id, activityId: cantine.id, dates: [d[8]] }), 'NOT_FOUND');
    expect(await presenceOf(app, lina.id, cantine.id, d[8])).toEqual({ status: 'BOOKED', invoice_id: null });
    expect(await creditNoteRows()).toBe(notes);
  });

  it('each credit note was mailed once to the family it credits, numbers gapless', async () => {
    await afterBilling(app);
    const numbers = (await app.dataSource.query(`SELECT number FROM credit_note ORDER BY number`)).map((r: { number: string }) => r.number);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => creditNoteNo(i + 1)));
    const sent = ['lea.lambert@avoirville.test', 'noah.perrin@avoirville.test', ROUX, FABRE]
      .flatMap((email) => creditNoteMails(app, email))
      .map((m) => m.subject.match(/AV-\d{4}-\d{5}/)![0])
      .sort();
    expect(sent).toEqual(numbers);
  });
});
