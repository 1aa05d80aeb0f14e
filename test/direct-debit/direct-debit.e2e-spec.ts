import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SchedulerRegistry } from '@nestjs/schedule';
import request from 'supertest';
import { addDays, LocalDate } from '../../src/common/dates/local-date';
import { DirectDebits } from '../../src/modules/direct-debit/direct-debits.service';
import { DirectDebitCollectionChore } from '../../src/modules/direct-debit/jobs/direct-debit-collection.chore';
import { INVOICE_FIELDS, recordPayment } from '../helpers/billing';
import { HOOK_TIMEOUT, parisToday } from '../helpers/catalog';
import { expectError } from '../helpers/errors';
import { familiesWithInvoices, mailsSettled, PayingFamily, waitForMail } from '../helpers/payments';
import { monthFromNow } from '../helpers/reservations';
import { TestApp } from '../helpers/test-app';

jest.setTimeout(60_000);

const XSD = join(__dirname, '..', '..', 'xsd', 'sepa', 'pain.008.001.08.xsd');
/** The ISO 20022 schema's verdict (xmllint): throws with its message when the file is not valid. */
const validatePain008 = (xml: string) => execFileSync('xmllint', ['--nonet', '--noout', '--schema', XSD, '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] });

/** A creditor with valid checksums (ICS FR72ZZZ123456, IBAN FR70 3000 2005 5000 0015 7845 Z02). */
const CREDITOR = { id: 'FR72ZZZ123456', name: 'Mairie de Prélevé — Régie', iban: 'FR7030002005500000157845Z02', bic: 'CRLYFRPPXXX' };
const IBANS = ['FR1420041010050500013M02606', 'FR7630006000011234567890189'];

const MANDATE = `id reference debtorName ibanMasked bic signedOn state family { id }`;
const BATCH = `id number createdAt collectionDate paymentCount amountCents fileName fileUrl payments { id number provider state reason amountCents invoices { id } }`;
const D = {
  createMandate: `mutation($i: CreateMandateInput!) { createMandate(input: $i) { ${MANDATE} } }`,
  revokeMandate: `mutation($i: MandateIdInput!) { revokeMandate(input: $i) { ${MANDATE} } }`,
  mandates: `query($familyId: ID!) { mandates(familyId: $familyId) { ${MANDATE} } }`,
  myMandates: `query { myMandates { ${MANDATE} } }`,
  createBatch: `mutation($i: CreateDirectDebitBatchInput!) { createDirectDebitBatch(input: $i) { ${BATCH} } }`,
  batches: `query { directDebitBatches { items { ${BATCH} } totalCount page pageSize } }`,
  reject: `mutation($i: RecordDirectDebitRejectInput!) { recordDirectDebitReject(input: $i) { id number state reason provider invoices { id state remainingCents } } }`,
  invoice: `query($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} directDebitOn } }`,
};

/**
 * SEPA direct debit (SPEC "The Trésor Public… SEPA direct debit"): staff record the families'
 * mandates, make a batch for a collection date (its pain.008 file valid against the ISO schema),
 * the chore validates the debits on that date, and a reject recorded by staff makes the invoice
 * owe again and mails the family.
 */
describe('SEPA direct debit', () => {
  let app: TestApp;
  let directDebits: DirectDebits;
  let admin: string;
  let staff: string;
  let otherStaff: string;
  let families: PayingFamily[];
  let other: PayingFamily;
  let collectionDate: LocalDate;
  let batch: any;

  const paymentOf = (f: PayingFamily) => batch.payments.find((p: any) => p.invoices[0].id === f.invoices[0].id);
  const invoice = async (f: PayingFamily) => (await app.ok(D.invoice, { id: f.invoices[0].id }, { token: f.token })).invoice;
  const mandateInput = (f: PayingFamily, over: Record<string, unknown> = {}) => ({ familyId: f.familyId, debtorName: 'Hélène Dupont', iban: IBANS[0], signedOn: parisToday(), ...over });
  /** The instant the calendar reads `day` at noon in Paris. */
  const on = (day: LocalDate) => new Date(`${day}T10:00:00Z`);

  beforeAll(async () => {
    app = await TestApp.start();
    directDebits = app.get<DirectDebits>(DirectDebits);
    // The tests run the chore themselves, on the days they choose.
    const registry = app.get<SchedulerRegistry>(SchedulerRegistry);
    registry.deleteInterval(DirectDebitCollectionChore.NAME);
    if (registry.getTimeouts().includes(`${DirectDebitCollectionChore.NAME}:start`)) registry.deleteTimeout(`${DirectDebitCollectionChore.NAME}:start`);
    const town = await familiesWithInvoices(app, 'PRLV', 3, [monthFromNow(2)], [3]);
    staff = town.staffToken;
    admin = town.adminToken;
    families = town.families;
    const elsewhere = await familiesWithInvoices(app, 'AILLEURS', 1, [monthFromNow(2)], [2]);
    otherStaff = elsewhere.staffToken;
    other = elsewhere.families[0];
    collectionDate = addDays(parisToday(), 5);
  }, HOOK_TIMEOUT);
  afterAll(() => app?.stop());

  describe('mandates', () => {
    it('refuses a bad IBAN, a bad BIC and a signature in the future, in French', async () => {
      const country = expectError(await app.gql(D.createMandate, { i: mandateInput(families[0], { iban: 'XX1420041010050500013M02606' }) }, { token: staff }), 'BAD_USER_INPUT');
      expect(country.message).toMatch(/pays/);
      const checksum = expectError(await app.gql(D.createMandate, { i: mandateInput(families[0], { iban: 'FR1520041010050500013M02606' }) }, { token: staff }), 'BAD_USER_INPUT');
      expect(checksum.message).toMatch(/clé de contrôle/);
      const length = expectError(await app.gql(D.createMandate, { i: mandateInput(families[0], { iban: 'FR14200410100505' }) }, { token: staff }), 'BAD_USER_INPUT');
      expect(length.message).toMatch(/longueur/);
      expectError(await app.gql(D.createMandate, { i: mandateInput(families[0], { bic: 'BNP' }) }, { token: staff }), 'BAD_USER_INPUT');
      const future = expectError(await app.gql(D.createMandate, { i: mandateInput(families[0], { signedOn: addDays(parisToday(), 1) }) }, { token: staff }), 'BAD_USER_INPUT');
      expect(future.message).toMatch(/futur/);
      expect(await app.ok(D.mandates, { familyId: families[0].familyId }, { token: staff })).toEqual({ mandates: [] });
    });

    it('records a mandate: RUM generated, IBAN masked (stored encrypted), ACTIVE; a new one replaces it', async () => {
      const first = (await app.ok(D.createMandate, { i: mandateInput(families[0], { iban: 'fr14 2004 1010 0505 0001 3m02 606' }) }, { token: staff })).createMandate;
      expect(first).toMatchObject({ debtorName: 'Hélène Dupont', ibanMasked: 'FR14 •••• •••• •••• •••• •••• 606', bic: null, state: 'ACTIVE', family: { id: families[0].familyId } });
      expect(first.reference).toMatch(/^PRLV-[0-9A-F]{8}-\d{6}$/);
      const [row] = await app.dataSource.query(`SELECT iban_encrypted FROM mandate WHERE id = $1`, [first.id]);
      expect(row.iban_encrypted).not.toContain('20041010');
      const second = (await app.ok(D.createMandate, { i: mandateInput(families[0], { debtorName: 'Paul Dupont', bic: 'agrifrpp882' }) }, { token: staff })).createMandate;
      expect(second.reference).not.toBe(first.reference);
      expect(second.bic).toBe('AGRIFRPP882');
      const list = (await app.ok(D.mandates, { familyId: families[0].familyId }, { token: staff })).mandates;
      expect(list.map((m: any) => [m.reference, m.state])).toEqual([
        [second.reference, 'ACTIVE'],
        [first.reference, 'REVOKED'],
      ]);
      // The RUM never changes, even by hand.
      await expect(app.dataSource.query(`UPDATE mandate SET reference = 'X' WHERE id = $1`, [first.id])).rejects.toThrow(/RUM/);
    });

    it('a revoked mandate is no longer used; the family sees only its own mandates', async () => {
      const m = (await app.ok(D.createMandate, { i: mandateInput(families[1], { debtorName: 'Jean Martin', iban: IBANS[1] }) }, { token: staff })).createMandate;
      const third = (await app.ok(D.createMandate, { i: mandateInput(families[2], { debtorName: 'Ana Silva', iban: IBANS[1] }) }, { token: staff })).createMandate;
      const revoked = (await app.ok(D.revokeMandate, { i: { mandateId: third.id } }, { token: staff })).revokeMandate;
      expect(revoked.state).toBe('REVOKED');
      expect((await app.ok(D.revokeMandate, { i: { mandateId: third.id } }, { token: staff })).revokeMandate.state).toBe('REVOKED');
      const mine = (await app.ok(D.myMandates, {}, { token: families[1].token })).myMandates;
      expect(mine.map((x: any) => [x.reference, x.ibanMasked, x.state])).toEqual([[m.reference, 'FR76 •••• •••• •••• •••• •••• 189', 'ACTIVE']]);
      expect((await app.ok(D.myMandates, {}, { token: other.token })).myMandates).toEqual([]);
      expectError(await app.gql(D.revokeMandate, { i: { mandateId: m.id } }, { token: otherStaff }), 'NOT_FOUND');
      expectError(await app.gql(D.mandates, { familyId: families[1].familyId }, { token: families[1].token }), 'FORBIDDEN');
    });
  });

  describe('a batch', () => {
    it('refuses a past collection date, and a commune with no creditor identity', async () => {
      const past = expectError(await app.gql(D.createBatch, { i: { collectionDate: addDays(parisToday(), -1) } }, { token: staff }), 'BAD_USER_INPUT');
      expect(past.message).toMatch(/passée/);
      const none = expectError(await app.gql(D.createBatch, { i: { collectionDate } }, { token: staff }), 'CONFLICT', 'SEPA_CREDITOR_MISSING');
      expect(none.message).toMatch(/Identité de créancier SEPA de la commune manquante/);
      expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM direct_debit_batch`)).toEqual([{ n: 0 }]);
      // The commune's admin fills in its creditor identity on the « Régie » screen: the batches below use it.
      await app.ok(
        `mutation($i: UpdatePaymentSettingsInput!) { updatePaymentSettings(input: $i) { sepaCreditorId sepaIbanMasked } }`,
        { i: { onlineProvider: 'NONE', mode: 'TEST', sepaCreditorId: CREDITOR.id, sepaCreditorName: CREDITOR.name, sepaIban: CREDITOR.iban, sepaBic: CREDITOR.bic } },
        { token: admin },
      );
    });

    it('two at once: one batch with every invoice due under an active mandate, the other finds nothing', async () => {
      const results = await Promise.all([1, 2].map(() => app.gql(D.createBatch, { i: { collectionDate } }, { token: staff })));
      const made = results.filter((r) => !r.errors);
      expect(made).toHaveLength(1);
      const refused = expectError(
        results.find((r) => r.errors)!,
        'CONFLICT',
        'NOTHING_TO_DEBIT',
      );
      expect(refused.message).toMatch(/Aucune facture à prélever/);
      batch = made[0].data.createDirectDebitBatch;
      // Families 1 and 2 (family 3's mandate is revoked): 10,20 € each.
      expect(batch).toMatchObject({ number: 1, collectionDate, paymentCount: 2, amountCents: 2040, fileUrl: `/direct-debit-batches/${batch.id}/file` });
      expect(batch.payments.map((p: any) => [p.provider, p.state, p.amountCents])).toEqual([
        ['DIRECT_DEBIT', 'PENDING', 1020],
        ['DIRECT_DEBIT', 'PENDING', 1020],
      ]);
      expect(new Set(batch.payments.map((p: any) => p.invoices[0].id))).toEqual(new Set([families[0].invoices[0].id, families[1].invoices[0].id]));
      expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM direct_debit_payment`)).toEqual([{ n: 2 }]);
      for (const f of families.slice(0, 2)) expect(await invoice(f)).toMatchObject({ state: 'PAYMENT_PENDING', directDebitOn: collectionDate });
      expect(await invoice(families[2])).toMatchObject({ state: 'UNPAID', directDebitOn: null });
      expect((await app.ok(D.batches, {}, { token: staff })).directDebitBatches.totalCount).toBe(1);
      expect((await app.ok(D.batches, {}, { token: otherStaff })).directDebitBatches.totalCount).toBe(0);
    });

    it('its pain.008 file is valid against the ISO 20022 schema, for the commune’s staff only', async () => {
      const res = await request(app.server).get(batch.fileUrl).set('authorization', `Bearer ${staff}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/xml/);
      const xml = res.text || res.body.toString('utf8');
      validatePain008(xml);
      expect(xml).toContain('<SeqTp>RCUR</SeqTp>');
      expect(xml).toContain('<Cd>CORE</Cd>');
      expect(xml).toContain(`<ReqdColltnDt>${collectionDate}</ReqdColltnDt>`);
      expect(xml).toContain('<Id>FR72ZZZ123456</Id>');
      expect(xml).toContain('<CtrlSum>20.40</CtrlSum>');
      for (const p of batch.payments) expect(xml).toContain(`<EndToEndId>${p.number}</EndToEndId>`);
      const rums = (await app.ok(D.mandates, { familyId: families[1].familyId }, { token: staff })).mandates;
      expect(xml).toContain(`<MndtId>${rums[0].reference}</MndtId>`);
      expect(xml).toContain(`<IBAN>${IBANS[1]}</IBAN>`);
      expect((await request(app.server).get(batch.fileUrl).set('authorization', `Bearer ${otherStaff}`)).status).toBe(404);
      expect((await request(app.server).get(batch.fileUrl).set('authorization', `Bearer ${families[0].token}`)).status).toBe(404);
      expect((await request(app.server).get(batch.fileUrl)).status).toBe(401);
    });
  });

  describe('the bank’s answer', () => {
    it('a reject (AM04) before the date: payment REFUSED with its reason, the invoice owes again, the family is mailed', async () => {
      const p = paymentOf(families[1]);
      const refused = (await app.ok(D.reject, { i: { paymentId: p.id, reasonCode: 'am04' } }, { token: staff })).recordDirectDebitReject;
      expect(refused).toMatchObject({ state: 'REFUSED', reason: 'Provision insuffisante (rejet AM04)', invoices: [{ state: 'UNPAID', remainingCents: 1020 }] });
      expect(await invoice(families[1])).toMatchObject({ state: 'UNPAID', directDebitOn: null });
      const mail = await waitForMail(app, families[1].email, /prélèvement n° \d{5} rejeté/);
      expect(mail.text).toContain('Provision insuffisante (rejet AM04)');
      // Recorded again: nothing changes, no second mail.
      const again = (await app.ok(D.reject, { i: { paymentId: p.id, reasonCode: 'AM04' } }, { token: staff })).recordDirectDebitReject;
      expect(again.state).toBe('REFUSED');
      await mailsSettled(app);
      expect(app.mailbox.to(families[1].email).filter((m) => /rejeté/.test(m.subject))).toHaveLength(1);
    });

    it('refuses an unknown code, another commune’s payment and a payment that is not a direct debit', async () => {
      const p = paymentOf(families[0]);
      expectError(await app.gql(D.reject, { i: { paymentId: p.id, reasonCode: 'ZZ99' } }, { token: staff }), 'BAD_USER_INPUT');
      expectError(await app.gql(D.reject, { i: { paymentId: p.id, reasonCode: 'AM04' } }, { token: otherStaff }), 'NOT_FOUND');
      const cash = await recordPayment(app, otherStaff, { familyId: other.familyId, invoiceIds: [other.invoices[0].id], amountCents: 100, method: 'CASH' });
      const cashId = cash.data.recordPayment.id;
      expectError(await app.gql(D.reject, { i: { paymentId: cashId, reasonCode: 'AM04' } }, { token: otherStaff }), 'NOT_FOUND');
      expectError(await app.gql(D.reject, { i: { paymentId: p.id, reasonCode: 'AM04' } }, { token: families[0].token }), 'FORBIDDEN');
      expect((await invoice(families[0])).state).toBe('PAYMENT_PENDING');
    });

    it('the chore validates the debits on their collection date, not before', async () => {
      expect(await directDebits.collect(on(addDays(collectionDate, -1)))).toBe(0);
      expect((await invoice(families[0])).state).toBe('PAYMENT_PENDING');
      expect(await directDebits.collect(on(collectionDate))).toBe(1);
      expect(await directDebits.collect(on(collectionDate))).toBe(0);
      expect(await invoice(families[0])).toMatchObject({ state: 'PAID', remainingCents: 0, paidCents: 1020, directDebitOn: null });
      const [row] = await app.dataSource.query(`SELECT state FROM payment WHERE id = $1`, [paymentOf(families[0]).id]);
      expect(row.state).toBe('VALIDATED');
    });

    it('a reject after the collection date takes the money back: the invoice owes again', async () => {
      const p = paymentOf(families[0]);
      const refused = (await app.ok(D.reject, { i: { paymentId: p.id, reasonCode: 'MD06' } }, { token: staff })).recordDirectDebitReject;
      expect(refused).toMatchObject({ state: 'REFUSED', reason: expect.stringContaining('MD06'), invoices: [{ state: 'UNPAID', remainingCents: 1020 }] });
      expect(await invoice(families[0])).toMatchObject({ state: 'UNPAID', paidCents: 0 });
      await waitForMail(app, families[0].email, /prélèvement n° \d{5} rejeté/);
    });

    it('the next batch presents the rejected invoices again', async () => {
      const next = (await app.ok(D.createBatch, { i: { collectionDate: addDays(collectionDate, 30) } }, { token: staff })).createDirectDebitBatch;
      expect(next).toMatchObject({ number: 2, paymentCount: 2, amountCents: 2040 });
      expect(new Set(next.payments.map((p: any) => p.invoices[0].id))).toEqual(new Set([families[0].invoices[0].id, families[1].invoices[0].id]));
      const res = await request(app.server).get(next.fileUrl).set('authorization', `Bearer ${staff}`);
      validatePain008(res.text || res.body.toString('utf8'));
    });
  });
});
