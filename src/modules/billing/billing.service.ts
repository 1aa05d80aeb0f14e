import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { LocalDate } from '../../common/dates/local-date';
import { conflict, notFound } from '../../common/errors/domain-error';
import { PageArgs, pageRequest, toPage, Page } from '../../common/graphql/pagination';
import { UnitOfWork } from '../../database/unit-of-work';
import { BilledDaysStore, datesOfCreditNoteLine, datesOfInvoiceLine } from './billed-days.store';
import { byAge, invoiceStateReason, InvoiceState } from './billing-rules';
import { formatPaymentNumber, PaymentState, PROVIDER_LABELS } from '../payments/payment-rules';
import { InvoicesStore } from './invoices.store';
import { CreditNotesStore } from './credit-notes.store';
import { PaymentsStore } from '../payments/payments.store';
import { FamilyLedgerStore, SummaryRow } from './family-ledger.store';
import { Scope } from './scope';
import { CreditNoteLineEntity } from './credit-note-line.entity';
import { CreditNoteEntity } from './credit-note.entity';
import { InvoiceLineEntity } from './invoice-line.entity';
import { InvoiceEntity, remainingOf } from './invoice.entity';
import { PaymentEntity } from '../payments/payment.entity';

/** A document line with the dates it bills or credits. */
export type DatedLine<L> = L & { dates: LocalDate[] };

/** A row of "Mes Factures & Paiements". */
export interface BillingEntry {
  date: string;
  kind: 'INVOICE' | 'PAYMENT' | 'CREDIT_NOTE';
  label: string;
  invoiceAmountCents: number | null;
  paymentAmountCents: number | null;
  creditAmountCents: number | null;
  state: string;
  invoice: InvoiceEntity | null;
  payment: PaymentEntity | null;
  creditNote: CreditNoteEntity | null;
}

/**
 * What families and staff read of billing: the family's totals and history, an invoice, the
 * invoices payable online; and the staff's hand-over to the Trésor Public. A family reads only its
 * own rows (another family's id is not found); staff, any of the commune's.
 */
