import request from 'supertest';
import { addDays, LocalDate } from '../../src/common/dates/local-date';
import { C, parisToday } from './catalog';
import { lastOfMonth, settle, submitOk } from './reservations';
import { TestApp } from './test-app';

/**
 * Billing ("Mes Factures & Paiements", the staff's "Facturation") for the e2e tests: GraphQL
 * documents as a client writes them, runs followed to their end, and independent oracles (French
 * dates and euros) to check the answers against.
 */

export const LINE_FIELDS = `childName activityName quantity unitPriceCents amountCents`;
export const CREDIT_NOTE_FIELDS = `id number issuedOn amountCents appliedCents reason pdfUrl lines { ${LINE_FIELDS} } invoice { id number }`;
export const INVOICE_FIELDS = `id number issuedOn amountCents remainingCents paidCents creditedCents fromBalanceCents state stateLabel
  periodStart periodEnd periodLabel childrenLabel establishmentsLabel accueilLabel pdfUrl lines { ${LINE_FIELDS} }
  creditNotes { id number amountCents appliedCents reason }`;
export const PAYMENT_FIELDS = `id number label createdAt receivedOn provider amountCents state stateLabel invoices { id number state remainingCents }`;
export const RUN_FIELDS = `id month state invoicesCreated familiesProcessed familiesTotal failures { familyId familyName message } createdAt finishedAt`;
export const ENTRY_FIELDS = `date kind label invoiceAmountCents paymentAmountCents creditAmountCents state invoice { id number } payment { id number } creditNote { id number }`;
export const SUMMARY_FIELDS = `invoicedCents invoiceCount paidCents paymentCount dueCents unsettledInvoiceCount creditedCents creditNoteCount creditBalanceCents`;

export const B = {
  runBilling: `mutation($i: RunBillingInput!) { runBilling(input: $i) { ${RUN_FIELDS} } }`,
  billingRun: `query($id: ID!) { billingRun(id: $id) { ${RUN_FIELDS} } }`,
  summary: `query { billingSummary { ${SUMMARY_FIELDS} } }`,
  history: `query($page: Int, $pageSize: Int) { billingHistory(page: $page, pageSize: $pageSize) { items { ${ENTRY_FIELDS} } totalCount page pageSize } }`,
  invoice: `query($id: ID!) { invoice(id: $id) { ${INVOICE_FIELDS} } }`,
  creditNote: `query($id: ID!) { creditNote(id: $id) { ${CREDIT_NOTE_FIELDS} } }`,
  payment: `query($id: ID!) { payment(id: $id) { ${PAYMENT_FIELDS} } }`,
  payable: `query { payableInvoices { ${INVOICE_FIELDS} } }`,
  recordPayment: `mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ${PAYMENT_FIELDS} } }`,
  toTreasury: `mutation($i: InvoiceIdInput!) { transferInvoiceToTreasury(input: $i) { ${INVOICE_FIELDS} } }`,
  excuse: `mutation($i: ExcuseAbsenceInput!) { excuseAbsence(input: $i) { ${CREDIT_NOTE_FIELDS} } }`,
  familyCredit: `query($id: ID!) { family(id: $id) { id name creditBalanceCents } }`,
  setPriceBrackets: `mutation($i: SetPriceBracketsInput!) { setPriceBrackets(input: $i) { id priceBrackets { upToQuotient mealPriceCents } } }`,
  setFamilyQuotient: `mutation($i: SetFamilyQuotientInput!) { setFamilyQuotient(input: $i) { id quotients { quotient validFrom validTo } } }`,
};

export interface InvoiceLine {
  childName: string;
  activityName: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}
