import { createHmac } from 'node:crypto';
import request from 'supertest';
import { billMonth, book, Invoice, INVOICE_FIELDS, invoicesOf, PAYMENT_FIELDS } from './billing';
import { communeWithStaff } from './catalog';
import { CapturedMail } from './mailbox';
import { createReservationActivity, registeredChild, serviceDays } from './reservations';
import { TestApp } from './test-app';

/**
 * Online payments (SPEC §2 "Payments") for the e2e tests: the checkout as the portal's screen asks
 * for it, the bank's side written from the protocol (Systempay form, V2) independently of the
 * product's signer, and what an auditor reads in the database.
 */

export const PAYMENT_WITH_FLAG = `${PAYMENT_FIELDS} flag`;

export const P = {
  start: `mutation($i: StartOnlinePaymentInput!) { startOnlinePayment(input: $i) { payment { ${PAYMENT_WITH_FLAG} } actionUrl method fields { name value } } }`,
  payments: `query($familyId: ID, $state: PaymentState, $flagged: Boolean, $page: Int, $pageSize: Int) {
    payments(familyId: $familyId, state: $state, flagged: $flagged, page: $page, pageSize: $pageSize) { items { ${PAYMENT_WITH_FLAG} } totalCount page pageSize } }`,
  payment: `query($id: ID!) { payment(id: $id) { ${PAYMENT_WITH_FLAG} } }`,
  invoice: `query($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`,
};

export type Fields = Record<string, string>;

export interface Checkout {
  payment: {
    id: string;
    number: string;
    label: string;
    provider: string;
    amountCents: number;
    state: string;
    stateLabel: string;
    receivedOn: string;
    flag: string | null;
    invoices: Array<{ id: string; number: string; state: string; remainingCents: number }>;
  };
  actionUrl: string;
  method: string;
  /** The form as the browser posts it: name → value. */
  form: Fields;
  /** The fields in the order the API gave them (names may not repeat). */
  names: string[];
}

/** The family's "Accéder au paiement". */
export const startPayment = (app: TestApp, familyToken: string, invoiceIds: string[]) => app.gql(P.start, { i: { invoiceIds } }, { token: familyToken });

export async function checkoutOk(app: TestApp, familyToken: string, invoiceIds: string[]): Promise<Checkout> {
  const res = await startPayment(app, familyToken, invoiceIds);
  if (res.errors?.length) throw new Error(`startOnlinePayment refused: ${JSON.stringify(res.errors)}`);
  return asCheckout(res.data.startOnlinePayment);
}

export function asCheckout(raw: { payment: Checkout['payment']; actionUrl: string; method: string; fields: Array<{ name: string; value: string }> }): Checkout {
  const form: Fields = {};
  for (const f of raw.fields) form[f.name] = f.value;
  return { payment: raw.payment, actionUrl: raw.actionUrl, method: raw.method, form, names: raw.fields.map((f) => f.name) };
}

/* ---------- the protocol, written from SPEC §2 (not from the product's code) ---------- */

/** The values of the `vads_*` fields sorted by name, joined with `+`, then `+key`; HMAC-SHA-256 with the key; Base64. */
export function systempaySign(fields: Fields, key: string): string {
  const names = Object.keys(fields).filter((n) => n.startsWith('vads_'));
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const text = names.map((n) => fields[n]).join('+') + '+' + key;
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(text, 'utf8')).digest('base64');
}

/** The fields with their signature. */
export const signed = (fields: Fields, key: string): Fields => ({ ...withoutSignature(fields), signature: systempaySign(fields, key) });

export function withoutSignature(fields: Fields): Fields {
  const { signature: _ignored, ...rest } = fields;
  return rest;
}

let transUuid = 0;
/**
 * The notification the bank sends for a checkout's form: its transaction, the status, why it was
 * sent (`PAY` first, `RETRY` when re-sent, `BO` from the back office), and what a real IPN carries
 * beside (a masked card number the portal must never keep). Unsigned: sign it with `signed`.
 */
