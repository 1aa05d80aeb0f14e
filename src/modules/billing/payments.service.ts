import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { communeToday } from '../../common/context/commune-today';
import { frenchDate, LocalDate } from '../../common/dates/local-date';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { euros } from '../../common/money/euros';
import { UnitOfWork } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { allocateOldestFirst, byAge, COUNTERS, invoiceStateReason } from './billing-rules';
import { CASH_LIMIT_CENTS, PaymentMethod } from '../payments/payment-rules';
import { InvoicesStore } from './invoices.store';
import { PaymentsStore } from '../payments/payments.store';
import { CommuneCountersStore } from '../communes/commune-counters.store';
import { remainingOf } from './invoice.entity';
import { offlineReference } from '../payments/payment-reference';
import { PaymentEntity } from '../payments/payment.entity';

/** The same day a year earlier (29 February → 28 February): how far back a payment can be recorded. */
export function oneYearBefore(d: LocalDate): LocalDate {
  const [y, m, day] = d.split('-');
  return `${String(Number(y) - 1).padStart(4, '0')}-${m}-${m === '02' && day === '29' ? '28' : day}`;
}

export interface RecordPayment {
  familyId: string;
  invoiceIds: string[];
  amountCents: number;
  method: PaymentMethod;
  receivedOn: LocalDate;
  reference?: string | null;
  issuer?: string | null;
}

/**
 * Payments staff record at the régie (cash, cheque, transfer, CESU) against invoices of one family:
 * allocated oldest invoice first, never more than what is due; cash up to 300 €. Numbered in the
 * commune's payment sequence, in the payment's transaction (gapless).
 */
@Injectable()
export class Payments {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly invoices: InvoicesStore,
    private readonly payments: PaymentsStore,
    private readonly counters: CommuneCountersStore,
    private readonly accounts: AccountsStore,
  ) {}

  async record(ctx: RequestContext, input: RecordPayment): Promise<PaymentEntity> {
    if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw badInput('INVALID_AMOUNT', 'Le montant doit être positif.', { field: 'amountCents' });
    if (input.method === 'CASH' && input.amountCents > CASH_LIMIT_CENTS) {
      throw badInput('CASH_LIMIT_EXCEEDED', `Un paiement en espèces ne peut pas dépasser ${euros(CASH_LIMIT_CENTS)} (règle de la régie).`, { field: 'amountCents' });
    }
    const ids = [...new Set(input.invoiceIds)];
    if (!ids.length) throw badInput('VALIDATION_FAILED', 'Choisissez au moins une facture.', { field: 'invoiceIds' });
    const today = communeToday(ctx);
    if (input.receivedOn > today) throw badInput('VALIDATION_FAILED', 'La date de réception ne peut pas être dans le futur.', { field: 'receivedOn' });
    if (input.receivedOn < oneYearBefore(today)) {
      throw badInput('VALIDATION_FAILED', `La date de réception ne peut pas remonter à plus d’un an (le ${frenchDate(oneYearBefore(today))} au plus tôt).`, { field: 'receivedOn' });
    }
    const { reference, issuer } = offlineReference(input.method, input.reference, input.issuer);
    return this.uow.run(async (tx) => {
      const family = await this.accounts.lockFamily(tx, ctx.communeId, input.familyId);
      if (!family) throw notFound('Family', 'Famille introuvable.');
      const invoices = await this.invoices.lockInvoices(tx, ids, { communeId: ctx.communeId, familyId: family.id });
      if (invoices.length !== ids.length) throw notFound('Invoice', 'Facture introuvable pour cette famille.');
      const notPayable = invoices.filter((i) => i.state !== 'UNPAID' || remainingOf(i) === 0);
      if (notPayable.length) {
        throw conflict('INVOICE_NOT_PAYABLE', notPayable.map((i) => `La facture n° ${i.number} n’est pas à régler ici (${invoiceStateReason(i.state, remainingOf(i))}).`).join(' '), {
          invoiceIds: notPayable.map((i) => i.id),
        });
      }
      const due = invoices.reduce((s, i) => s + remainingOf(i), 0);
      if (input.amountCents > due) {
        throw badInput('AMOUNT_EXCEEDS_DUE', `Le montant (${euros(input.amountCents)}) dépasse ce qui reste dû sur ces factures (${euros(due)}).`, { field: 'amountCents', dueCents: due });
      }
      const allocations = allocateOldestFirst(
        [...invoices].sort(byAge).map((invoice) => ({ id: invoice.id, remainingCents: remainingOf(invoice), invoice })),
        input.amountCents,
      );
      const number = await this.counters.nextNumber(tx, ctx.communeId, COUNTERS.payment);
      const payment = await this.payments.insertPayment(tx, {
        communeId: ctx.communeId,
        familyId: family.id,
        number,
        provider: input.method,
        amountCents: input.amountCents,
        state: 'VALIDATED',
        receivedOn: input.receivedOn,
        recordedBy: ctx.account.accountId,
        reference,
        issuer,
      });
      await this.payments.insertAllocations(
        tx,
        payment.id,
        allocations.map((a) => ({ invoiceId: a.invoice.id, cents: a.cents })),
      );
      for (const { invoice, cents } of allocations) {
        const settled = remainingOf(invoice.invoice) === cents;
        await this.invoices.updateInvoice(tx, invoice.invoice, { paidCents: cents, ...(settled ? { state: 'PAID' as const } : {}) });
      }
      return payment;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<PaymentEntity> {
    const payment = await this.payments.payment(this.uow.read, id, { communeId: ctx.communeId, familyId: ctx.isStaff ? null : ctx.familyId });
    if (!payment) throw notFound('Payment', 'Paiement introuvable.');
    return payment;
  }
}