export interface Invoice {
  id: string;
  number: string;
  issuedOn: LocalDate;
  amountCents: number;
  remainingCents: number;
  paidCents: number;
  creditedCents: number;
  fromBalanceCents: number;
  state: string;
  stateLabel: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  periodLabel: string;
  childrenLabel: string;
  establishmentsLabel: string;
  accueilLabel: string;
  pdfUrl: string;
  lines: InvoiceLine[];
  creditNotes: Array<{ id: string; number: string; amountCents: number; appliedCents: number; reason: string }>;
}
export interface CreditNote {
  id: string;
  number: string;
  issuedOn: LocalDate;
  amountCents: number;
  appliedCents: number;
  reason: string;
  pdfUrl: string;
  lines: InvoiceLine[];
  invoice: { id: string; number: string };
}
export interface Payment {
  id: string;
  number: string;
  label: string;
  receivedOn: LocalDate;
  provider: string;
  amountCents: number;
  state: string;
  stateLabel: string;
  invoices: Array<{ id: string; number: string; state: string; remainingCents: number }>;
}
export interface BillingRun {
  id: string;
  month: string;
  state: string;
  invoicesCreated: number;
  familiesProcessed: number;
  familiesTotal: number;
  failures: Array<{ familyId: string; familyName: string; message: string }>;
}

/* ---------- runs ---------- */

/** Staff start a month's run (answered at once, QUEUED). */
export async function startRun(app: TestApp, staffToken: string, month: string): Promise<BillingRun> {
  return (await app.ok(B.runBilling, { i: { month } }, { token: staffToken })).runBilling;
}

/** Follows a run as the back-office's progress bar does, until it is DONE or FAILED. */
export async function runResult(app: TestApp, staffToken: string, runId: string, timeoutMs = 30_000): Promise<BillingRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await app.idle('billing');
    const run: BillingRun = (await app.ok(B.billingRun, { id: runId }, { token: staffToken })).billingRun;
    if (run.state === 'DONE' || run.state === 'FAILED') return run;
    if (Date.now() > deadline) throw new Error(`billing run ${runId} still ${run.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Bills a month and waits for the run, its PDFs and its mails. */
export async function billMonth(app: TestApp, staffToken: string, month: string): Promise<BillingRun> {
  const run = await runResult(app, staffToken, (await startRun(app, staffToken, month)).id);
  await afterBilling(app);
  return run;
}

/** What a run or a credit note leaves to the queues: PDFs rendered, mails sent. */
export async function afterBilling(app: TestApp): Promise<void> {
  await app.idle('documents');
  await app.idle('mail');
}

/* ---------- reading as the family or staff ---------- */

export async function summaryOf(app: TestApp, familyToken: string) {
  return (await app.ok(B.summary, {}, { token: familyToken })).billingSummary as Record<string, number>;
}

export async function historyOf(app: TestApp, familyToken: string, page?: number, pageSize?: number) {
  return (await app.ok(B.history, { page, pageSize }, { token: familyToken })).billingHistory as {
    items: Array<Record<string, any>>;
    totalCount: number;
    page: number;
    pageSize: number;
  };
}

/** The family's invoices, newest first (from its history). */
export async function invoicesOf(app: TestApp, familyToken: string): Promise<Invoice[]> {
  const history = await historyOf(app, familyToken, 1, 100);
  const ids = history.items.filter((e) => e.kind === 'INVOICE').map((e) => e.invoice.id as string);
  const out: Invoice[] = [];
  for (const id of ids) out.push(await invoiceOf(app, familyToken, id));
  return out;
}

export async function invoiceOf(app: TestApp, token: string, id: string): Promise<Invoice> {
  return (await app.ok(B.invoice, { id }, { token })).invoice;
}

export async function payableOf(app: TestApp, familyToken: string): Promise<Invoice[]> {
  return (await app.ok(B.payable, {}, { token: familyToken })).payableInvoices;
}

export async function creditBalanceOf(app: TestApp, staffToken: string, familyId: string): Promise<number> {
  return (await app.ok(B.familyCredit, { id: familyId }, { token: staffToken })).family.creditBalanceCents;
}

export async function familyName(app: TestApp, staffToken: string, familyId: string): Promise<string> {
  return (await app.ok(B.familyCredit, { id: familyId }, { token: staffToken })).family.name;
}

/* ---------- writes ---------- */

/** The family books days of a month for a child, and the queue accepts them. */
export async function book(app: TestApp, familyToken: string, childId: string, activityId: string, days: LocalDate[]) {
  const r = await submitOk(app, familyToken, { childId, activityId, month: days[0].slice(0, 7), book: days });
  await settle(app);
  return r;
}

/** A cheque gets a number unless the test gives one (or `reference: null`, to see it refused). */
export const recordPayment = (app: TestApp, staffToken: string, input: Record<string, unknown>) =>
  app.gql(B.recordPayment, { i: { receivedOn: parisToday(), ...(input.method === 'CHECK' ? { reference: '1234567' } : {}), ...input } }, { token: staffToken });

export const excuse = (app: TestApp, staffToken: string, input: { childId: string; activityId: string; dates: LocalDate[]; reason?: string }) =>
  app.gql(B.excuse, { i: { reason: 'certificat médical', ...input } }, { token: staffToken });

/* ---------- the database, as an auditor would check it ---------- */

/** The invoice numbers of a commune (by its code), in order. */
export async function invoiceNumbers(app: TestApp, communeCode: string): Promise<string[]> {
  const rows = await app.dataSource.query(`SELECT i.number FROM invoice i JOIN commune c ON c.id = i.commune_id WHERE c.code = $1 ORDER BY i.number`, [communeCode]);
  return rows.map((r: { number: string }) => r.number);
}

/** A presence's status and whether (by which invoice) it was billed. */
export async function presenceOf(app: TestApp, childId: string, activityId: string, date: LocalDate) {
  const [row] = await app.dataSource.query(`SELECT status, invoice_id FROM presence WHERE child_id = $1 AND activity_id = $2 AND date = $3`, [childId, activityId, date]);
  return row as { status: string; invoice_id: string | null } | undefined;
}

/* ---------- oracles, written independently of the product's code ---------- */

export const currentYear = () => parisToday().slice(0, 4);

/** `2026-00001` of this year. */
export const invoiceNo = (seq: number) => `${currentYear()}-${String(seq).padStart(5, '0')}`;
/** `AV-2026-00001` of this year. */
export const creditNoteNo = (seq: number) => `AV-${currentYear()}-${String(seq).padStart(5, '0')}`;

/** `2026-11-30` → `30/11/2026`. */
export const frDate = (d: LocalDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** `du 01/11/2026 au 30/11/2026`. */
export const periodLabel = (month: string) => `du 01/${month.slice(5, 7)}/${month.slice(0, 4)} au ${frDate(lastOfMonth(month))}`;

/** 86173 → `861,73 €`, 123456 → `1 234,56 €` (plain spaces: compare with normalised text). */
export function frEuros(cents: number): string {
  const units = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${units},${String(cents % 100).padStart(2, '0')} €`;
}