export function bankNotification(form: Fields, status: string, over: Fields = {}): Fields {
  transUuid++;
  return {
    vads_action_mode: 'INTERACTIVE',
    vads_amount: form.vads_amount,
    vads_auth_result: status === 'REFUSED' ? '05' : '00',
    vads_card_brand: 'CB',
    vads_card_number: '497010XXXXXX0055',
    vads_ctx_mode: form.vads_ctx_mode,
    vads_currency: form.vads_currency,
    vads_effective_amount: form.vads_amount,
    vads_operation_type: 'DEBIT',
    vads_order_id: form.vads_order_id,
    vads_page_action: 'PAYMENT',
    vads_payment_config: form.vads_payment_config,
    vads_site_id: form.vads_site_id,
    vads_trans_date: form.vads_trans_date,
    vads_trans_id: form.vads_trans_id,
    vads_trans_status: status,
    vads_trans_uuid: `${String(transUuid).padStart(8, '0')}aabbccddeeff00112233445566`.slice(0, 32),
    vads_url_check_src: 'PAY',
    vads_version: 'V2',
    ...over,
  };
}

/**
 * A notification resent by hand from the bank's back office (`vads_url_check_src=BO`): Systempay
 * then leaves out vads_page_action, vads_payment_config and vads_action_mode.
 */
export function backOfficeResend(form: Fields, status: string): Fields {
  const { vads_page_action: _p, vads_payment_config: _c, vads_action_mode: _a, ...rest } = bankNotification(form, status, { vads_url_check_src: 'BO' });
  return rest;
}

/** The bank's server-to-server POST, form-encoded. */
export function postIpn(app: TestApp, fields: Fields) {
  return request(app.server).post('/payments/systempay/ipn').type('form').send(fields);
}

/** The bank notifies a checkout's outcome, signed with the key (the TEST key of the config by default). */
export function notify(app: TestApp, c: Checkout, status: string, over: Fields = {}, key = app.portal.config.systempay.key) {
  return postIpn(app, signed(bankNotification(c.form, status, over), key));
}

/* ---------- the database, as an auditor reads it ---------- */

export interface PaymentRow {
  state: string;
  amount_cents: number;
  flag: string | null;
  trans_id: string | null;
  expires_at: Date | null;
  settled_at: Date | null;
}

export async function paymentRow(app: TestApp, id: string): Promise<PaymentRow> {
  const [row] = await app.dataSource.query(`SELECT state, amount_cents, flag, trans_id, expires_at, settled_at FROM payment WHERE id = $1`, [id]);
  return row;
}

export async function invoiceRow(app: TestApp, id: string): Promise<{ state: string; paid_cents: number; amount_cents: number }> {
  const [row] = await app.dataSource.query(`SELECT state, paid_cents, amount_cents FROM invoice WHERE id = $1`, [id]);
  return row;
}

/** What each invoice got from a payment, oldest invoice first. */
export async function allocationsOf(app: TestApp, paymentId: string): Promise<Array<{ number: string; cents: number }>> {
  return app.dataSource.query(`SELECT i.number, a.amount_cents AS cents FROM payment_allocation a JOIN invoice i ON i.id = a.invoice_id WHERE a.payment_id = $1 ORDER BY i.issued_on, i.number`, [
    paymentId,
  ]);
}

/** The notifications recorded for a payment, oldest first: status, source, outcome. */
export async function notificationsOf(app: TestApp, paymentId: string): Promise<Array<{ status: string; source: string | null; outcome: string; amount_cents: number }>> {
  return app.dataSource.query(`SELECT status, source, outcome, amount_cents FROM payment_notification WHERE payment_id = $1 ORDER BY received_at, id`, [paymentId]);
}

/** The family's credit balance as its ledger says. */
export async function creditLedger(app: TestApp, familyId: string): Promise<number> {
  const [row] = await app.dataSource.query(`SELECT COALESCE(sum(amount_cents), 0)::int AS n FROM family_credit WHERE family_id = $1`, [familyId]);
  return row.n;
}

