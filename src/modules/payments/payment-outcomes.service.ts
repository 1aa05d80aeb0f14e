import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { allocateOldestFirst, byAge, InvoiceState } from '../billing/billing-rules';
import { FamilyLedgerStore } from '../billing/family-ledger.store';
import { InvoiceEntity, remainingOf } from '../billing/invoice.entity';
import { InvoicesStore } from '../billing/invoices.store';
import { PaymentSettled } from './events/payment-settled.event';
import { BankNotification } from './payment-provider';
import { PaymentEntity } from './payment.entity';
import { PaymentsStore } from './payments.store';

/** What a notification did (recorded with it, and the bank's answer). */
export type NotificationOutcome = 'APPLIED' | 'LATE_SUCCESS' | 'UNCHANGED' | 'UNKNOWN_PAYMENT' | 'MISMATCH' | 'UNKNOWN_STATUS';

/**
 * What a payment's outcome does to the family's money, written once whoever brings it: a bank's
 * notification (Systempay), PayFiP's answer, our expiry, a direct debit's collection or its reject.
 * Every method runs in the caller's transaction on a payment row the caller has locked; it locks
 * the family, then its invoices (ARCHITECTURE « Money »: lock order).
 */
@Injectable()
export class PaymentOutcomes {
  constructor(
    private readonly invoices: InvoicesStore,
    private readonly ledger: FamilyLedgerStore,
    private readonly store: PaymentsStore,
    private readonly accounts: AccountsStore,
  ) {}

  /**
   * The bank's word applied to a payment locked by the caller, whichever bank said it (Systempay's
   * notification, PayFiP's answer): a PENDING payment moves once; a final state stays, except money
   * taken after a cancel or a refusal (LATE_SUCCESS).
   */
  async settle(tx: Tx, payment: PaymentEntity, outcome: NonNullable<BankNotification['outcome']>, reason: string | undefined): Promise<NotificationOutcome> {
    if (payment.state === 'PENDING') {
      if (outcome === 'VALIDATED') await this.validate(tx, payment);
      else await this.end(tx, payment, outcome, reason);
      return 'APPLIED';
    }
    if ((payment.state === 'CANCELLED' || payment.state === 'REFUSED') && outcome === 'VALIDATED') {
      const why = payment.state === 'CANCELLED' ? 'après son annulation (délai dépassé)' : 'après un premier refus (nouvel essai de carte)';
      await this.validate(tx, payment, `Paiement accepté par la banque ${why} : réparti sur les factures encore dues, le reste en crédit.`);
      return 'LATE_SUCCESS';
    }
    return 'UNCHANGED';
  }

  /**
   * The amount goes to the payment's invoices, oldest first, as far as they are still due; the rest to
   * the family's credit. Also a direct debit's, on its collection date (`DirectDebits.collect`).
   */
  async validate(tx: Tx, payment: PaymentEntity, flag?: string): Promise<void> {
    await this.accounts.lockFamily(tx, payment.communeId, payment.familyId);
    const meant = await this.store.allocationsOf(tx, [payment.id]);
    const invoices = (
      await this.invoices.lockInvoices(
        tx,
        meant.map((a) => a.invoiceId),
        { communeId: payment.communeId, familyId: payment.familyId },
      )
    ).sort(byAge);
    // Nothing for an invoice settled meanwhile, or handed to the Trésor Public (which collects it:
    // paying it here too would make the family pay twice): that money goes to the credit balance.
    const due = (i: InvoiceEntity) => (i.state === 'PAID' || i.state === 'TREASURY' ? 0 : remainingOf(i));
    const allocated = new Map(
      allocateOldestFirst(
        invoices.map((i) => ({ id: i.id, remainingCents: due(i) })),
        payment.amountCents,
      ).map((a) => [a.invoice.id, a.cents]),
    );
    const given = invoices.map((invoice) => ({ invoiceId: invoice.id, cents: allocated.get(invoice.id) ?? 0 }));
    for (const [k, invoice] of invoices.entries()) {
      const cents = given[k].cents;
      const state: InvoiceState = cents > 0 && cents === remainingOf(invoice) ? 'PAID' : invoice.state === 'PAYMENT_PENDING' ? 'UNPAID' : invoice.state;
      if (cents > 0 || state !== invoice.state) await this.invoices.updateInvoice(tx, invoice, { paidCents: cents, state });
    }
    const left = payment.amountCents - given.reduce((sum, g) => sum + g.cents, 0);
    await this.store.replaceAllocations(tx, payment.id, given);
    if (left > 0) await this.ledger.addCredit(tx, { familyId: payment.familyId, amountCents: left, paymentId: payment.id });
    await this.store.updatePayment(tx, payment, 'VALIDATED', { flag });
    await tx.publish(new PaymentSettled(payment.id, payment.communeId, payment.familyId, 'VALIDATED'));
  }

  /** Refused, cancelled, abandoned, expired (or a direct debit rejected before it was taken): the invoices waiting for it can be paid again. */
  async end(tx: Tx, payment: PaymentEntity, state: 'REFUSED' | 'CANCELLED', reason: string | undefined): Promise<void> {
    await this.accounts.lockFamily(tx, payment.communeId, payment.familyId);
    const meant = await this.store.allocationsOf(tx, [payment.id]);
    for (const invoice of await this.invoices.lockInvoices(
      tx,
      meant.map((a) => a.invoiceId),
      { communeId: payment.communeId, familyId: payment.familyId },
    )) {
      if (invoice.state === 'PAYMENT_PENDING') await this.invoices.updateInvoice(tx, invoice, { state: 'UNPAID' });
    }
    await this.store.updatePayment(tx, payment, state, { reason });
    await tx.publish(new PaymentSettled(payment.id, payment.communeId, payment.familyId, state));
  }

  /**
   * A VALIDATED direct debit the debtor's bank returned after its collection date: what it gave each
   * invoice is taken back (a PAID invoice owes again), what went to the family's credit too, as far as
   * the credit is still there (the ledger never goes negative); then the payment is REFUSED.
   */
  async takeBack(tx: Tx, payment: PaymentEntity, reason: string): Promise<void> {
    await this.accounts.lockFamily(tx, payment.communeId, payment.familyId);
    const given = await this.store.allocationsOf(tx, [payment.id]);
    const invoices = await this.invoices.lockInvoices(
      tx,
      given.map((a) => a.invoiceId),
      { communeId: payment.communeId, familyId: payment.familyId },
    );
    for (const invoice of invoices) {
      const cents = given.find((a) => a.invoiceId === invoice.id)?.amountCents ?? 0;
      if (cents > 0) await this.invoices.updateInvoice(tx, invoice, { paidCents: -cents, state: invoice.state === 'PAID' ? 'UNPAID' : invoice.state });
    }
    const toCredit = payment.amountCents - given.reduce((sum, a) => sum + a.amountCents, 0);
    const balance = (await this.ledger.creditBalances(tx, [payment.familyId])).get(payment.familyId) ?? 0;
    const back = Math.min(toCredit, balance);
    if (back > 0) await this.ledger.addCredit(tx, { familyId: payment.familyId, amountCents: -back, paymentId: payment.id });
    await this.store.updatePayment(tx, payment, 'REFUSED', { reason });
    await tx.publish(new PaymentSettled(payment.id, payment.communeId, payment.familyId, 'REFUSED'));
  }
}