/** Invoices are due 30 days after the later of their date and the last day they bill. */
export const dueDate = (issuedOn: LocalDate, lastBilledDay: LocalDate) => addDays(lastBilledDay > issuedOn ? lastBilledDay : issuedOn, 30);

/* ---------- PDFs over HTTP ---------- */

export async function getPdf(app: TestApp, path: string, token?: string) {
  const req = request(app.server)
    .get(path)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  if (token) req.set('authorization', `Bearer ${token}`);
  const res = await req;
  return { status: res.status, type: res.headers['content-type'] as string, body: res.body as Buffer, headers: res.headers };
}

/** Registers an existing child to one more activity (staff accept when the activity waits for them). */
export async function register(app: TestApp, familyToken: string, staffToken: string, childId: string, activityId: string): Promise<void> {
  const reg = (await app.ok(C.registerChild, { i: { childId, activityId } }, { token: familyToken })).registerChild;
  if (reg.state !== 'ACCEPTED') await app.ok(C.decideRegistration, { i: { registrationId: reg.id, accept: true } }, { token: staffToken });
}

/** The "nouvelle facture disponible" mails an address received. */
export const invoiceMails = (app: TestApp, email: string) => app.mailbox.to(email).filter((m) => /nouvelle facture disponible/.test(m.subject));
/** The "avoir … établi en votre faveur" mails an address received. */
export const creditNoteMails = (app: TestApp, email: string) => app.mailbox.to(email).filter((m) => /avoir n° AV-/.test(m.subject));