@Injectable()
export class BillingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly invoiceStore: InvoicesStore,
    private readonly creditNoteStore: CreditNotesStore,
    private readonly paymentStore: PaymentsStore,
    private readonly ledger: FamilyLedgerStore,
    private readonly days: BilledDaysStore,
  ) {}

  summary(ctx: RequestContext): Promise<SummaryRow> {
    return this.ledger.summary(this.uow.read, ctx.familyId);
  }

  async history(ctx: RequestContext, args: PageArgs): Promise<Page<BillingEntry>> {
    const req = pageRequest(args);
    const { rows, total } = await this.ledger.history(this.uow.read, ctx.familyId, req.offset, req.pageSize);
    const ids = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.id);
    const invoices = new Map((await this.invoiceStore.invoicesByIds(this.uow.read, ids('INVOICE'))).map((i) => [i.id, i]));
    const payments = new Map((await this.paymentStore.paymentsByIds(this.uow.read, ids('PAYMENT'))).map((p) => [p.id, p]));
    const notes = new Map((await this.creditNoteStore.creditNotesByIds(this.uow.read, ids('CREDIT_NOTE'))).map((c) => [c.id, c]));
    const items = rows.map((r): BillingEntry => {
      const base = { date: r.date, kind: r.kind, invoiceAmountCents: null, paymentAmountCents: null, creditAmountCents: null, invoice: null, payment: null, creditNote: null };
      if (r.kind === 'INVOICE') {
        const i = invoices.get(r.id)!;
        return { ...base, label: `Facture n° ${i.number}`, invoiceAmountCents: i.amountCents, state: i.state, invoice: i };
      }
      if (r.kind === 'PAYMENT') {
        const p = payments.get(r.id)!;
        return { ...base, label: `Paiement n° ${formatPaymentNumber(p.number)} (par ${PROVIDER_LABELS[p.provider]})`, paymentAmountCents: p.amountCents, state: p.state, payment: p };
      }
      const c = notes.get(r.id)!;
      return { ...base, label: `Avoir n° ${c.number}`, creditAmountCents: c.amountCents, state: 'ISSUED', creditNote: c };
    });
    return toPage(req, items, total);
  }

  async invoice(ctx: RequestContext, id: string): Promise<InvoiceEntity> {
    const invoice = await this.invoiceStore.invoice(this.uow.read, id, this.scope(ctx));
    if (!invoice) throw notFound('Invoice', 'Facture introuvable.');
    return invoice;
  }

  async creditNote(ctx: RequestContext, id: string): Promise<CreditNoteEntity> {
    const note = await this.creditNoteStore.creditNote(this.uow.read, id, this.scope(ctx));
    if (!note) throw notFound('CreditNote', 'Avoir introuvable.');
    return note;
  }

  /** Staff's list of the commune's invoices (a family's, a state, a month), newest first; filtered on the server. */
  async invoices(ctx: RequestContext, filter: { familyId?: string; state?: InvoiceState; month?: string }, args: PageArgs): Promise<Page<InvoiceEntity>> {
    const req = pageRequest(args);
    const [items, total] = await this.invoiceStore.invoicesPage(this.uow.read, { communeId: ctx.communeId, ...filter }, req.offset, req.pageSize);
    return toPage(req, items, total);
  }

  /** Staff's list of the commune's credit notes (a family's, issued in a month), newest first; filtered on the server. */
  async creditNotes(ctx: RequestContext, filter: { familyId?: string; month?: string }, args: PageArgs): Promise<Page<CreditNoteEntity>> {
    const req = pageRequest(args);
    const [items, total] = await this.creditNoteStore.creditNotesPage(this.uow.read, { communeId: ctx.communeId, ...filter }, req.offset, req.pageSize);
    return toPage(req, items, total);
  }

  /** Staff's list of the commune's payments, newest first; filtered on the server. */
  async payments(ctx: RequestContext, filter: { familyId?: string; state?: PaymentState; flagged?: boolean }, args: PageArgs): Promise<Page<PaymentEntity>> {
    const req = pageRequest(args);
    const [items, total] = await this.paymentStore.paymentsPage(this.uow.read, { communeId: ctx.communeId, ...filter }, req.offset, req.pageSize);
    return toPage(req, items, total);
  }

  /** "Payer en ligne": the family's unpaid invoices with something left to pay, oldest first. */
  async payable(ctx: RequestContext): Promise<InvoiceEntity[]> {
    return (await this.invoiceStore.invoicesOfFamily(this.uow.read, ctx.familyId, ['UNPAID'])).filter((i) => remainingOf(i) > 0);
  }

  /** Staff hand an unpaid invoice to the Trésor Public: no longer payable online, still due. */
  async transferToTreasury(ctx: RequestContext, invoiceId: string): Promise<InvoiceEntity> {
    return this.uow.run(async (tx) => {
      const [invoice] = await this.invoiceStore.lockInvoices(tx, [invoiceId], { communeId: ctx.communeId });
      if (!invoice) throw notFound('Invoice', 'Facture introuvable.');
      if (invoice.state !== 'UNPAID' || remainingOf(invoice) === 0) {
        throw conflict(
          'INVOICE_NOT_TRANSFERABLE',
          `Seule une facture non soldée peut être transmise au Trésor Public (facture n° ${invoice.number} : ${invoiceStateReason(invoice.state, remainingOf(invoice))}).`,
        );
      }
      await this.invoiceStore.updateInvoice(tx, invoice, { state: 'TREASURY' });
      return invoice;
    });
  }

  // ---- for the field resolvers' loaders ---------------------------------------------------------

  /** Each invoice's lines, each with the dates it bills (none for invoices imported from a former system). */
  async linesOf(invoiceIds: readonly string[]): Promise<DatedLine<InvoiceLineEntity>[][]> {
    const [rows, days] = await Promise.all([this.invoiceStore.linesOf(this.uow.read, invoiceIds), this.days.billedDaysOf(this.uow.read, invoiceIds)]);
    return invoiceIds.map((id) => rows.filter((r) => r.invoiceId === id).map((line) => Object.assign(line, { dates: datesOfInvoiceLine(days, id, line.position) })));
  }

  /** SPEC §2: each invoice's due date, 30 days after the later of its date and the last day it bills (its period's end when its days are not known). */
  dueOnOf(invoices: readonly InvoiceEntity[]): Promise<LocalDate[]> {
    return this.days.dueDates(this.uow.read, invoices);
  }

  async creditNotesOf(invoiceIds: readonly string[]): Promise<CreditNoteEntity[][]> {
    const rows = await this.creditNoteStore.creditNotesOfInvoices(this.uow.read, invoiceIds);
    return invoiceIds.map((id) => rows.filter((r) => r.invoiceId === id));
  }

  /** Each credit note's lines, each with the dates it credits (its line's child, activity and unit price). */
  async creditNoteLinesOf(ids: readonly string[]): Promise<DatedLine<CreditNoteLineEntity>[][]> {
    const [rows, days] = await Promise.all([this.creditNoteStore.creditNoteLinesOf(this.uow.read, ids), this.days.creditedDaysOf(this.uow.read, ids)]);
    return ids.map((id) => rows.filter((r) => r.creditNoteId === id).map((line) => Object.assign(line, { dates: datesOfCreditNoteLine(days, id, line) })));
  }

  /** Reached only through rows already authorised (a credit note's invoice). */
  async invoicesByIds(ids: readonly string[]): Promise<InvoiceEntity[]> {
    const rows = new Map((await this.invoiceStore.invoicesByIds(this.uow.read, ids)).map((i) => [i.id, i]));
    return ids.map((id) => rows.get(id)!);
  }

  async invoicesOfPayments(paymentIds: readonly string[]): Promise<InvoiceEntity[][]> {
    const allocations = await this.paymentStore.allocationsOf(this.uow.read, paymentIds);
    const invoices = new Map((await this.invoiceStore.invoicesByIds(this.uow.read, [...new Set(allocations.map((a) => a.invoiceId))])).map((i) => [i.id, i]));
    return paymentIds.map((id) =>
      allocations
        .filter((a) => a.paymentId === id)
        .map((a) => invoices.get(a.invoiceId)!)
        .sort(byAge),
    );
  }

  async creditBalancesOf(familyIds: readonly string[]): Promise<number[]> {
    const balances = await this.ledger.creditBalances(this.uow.read, familyIds);
    return familyIds.map((id) => balances.get(id) ?? 0);
  }

  private scope(ctx: RequestContext): Scope {
    return { communeId: ctx.communeId, familyId: ctx.isStaff ? null : ctx.familyId };
  }
}