/** Everything a refused or ignored request must leave as it was. */
export async function paymentsLedger(app: TestApp) {
  const q = (sql: string) => app.dataSource.query(sql);
  return {
    payments: await q(`SELECT id, state, amount_cents, flag FROM payment ORDER BY id`),
    allocations: await q(`SELECT payment_id, invoice_id, amount_cents FROM payment_allocation ORDER BY payment_id, invoice_id`),
    invoices: await q(`SELECT id, state, paid_cents FROM invoice ORDER BY id`),
    credit: await q(`SELECT family_id, amount_cents FROM family_credit ORDER BY id`),
    counters: await q(`SELECT commune_id, name, value FROM commune_counter WHERE name = 'payment' ORDER BY commune_id`),
    transactions: await q(`SELECT site_id, to_char(day, 'YYYY-MM-DD') AS day, value FROM payment_transaction_counter ORDER BY site_id, day`),
    mails: await q(`SELECT id FROM mail_message ORDER BY id`),
  };
}

/* ---------- mails ---------- */

/** The spaces French money is written with (narrow no-break, no-break) as plain spaces. */
export const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

export const validatedMails = (app: TestApp, email: string) => app.mailbox.to(email).filter((m) => /paiement n° \d{5} validé/.test(m.subject));
export const refusedMails = (app: TestApp, email: string) => app.mailbox.to(email).filter((m) => /paiement n° \d{5} refusé/.test(m.subject));
export const paymentMails = (app: TestApp, email: string) => app.mailbox.to(email).filter((m) => /paiement n° \d{5}/.test(m.subject));

/** Waits for the n-th mail (1-based) to an address whose subject matches. */
export async function waitForMail(app: TestApp, email: string, subject: RegExp, n = 1, timeoutMs = 10_000): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = app.mailbox.to(email).filter((m) => subject.test(m.subject));
    if (found.length >= n) return found[n - 1];
    if (Date.now() > deadline) throw new Error(`no mail #${n} "${subject}" to ${email} within ${timeoutMs} ms (got ${found.length})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The mail queue is done, and the local SMTP server has parsed what it was sent. */
export async function mailsSettled(app: TestApp): Promise<void> {
  await app.idle('mail');
  await new Promise((r) => setTimeout(r, 150));
}

/** `UTC now` as `YYYYMMDDHHMMSS`. */
export const utcStamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);

/* ---------- families with invoices to pay ---------- */

export interface PayingFamily {
  token: string;
  familyId: string;
  email: string;
  childId: string;
  /** Its invoices, oldest first (one per month billed). */
  invoices: Invoice[];
}

/**
 * A commune with its staff, a canteen at 3,40 € a meal and `count` families, each with a child who
 * ate `days[k]` meals in the k-th month of `months`; each month billed: every family has one invoice
 * per month, oldest first (e.g. days [3, 2]: 10,20 € then 6,80 €).
 */
export async function familiesWithInvoices(app: TestApp, code: string, count: number, months: string[], days: number[]) {
  const { staffToken, adminToken } = await communeWithStaff(app, code);
  const activity = await createReservationActivity(app, staffToken, { mealPriceCents: 340, dailyCapacity: count + 10 });
  const families: PayingFamily[] = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const email = `famille${i + 1}@${code.toLowerCase()}.test`;
      const fam = await app.family(code, staffToken, { email, firstName: `Parent${i + 1}`, lastName: `FAMILLE${i + 1}` });
      const child = await registeredChild(app, fam.token, staffToken, activity.id, { firstName: `Enfant${i + 1}`, lastName: `FAMILLE${i + 1}` });
      for (const [k, month] of months.entries()) await book(app, fam.token, child.id, activity.id, serviceDays(month).slice(0, days[k]));
      return { token: fam.token, familyId: fam.familyId, email, childId: child.id, invoices: [] as Invoice[] };
    }),
  );
  for (const month of months) await billMonth(app, staffToken, month);
  for (const f of families) f.invoices = (await invoicesOf(app, f.token)).sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.number.localeCompare(b.number));
  return { code, staffToken, adminToken, activityId: activity.id, families };
}
