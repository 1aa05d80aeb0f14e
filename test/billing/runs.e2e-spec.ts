import { addDays } from '../../src/common/dates/local-date';
import { BillingRuns } from '../../src/modules/billing/billing-runs.service';
import {
  C,
  communeWithStaff,
  countRows,
  createEstablishment,
  expectError,
  expectFrenchMessage,
  expectInvalidField,
  expectSameNotFound,
  HOOK_TIMEOUT,
  parisToday,
  randomId,
  schoolYearOf,
  shiftMonths,
} from '../helpers/catalog';
import {
  B,
  billMonth,
  BillingRun,
  book,
  currentYear,
  familyName,
  invoiceMails,
  invoiceNo,
  invoiceNumbers,
  invoicesOf,
  periodLabel,
  presenceOf,
  register,
  runResult,
  startRun,
  summaryOf,
} from '../helpers/billing';
import { createReservationActivity, lastOfMonth, monthFromNow, R, registeredChild, serviceDays, settle, statesOf, submit, submitOk, withQueuePaused } from '../helpers/reservations';
import { GqlResult, TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "Facturation": a month's run, one invoice per family, each booked day billed once. */
describe('billing runs', () => {
  const MARTIN = 'claire.martin@runville.test';
  const DURAND = 'paul.durand@runville.test';
  let app: TestApp;
  let staffToken: string;
  let adminToken: string;
  let otherStaffToken: string;
  let martin: { token: string; familyId: string };
  let durand: { token: string; familyId: string };
  let cantine: { id: string };
  let garderie: { id: string };
  let etude: { id: string };
  let valentina: { id: string };
  let romeo: { id: string };
  let lucas: { id: string };
  const schoolYear = schoolYearOf(parisToday());
  const CANTINE = `RESTAURATION SCOLAIRE ${schoolYear}`;
  const GARDERIE = `ACCUEIL PERISCOLAIRE ${schoolYear}`;

  /** Booked days of a month (presences) and what the invoices billed of them, straight from the database. */
  const monthLedger = async (month: string) => {
    const [first, last] = [`${month}-01`, lastOfMonth(month)];
    const [row] = await app.dataSource.query(
      `SELECT (SELECT count(*)::int FROM presence WHERE status = 'BOOKED' AND date BETWEEN $1 AND $2) AS booked,
              (SELECT count(*)::int FROM presence WHERE status = 'BOOKED' AND invoice_id IS NOT NULL AND date BETWEEN $1 AND $2) AS marked,
              (SELECT count(*)::int FROM billed_day WHERE date BETWEEN $1 AND $2) AS billed,
              (SELECT COALESCE(sum(amount_cents), 0)::int FROM invoice WHERE period_start = $1) AS invoiced`,
      [first, last],
    );
    return row as { booked: number; marked: number; billed: number; invoiced: number };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const runville = await communeWithStaff(app, 'RUNVILLE');
    staffToken = runville.staffToken;
    adminToken = runville.adminToken;
    otherStaffToken = (await communeWithStaff(app, 'AUTREVILLE')).staffToken;
    martin = await app.family('RUNVILLE', staffToken, { email: MARTIN, firstName: 'Claire', lastName: 'MARTIN' });
    durand = await app.family('RUNVILLE', staffToken, { email: DURAND, firstName: 'Paul', lastName: 'Durand' });
    const school = await createEstablishment(app, staffToken, 'Ecole Louis Gauthier');
    const restaurant = await createEstablishment(app, staffToken, 'RESTAURANT DE LA MARIANNE');
    cantine = await createReservationActivity(app, staffToken, { name: 'RESTAURATION SCOLAIRE', mealPriceCents: 340, dailyCapacity: 20 }, school.id);
    garderie = await createReservationActivity(app, staffToken, { name: 'ACCUEIL PERISCOLAIRE', mealPriceCents: 150 }, restaurant.id);
    etude = await createReservationActivity(app, staffToken, { name: 'ETUDE SURVEILLEE', mealPriceCents: 200, autoAccept: false }, school.id);
    valentina = await registeredChild(app, martin.token, staffToken, cantine.id, { firstName: 'Valentina', lastName: 'MARTIN' });
    romeo = await registeredChild(app, martin.token, staffToken, cantine.id, { firstName: 'Romeo', lastName: 'MARTIN' });
    lucas = await registeredChild(app, durand.token, staffToken, cantine.id, { firstName: 'Lucas', lastName: 'DURAND' });
    await register(app, martin.token, staffToken, valentina.id, garderie.id);
    await register(app, martin.token, staffToken, valentina.id, etude.id);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('a month billed, then billed again', () => {
    const month = monthFromNow(2);
    const days = serviceDays(month);
    let firstRun: BillingRun;

    it('bills one invoice per family with booked days: a line per child × activity × price; only BOOKED days', async () => {
      // One seat on days[8]: Lucas takes it, Valentina's request gets NO_PLACE.
      await app.ok(C.setDayCapacity, { i: { activityId: cantine.id, date: days[8], capacity: 1 } }, { token: staffToken });
      await book(app, durand.token, lucas.id, cantine.id, [days[0], days[1], days[2], days[3], days[4], days[8]]);
      await book(app, martin.token, valentina.id, cantine.id, [days[0], days[1], days[2], days[3]]);
      await book(app, martin.token, valentina.id, garderie.id, [days[0], days[1]]);
      await book(app, martin.token, romeo.id, cantine.id, [days[0], days[1], days[2]]);
      // Not billed: a day booked then cancelled, a day with no place left, a day refused by staff, one still pending.
      await book(app, martin.token, valentina.id, cantine.id, [days[5]]);
      await submitOk(app, martin.token, { childId: valentina.id, activityId: cantine.id, month, cancel: [days[5]] });
      await book(app, martin.token, valentina.id, cantine.id, [days[8]]);
      const waiting = await book(app, martin.token, valentina.id, etude.id, [days[6], days[7]]);
      await app.ok(R.decide, { i: { reservationId: waiting.id, refuse: [days[6]], reason: 'Complet' } }, { token: staffToken });
      await settle(app);
      expect(await statesOf(app, martin.token, valentina.id, cantine.id, [days[5], days[8]])).toEqual({ [days[5]]: 'FREE', [days[8]]: 'NO_PLACE' });
      expect(await statesOf(app, martin.token, valentina.id, etude.id, [days[6], days[7]])).toEqual({ [days[6]]: 'REFUSED', [days[7]]: 'PENDING' });
      expect(invoiceMails(app, MARTIN)).toHaveLength(0);
      // The Durands have a second parent's account, confirmed, and one whose address was never confirmed
      // (no API makes such a family yet: written as a town's import would).
      await app.dataSource.query(
        `INSERT INTO account (commune_id, family_id, login, email, email_verified, role, first_name, last_name)
         SELECT commune_id, family_id, v.login, v.email, v.verified, 'FAMILY', v.first_name, 'DURAND' FROM account, (VALUES
           ('marie.durand', 'marie.durand@runville.test', true, 'Marie'), ('vieux.durand', 'vieux.durand@runville.test', false, 'Jean')) AS v(login, email, verified, first_name)
         WHERE account.email = $1`,
        [DURAND],
      );

      const queued = await startRun(app, staffToken, month);
      expect(queued).toMatchObject({ month, invoicesCreated: 0, failures: [] });
      expect(['QUEUED', 'RUNNING', 'DONE']).toContain(queued.state);
      firstRun = await runResult(app, staffToken, queued.id);
      expect(firstRun).toMatchObject({ id: queued.id, month, state: 'DONE', familiesTotal: 2, familiesProcessed: 2, invoicesCreated: 2, failures: [] });
      await app.idle('mail');

      const [theirs] = await invoicesOf(app, martin.token);
      expect(await invoicesOf(app, martin.token)).toHaveLength(1);
      expect(theirs).toMatchObject({
        issuedOn: parisToday(),
        amountCents: 3 * 340 + 2 * 150 + 4 * 340,
        remainingCents: 2680,
        paidCents: 0,
        creditedCents: 0,
        state: 'UNPAID',
        stateLabel: 'Facture non soldée',
        periodStart: `${month}-01`,
        periodEnd: lastOfMonth(month),
        periodLabel: periodLabel(month),
        childrenLabel: 'MARTIN Romeo / MARTIN Valentina',
        pdfUrl: `/invoices/${theirs.id}/pdf`,
        creditNotes: [],
      });
      expect(theirs.lines).toEqual([
        { childName: 'MARTIN Romeo', activityName: CANTINE, quantity: 3, unitPriceCents: 340, amountCents: 1020 },
        { childName: 'MARTIN Valentina', activityName: GARDERIE, quantity: 2, unitPriceCents: 150, amountCents: 300 },
        { childName: 'MARTIN Valentina', activityName: CANTINE, quantity: 4, unitPriceCents: 340, amountCents: 1360 },
      ]);
      expect(theirs.establishmentsLabel.split(' / ').sort()).toEqual(['Ecole Louis Gauthier', 'RESTAURANT DE LA MARIANNE']);
      expect(theirs.accueilLabel.split(' / ').sort()).toEqual(['ACCUEIL PERISCOLAIRE', 'RESTAURATION SCOLAIRE']);

      const [lucasInvoice] = await invoicesOf(app, durand.token);
      expect(lucasInvoice).toMatchObject({ amountCents: 6 * 340, remainingCents: 2040, childrenLabel: 'DURAND Lucas', establishmentsLabel: 'Ecole Louis Gauthier' });
      expect(lucasInvoice.lines).toEqual([{ childName: 'DURAND Lucas', activityName: CANTINE, quantity: 6, unitPriceCents: 340, amountCents: 2040 }]);

      // Gapless, this year's series, whichever family came first.
      expect([theirs.number, lucasInvoice.number].sort()).toEqual([invoiceNo(1), invoiceNo(2)]);
      expect(theirs.number).toMatch(new RegExp(`^${currentYear()}-\\d{5}$`));

      // What the invoice billed, day by day: only the booked ones.
      expect(await countRows(app, `SELECT 1 FROM billed_day WHERE invoice_id = $1`, [theirs.id])).toBe(9);
      expect(await presenceOf(app, valentina.id, cantine.id, days[5])).toEqual({ status: 'CANCELLED', invoice_id: null });
      expect(await presenceOf(app, valentina.id, cantine.id, days[8])).toEqual({ status: 'NO_PLACE', invoice_id: null });
      expect(await presenceOf(app, valentina.id, etude.id, days[6])).toEqual({ status: 'REFUSED', invoice_id: null });
      expect(await presenceOf(app, valentina.id, etude.id, days[7])).toEqual({ status: 'PENDING', invoice_id: null });
      expect(await presenceOf(app, valentina.id, cantine.id, days[0])).toEqual({ status: 'BOOKED', invoice_id: theirs.id });
      expect(await monthLedger(month)).toEqual({ booked: 6 + 4 + 2 + 3, marked: 15, billed: 15, invoiced: 2680 + 2040 });

      // "Nouvelle facture disponible", once to each family.
      const mails = invoiceMails(app, MARTIN);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toContain(`n° ${theirs.number}`);
      expect(mails[0].text).toContain('Bonjour Claire MARTIN');
      expect(mails[0].text).toMatch(/26,80\s€/);
      expect(invoiceMails(app, DURAND).map((m) => m.subject)).toEqual([expect.stringContaining(`n° ${lucasInvoice.number}`)]);
      // Once to each confirmed account of the family, never to an unconfirmed address.
      expect(invoiceMails(app, 'marie.durand@runville.test').map((m) => m.subject)).toEqual([expect.stringContaining(`n° ${lucasInvoice.number}`)]);
      expect(invoiceMails(app, 'marie.durand@runville.test')[0].text).toContain('Bonjour Marie DURAND');
      expect(app.mailbox.to('vieux.durand@runville.test')).toHaveLength(0);
    });

    it('another commune starts its own series at 00001', async () => {
      const leroy = await app.family('AUTREVILLE', otherStaffToken, { email: 'leroy@autreville.test', lastName: 'Leroy' });
      const activity = await createReservationActivity(app, otherStaffToken, { mealPriceCents: 290 });
      const kid = await registeredChild(app, leroy.token, otherStaffToken, activity.id, { firstName: 'Jade', lastName: 'LEROY' });
      await book(app, leroy.token, kid.id, activity.id, [days[0]]);
      expect(await billMonth(app, otherStaffToken, month)).toMatchObject({ state: 'DONE', familiesTotal: 1, invoicesCreated: 1 });
      expect((await invoicesOf(app, leroy.token)).map((i) => [i.number, i.amountCents])).toEqual([[invoiceNo(1), 290]]);
      expect(await invoiceNumbers(app, 'AUTREVILLE')).toEqual([invoiceNo(1)]);
      // RUNVILLE's families were not billed by AUTREVILLE's run.
      expect(await invoiceNumbers(app, 'RUNVILLE')).toEqual([invoiceNo(1), invoiceNo(2)]);
    });

    it('running the same month again creates nothing, numbers nothing and mails nobody', async () => {
      const again = await billMonth(app, staffToken, month);
      expect(again).toMatchObject({ state: 'DONE', familiesTotal: 0, familiesProcessed: 0, invoicesCreated: 0, failures: [] });
      expect(again.id).not.toBe(firstRun.id);
      expect(await invoiceNumbers(app, 'RUNVILLE')).toEqual([invoiceNo(1), invoiceNo(2)]);
      expect(invoiceMails(app, MARTIN)).toHaveLength(1);
      expect(invoiceMails(app, DURAND)).toHaveLength(1);
      expect(invoiceMails(app, 'marie.durand@runville.test')).toHaveLength(1);
      // The first run still says what it did.
      expect((await app.ok(B.billingRun, { id: firstRun.id }, { token: staffToken })).billingRun).toMatchObject({ state: 'DONE', invoicesCreated: 2 });
    });

    it('days booked after a run are billed by the next run of the month: a second invoice', async () => {
      await book(app, durand.token, lucas.id, cantine.id, [days[9], days[10]]);
      const next = await billMonth(app, staffToken, month);
      expect(next).toMatchObject({ state: 'DONE', familiesTotal: 1, familiesProcessed: 1, invoicesCreated: 1 });
      const [newest, older] = await invoicesOf(app, durand.token);
      expect(newest).toMatchObject({ number: invoiceNo(3), amountCents: 680, periodLabel: periodLabel(month) });
      expect(newest.lines).toEqual([{ childName: 'DURAND Lucas', activityName: CANTINE, quantity: 2, unitPriceCents: 340, amountCents: 680 }]);
      expect(older.amountCents).toBe(2040);
      expect(await invoicesOf(app, martin.token)).toHaveLength(1);
      expect(invoiceMails(app, DURAND).map((m) => m.subject)).toEqual([expect.stringContaining(older.number), expect.stringContaining(invoiceNo(3))]);
      expect(invoiceMails(app, MARTIN)).toHaveLength(1);
      expect(await summaryOf(app, durand.token)).toMatchObject({ invoicedCents: 2720, invoiceCount: 2, dueCents: 2720, unsettledInvoiceCount: 2 });
    });

    it('a billed day can no longer be cancelled by the family (ALREADY_BILLED); the whole request is refused', async () => {
      await book(app, martin.token, valentina.id, cantine.id, [days[10]]);
      const cancel = (dates: string[]) => submit(app, martin.token, { childId: valentina.id, activityId: cantine.id, month, cancel: dates });
      const preview = await app.ok(R.preview, { i: { childId: valentina.id, activityId: cantine.id, month, cancel: [days[0]] } }, { token: martin.token });
      expect(preview.previewReservation).toEqual({ valid: false, lines: [{ date: days[0], kind: 'CANCEL', ok: false, reason: 'ALREADY_BILLED' }] });

      const err = expectError(await cancel([days[0], days[10]]), 'BAD_USER_INPUT', 'INVALID_DAYS');
      expect(err.extensions.invalidDays.map((d: any) => ({ date: d.date, reason: d.reason }))).toEqual([{ date: days[0], reason: 'ALREADY_BILLED' }]);
      expect(err.message).toMatch(/déjà facturé/);
      await settle(app);
      expect(await statesOf(app, martin.token, valentina.id, cantine.id, [days[0], days[10]])).toEqual({ [days[0]]: 'BOOKED', [days[10]]: 'BOOKED' });

      // The day not billed yet can still be cancelled on its own.
      await submitOk(app, martin.token, { childId: valentina.id, activityId: cantine.id, month, cancel: [days[10]] });
      await settle(app);
      expect(await presenceOf(app, valentina.id, cantine.id, days[10])).toEqual({ status: 'CANCELLED', invoice_id: null });
      expect(await presenceOf(app, valentina.id, cantine.id, days[0])).toMatchObject({ status: 'BOOKED', invoice_id: expect.any(String) });
    });
  });

  describe('concurrency', () => {
    it('two runs of the same month started at once bill each day once, with gapless numbers', async () => {
      const month = monthFromNow(3);
      const days = serviceDays(month);
      await book(app, martin.token, valentina.id, cantine.id, days.slice(0, 3));
      await book(app, martin.token, romeo.id, cantine.id, days.slice(0, 2));
      await book(app, durand.token, lucas.id, cantine.id, days.slice(0, 4));
      const before = await invoiceNumbers(app, 'RUNVILLE');

      // Two agents click at once.
      const [a, b] = await Promise.all([startRun(app, staffToken, month), startRun(app, staffToken, month)]);
      expect(a.id).not.toBe(b.id);
      const done = [await runResult(app, staffToken, a.id), await runResult(app, staffToken, b.id)];
      expect(done.map((r) => r.state)).toEqual(['DONE', 'DONE']);
      expect(done[0].invoicesCreated + done[1].invoicesCreated).toBe(2);
      expect(await monthLedger(month)).toEqual({ booked: 9, marked: 9, billed: 9, invoiced: 9 * 340 });
      const numbers = await invoiceNumbers(app, 'RUNVILLE');
      expect(numbers).toEqual(Array.from({ length: before.length + 2 }, (_, i) => invoiceNo(i + 1)));
    });

    it('one execution of a run at a time: a duplicate job finds it taken; a run whose worker died is taken over after five minutes', async () => {
      const month = monthFromNow(9);
      await book(app, durand.token, lucas.id, cantine.id, serviceDays(month).slice(0, 2));
      const runs = app.get<BillingRuns>(BillingRuns);
      const run = await withQueuePaused(app, 'billing', async () => {
        const queued = await startRun(app, staffToken, month);
        // Another worker took it a minute ago and is still billing.
        await app.dataSource.query(`UPDATE billing_run SET state = 'RUNNING', updated_at = now() - interval '1 minute' WHERE id = $1`, [queued.id]);
        await runs.execute(queued.id);
        expect((await app.ok(B.billingRun, { id: queued.id }, { token: staffToken })).billingRun).toMatchObject({ state: 'RUNNING', invoicesCreated: 0 });
        // Its worker died: no family billed for ten minutes.
        await app.dataSource.query(`UPDATE billing_run SET updated_at = now() - interval '10 minutes' WHERE id = $1`, [queued.id]);
        await runs.execute(queued.id);
        return queued;
      });
      expect(await runResult(app, staffToken, run.id)).toMatchObject({ state: 'DONE', invoicesCreated: 1, familiesProcessed: 1, familiesTotal: 1 });
    });

    it('two workers executing two runs of the same month at the same time bill each day once', async () => {
      const month = monthFromNow(3);
      const days = serviceDays(month);
      await book(app, martin.token, valentina.id, cantine.id, days.slice(3, 8));
      await book(app, martin.token, romeo.id, cantine.id, days.slice(3, 6));
      await book(app, durand.token, lucas.id, cantine.id, days.slice(4, 9));
      const before = await invoiceNumbers(app, 'RUNVILLE');
      const runs = app.get<BillingRuns>(BillingRuns);
      const [a, b] = await withQueuePaused(app, 'billing', async () => {
        const started = await Promise.all([startRun(app, staffToken, month), startRun(app, staffToken, month)]);
        // As two worker processes would: both runs' jobs executing at the same time.
        await Promise.all(started.map((r) => runs.execute(r.id)));
        return started;
      });
      const done = [await runResult(app, staffToken, a.id), await runResult(app, staffToken, b.id)];
      expect(done.map((r) => r.state)).toEqual(['DONE', 'DONE']);
      expect(done[0].invoicesCreated + done[1].invoicesCreated).toBe(2);
      expect(done.flatMap((r) => r.failures)).toEqual([]);
      expect(await monthLedger(month)).toEqual({ booked: 9 + 13, marked: 22, billed: 22, invoiced: 22 * 340 });
      expect(await invoiceNumbers(app, 'RUNVILLE')).toEqual(Array.from({ length: before.length + 2 }, (_, i) => invoiceNo(i + 1)));
    });

    it('a run racing a cancellation never both cancels and bills a day', async () => {
      const month = monthFromNow(4);
      const days = serviceDays(month);
      const runs = app.get<BillingRuns>(BillingRuns);
      const outcomes: string[] = [];
      const rounds = Math.min(8, Math.floor(days.length / 2));
      for (let round = 0; round < rounds; round++) {
        const mine = [days[2 * round], days[2 * round + 1]];
        await book(app, martin.token, valentina.id, cantine.id, mine);
        // The run's job is executed here (as an idle worker would) a little later each round, while
        // the family's cancellation is on its way: both orders, and the overlaps between.
        const [cancelled, run] = await withQueuePaused(app, 'billing', async () => {
          const queued = await startRun(app, staffToken, month);
          return Promise.all([
            submit(app, martin.token, { childId: valentina.id, activityId: cantine.id, month, cancel: mine }),
            sleep(Math.floor(round / 2)).then(() => runs.execute(queued.id).then(() => queued)),
          ]);
        });
        expect((await runResult(app, staffToken, run.id)).failures).toEqual([]);
        await settle(app);
        const states = await Promise.all(mine.map((d) => presenceOf(app, valentina.id, cantine.id, d)));
        const billedRows = await countRows(app, `SELECT 1 FROM billed_day WHERE child_id = $1 AND activity_id = $2 AND date = ANY($3::date[])`, [valentina.id, cantine.id, mine]);
        if (cancelled.errors) {
          // The run came first: the whole cancellation is refused and both days stay booked and billed.
          const err = expectError(cancelled as GqlResult, 'BAD_USER_INPUT', 'INVALID_DAYS');
          expect(err.extensions.invalidDays.map((d: any) => d.reason)).toEqual(['ALREADY_BILLED', 'ALREADY_BILLED']);
          for (const s of states) expect(s).toEqual({ status: 'BOOKED', invoice_id: expect.any(String) });
          expect(billedRows).toBe(2);
          outcomes.push('billed');
        } else {
          // The cancellation came first: neither day is billed, now or by a later run.
          for (const s of states) expect(s).toEqual({ status: 'CANCELLED', invoice_id: null });
          expect(billedRows).toBe(0);
          outcomes.push('cancelled');
        }
      }
      expect(await billMonth(app, staffToken, month)).toMatchObject({ invoicesCreated: 0 });
      const ledger = await monthLedger(month);
      expect(ledger).toEqual({ booked: ledger.booked, marked: ledger.booked, billed: ledger.booked, invoiced: ledger.booked * 340 });
      expect(ledger.booked).toBe(2 * outcomes.filter((o) => o === 'billed').length);
      const numbers = await invoiceNumbers(app, 'RUNVILLE');
      expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => invoiceNo(i + 1)));
    });
  });

  it('a run racing a closure: a closed day is never billed, or it is billed and credited — never billed and left due', async () => {
    const month = monthFromNow(5);
    const days = serviceDays(month);
    const runs = app.get<BillingRuns>(BillingRuns);
    const rounds = Math.min(6, Math.floor(days.length / 2));
    const outcomes = new Set<string>();
    for (let round = 0; round < rounds; round++) {
      const mine = [days[2 * round], days[2 * round + 1]];
      await book(app, martin.token, valentina.id, garderie.id, mine);
      const run = await withQueuePaused(app, 'billing', async () => {
        const queued = await startRun(app, staffToken, month);
        await Promise.all([
          app.ok(C.addClosure, { i: { activityId: garderie.id, from: mine[0], to: mine[1], label: `Grève ${round + 1}` } }, { token: staffToken }),
          sleep(round).then(() => runs.execute(queued.id)),
        ]);
        return queued;
      });
      expect((await runResult(app, staffToken, run.id)).failures).toEqual([]);
      const rows: Array<{ status: string; billed: boolean; credited: boolean }> = await app.dataSource.query(
        `SELECT p.status, b.child_id IS NOT NULL AS billed, b.credit_note_id IS NOT NULL AS credited
           FROM presence p LEFT JOIN billed_day b ON b.child_id = p.child_id AND b.activity_id = p.activity_id AND b.date = p.date
          WHERE p.child_id = $1 AND p.activity_id = $2 AND p.date = ANY($3::date[]) ORDER BY p.date`,
        [valentina.id, garderie.id, mine],
      );
      expect(rows).toHaveLength(2);
      for (const r of rows) {
        expect(r.status).toBe('CANCELLED');
        // Billed first, then credited by the closure; or closed first, and never billed.
        expect(r.credited).toBe(r.billed);
        outcomes.add(r.billed ? 'billed then credited' : 'closed before billing');
      }
    }
    // Nothing of those closed days is left to pay: what was billed for them was credited.
    const [{ billed, credited }] = await app.dataSource.query(
      `SELECT COALESCE(sum(b.unit_price_cents), 0)::int AS billed, COALESCE(sum(b.unit_price_cents) FILTER (WHERE b.credit_note_id IS NOT NULL), 0)::int AS credited
         FROM billed_day b WHERE b.child_id = $1 AND b.activity_id = $2 AND b.date BETWEEN $3 AND $4`,
      [valentina.id, garderie.id, days[0], days[2 * rounds - 1]],
    );
    expect(credited).toBe(billed);
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it('prices by quotient familial: a quotient that changes mid-month gives two lines; no quotient pays the highest bracket', async () => {
    const month = monthFromNow(5);
    const days = serviceDays(month);
    const sociale = await createReservationActivity(app, staffToken, { name: 'CANTINE SOCIALE', mealPriceCents: 340 });
    await app.ok(
      B.setPriceBrackets,
      {
        i: {
          activityId: sociale.id,
          brackets: [
            { upToQuotient: 500, mealPriceCents: 110 },
            { upToQuotient: 900, mealPriceCents: 230 },
            { upToQuotient: 1400, mealPriceCents: 310 },
            { upToQuotient: null, mealPriceCents: 420 },
          ],
        },
      },
      { token: staffToken },
    );
    // A new CAF certificate from the fourth day on.
    await app.ok(B.setFamilyQuotient, { i: { familyId: martin.familyId, quotient: 480, validFrom: `${month}-01`, validTo: days[2] } }, { token: staffToken });
    await app.ok(B.setFamilyQuotient, { i: { familyId: martin.familyId, quotient: 1000, validFrom: addDays(days[2], 1) } }, { token: staffToken });
    await register(app, martin.token, staffToken, valentina.id, sociale.id);
    await register(app, durand.token, staffToken, lucas.id, sociale.id);
    await book(app, martin.token, valentina.id, sociale.id, days.slice(0, 6));
    await book(app, durand.token, lucas.id, sociale.id, days.slice(0, 2));

    expect(await billMonth(app, staffToken, month)).toMatchObject({ state: 'DONE', invoicesCreated: 2 });
    const SOCIALE = `CANTINE SOCIALE ${schoolYear}`;
    const [theirs] = await invoicesOf(app, martin.token);
    expect(theirs.periodStart).toBe(`${month}-01`);
    expect(theirs.lines).toEqual([
      { childName: 'MARTIN Valentina', activityName: SOCIALE, quantity: 3, unitPriceCents: 110, amountCents: 330 },
      { childName: 'MARTIN Valentina', activityName: SOCIALE, quantity: 3, unitPriceCents: 310, amountCents: 930 },
    ]);
    expect(theirs.amountCents).toBe(1260);
    const [lucasInvoice] = await invoicesOf(app, durand.token);
    expect(lucasInvoice.lines).toEqual([{ childName: 'DURAND Lucas', activityName: SOCIALE, quantity: 2, unitPriceCents: 420, amountCents: 840 }]);
  });

  it('a family whose billing fails does not stop the others: listed in failures, no number consumed, billed by the next run', async () => {
    const month = monthFromNow(6);
    const days = serviceDays(month);
    const panne = await app.family('RUNVILLE', staffToken, { email: 'kevin.panne@runville.test', firstName: 'Kevin', lastName: 'Panne' });
    const kid = await registeredChild(app, panne.token, staffToken, cantine.id, { firstName: 'Kevin', lastName: 'PANNE' });
    await book(app, panne.token, kid.id, cantine.id, [days[0], days[1]]);
    await book(app, martin.token, valentina.id, cantine.id, [days[0]]);
    await book(app, durand.token, lucas.id, cantine.id, [days[0]]);
    const before = await invoiceNumbers(app, 'RUNVILLE');
    const panneMails = () => invoiceMails(app, 'kevin.panne@runville.test');

    // The database refuses this family's invoice lines (as a broken row would), for this run only.
    await app.dataSource.query(`ALTER TABLE invoice_line ADD CONSTRAINT test_refuses_panne CHECK (child_name NOT LIKE 'PANNE %')`);
    let run: BillingRun;
    try {
      run = await billMonth(app, staffToken, month);
    } finally {
      await app.dataSource.query(`ALTER TABLE invoice_line DROP CONSTRAINT test_refuses_panne`);
    }
    expect(run).toMatchObject({ state: 'DONE', familiesTotal: 3, familiesProcessed: 3, invoicesCreated: 2 });
    expect(run.failures).toEqual([{ familyId: panne.familyId, familyName: await familyName(app, staffToken, panne.familyId), message: expect.any(String) }]);
    expect(run.failures[0].familyName).toBe('PANNE Kevin');
    expectFrenchMessage(run.failures[0].message);
    // For agents: no database internals.
    expect(run.failures[0].message).not.toMatch(/invoice_line|constraint|relation|violates/);
    // The others have their invoices, numbered without a hole where the failed one would have been.
    expect(await invoiceNumbers(app, 'RUNVILLE')).toEqual([...before, invoiceNo(before.length + 1), invoiceNo(before.length + 2)]);
    expect(await summaryOf(app, panne.token)).toMatchObject({ invoiceCount: 0, invoicedCents: 0, dueCents: 0 });
    expect(await presenceOf(app, kid.id, cantine.id, days[0])).toEqual({ status: 'BOOKED', invoice_id: null });
    expect(await countRows(app, `SELECT 1 FROM billed_day WHERE child_id = $1`, [kid.id])).toBe(0);
    expect(panneMails()).toHaveLength(0);

    // Once the cause is gone, the next run bills that family, with the next number.
    const retry = await billMonth(app, staffToken, month);
    expect(retry).toMatchObject({ state: 'DONE', familiesTotal: 1, invoicesCreated: 1, failures: [] });
    expect((await invoicesOf(app, panne.token)).map((i) => [i.number, i.amountCents])).toEqual([[invoiceNo(before.length + 3), 680]]);
    expect(panneMails()).toHaveLength(1);
  });

  it('the scheduled job bills the previous month from the 1st at 2 a.m. (Paris), once per commune, caught up when no worker ran on the 1st', async () => {
    const month = monthFromNow(8);
    const days = serviceDays(month);
    await book(app, durand.token, lucas.id, cantine.id, [days[0], days[1]]);
    const first = shiftMonths(`${month}-01`, 1);
    const runs = app.get<BillingRuns>(BillingRuns);
    const scheduled = () =>
      app.dataSource.query(`SELECT r.id, c.code FROM billing_run r JOIN commune c ON c.id = r.commune_id WHERE r.trigger = 'SCHEDULED' AND r.month = $1 ORDER BY c.code`, [month]);
    // 00:30 or 01:30 in Paris on the 1st (winter or summer time): too early.
    expect(await runs.schedule(new Date(`${addDays(first, -1)}T23:30:00Z`))).toBe(0);
    expect(await scheduled()).toEqual([]);
    // No worker ran on the 1st: the next day, one run per commune, and only one however many workers ask.
    const [a, b] = await Promise.all([runs.schedule(new Date(`${addDays(first, 1)}T03:00:00Z`)), runs.schedule(new Date(`${addDays(first, 1)}T03:00:00Z`))]);
    expect(a + b).toBe(2);
    expect(await runs.schedule(new Date(`${addDays(first, 2)}T09:00:00Z`))).toBe(0);
    const rows = await scheduled();
    expect(rows.map((r: { code: string }) => r.code)).toEqual(['AUTREVILLE', 'RUNVILLE']);
    const ours = rows.find((r: { code: string }) => r.code === 'RUNVILLE').id;
    expect(await runResult(app, staffToken, ours)).toMatchObject({ month, state: 'DONE', familiesTotal: 1, invoicesCreated: 1 });
    await app.idle('mail');
    const [newest] = await invoicesOf(app, durand.token);
    expect(newest).toMatchObject({ periodStart: `${month}-01`, amountCents: 680 });
    expect(invoiceMails(app, DURAND).some((m) => m.subject.includes(newest.number))).toBe(true);
  });

  describe('who may bill', () => {
    it('a family → FORBIDDEN; the ADMIN may; nothing is queued for the family', async () => {
      const month = monthFromNow(7);
      const runsBefore = await countRows(app, `SELECT 1 FROM billing_run`);
      expectError(await app.gql(B.runBilling, { i: { month } }, { token: martin.token }), 'FORBIDDEN');
      expect(await countRows(app, `SELECT 1 FROM billing_run`)).toBe(runsBefore);
      const byAdmin = await app.ok(B.runBilling, { i: { month } }, { token: adminToken });
      expect(await runResult(app, adminToken, byAdmin.runBilling.id)).toMatchObject({ state: 'DONE', invoicesCreated: 0 });
      expectError(await app.gql(B.billingRun, { id: byAdmin.runBilling.id }, { token: martin.token }), 'FORBIDDEN');
    });

    it('a month that is not one → BAD_USER_INPUT with a French message, no run created', async () => {
      const runsBefore = await countRows(app, `SELECT 1 FROM billing_run`);
      for (const month of ['2026-13', '2026-00', 'novembre', '2026-1', '']) {
        const err = expectInvalidField(await app.gql(B.runBilling, { i: { month } }, { token: staffToken }), 'month');
        expect(err.message).toMatch(/AAAA-MM/);
      }
      expect(await countRows(app, `SELECT 1 FROM billing_run`)).toBe(runsBefore);
    });

    it("another commune's run → NOT_FOUND, exactly like a random id", async () => {
      const theirs = await startRun(app, otherStaffToken, monthFromNow(7));
      await runResult(app, otherStaffToken, theirs.id);
      expectSameNotFound(await app.gql(B.billingRun, { id: theirs.id }, { token: staffToken }), await app.gql(B.billingRun, { id: randomId() }, { token: staffToken }));
    });
  });

  it('in the end, each commune’s invoice numbers run from 00001 without a hole', async () => {
    const numbers = await invoiceNumbers(app, 'RUNVILLE');
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => invoiceNo(i + 1)));
    expect(await invoiceNumbers(app, 'AUTREVILLE')).toEqual([invoiceNo(1)]);
    // Every confirmed account got exactly one mail per invoice of its family.
    for (const [email, token] of [
      [MARTIN, martin.token],
      [DURAND, durand.token],
    ]) {
      const invoices = await invoicesOf(app, token);
      expect(
        invoiceMails(app, email)
          .map((m) => m.subject.match(/n° (\S+)\)/)![1])
          .sort(),
      ).toEqual(invoices.map((i) => i.number).sort());
    }
  });
});
