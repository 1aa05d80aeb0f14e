import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../common/events/event-bus';
import { euros } from '../../common/money/euros';
import { Tx } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { formatPaymentNumber } from './payment-rules';
import { PaymentsStore } from './payments.store';
import { InvoicesStore } from '../billing/invoices.store';
import { MailService } from '../notifications/mail.service';
import { PaymentSettled } from './events/payment-settled.event';

/**
 * "Paiement validé" (with the invoices and the amount) and "paiement refusé" (« prélèvement rejeté »
 * for a direct debit, with the bank's reason): written with the
 * notification that settled the payment (outbox), once per confirmed account — the dedupe key names
 * the payment, so a resent notification writes no second mail. A cancelled or abandoned payment
 * sends none: the family left the bank's page itself.
 */
@Injectable()
export class PaymentMails implements OnModuleInit {
  constructor(
    private readonly payments: PaymentsStore,
    private readonly invoices: InvoicesStore,
    private readonly accounts: AccountsStore,
    private readonly bus: EventBus,
    private readonly mail: MailService,
  ) {}

  onModuleInit() {
    this.bus.onInTransaction(PaymentSettled, (tx, e) => this.settled(tx, e));
  }

  private async settled(tx: Tx, e: PaymentSettled): Promise<void> {
    if (e.state !== 'VALIDATED' && e.state !== 'REFUSED') return;
    const payment = await this.payments.payment(tx, e.paymentId, { communeId: e.communeId });
    if (!payment) return;
    const allocations = await this.payments.allocationsOf(tx, [payment.id]);
    const invoices = (
      await this.invoices.invoicesByIds(
        tx,
        allocations.map((a) => a.invoiceId),
      )
    ).sort((a, b) => a.number.localeCompare(b.number));
    const given = allocations.reduce((s, a) => s + a.amountCents, 0);
    // A direct debit the bank rejected has its own words: its reason, and the invoice owes again.
    const template = e.state === 'VALIDATED' ? 'payment-validated' : payment.provider === 'DIRECT_DEBIT' ? 'direct-debit-rejected' : 'payment-refused';
    for (const account of await this.accounts.ofFamilies(tx, [e.familyId])) {
      if (!account.emailVerified) continue;
      await this.mail.enqueue(tx, {
        communeId: e.communeId,
        to: account.email,
        template,
        dedupeKey: `${template}:${payment.id}:${account.id}`,
        // Refused: « Payer en ligne » again; validated: the history that shows it.
        links: { link: e.state === 'VALIDATED' || template === 'direct-debit-rejected' ? '/factures' : '/factures/payer' },
        data: {
          firstName: account.firstName,
          lastName: account.lastName,
          number: formatPaymentNumber(payment.number),
          amount: euros(payment.amountCents),
          invoices: invoices.map((i) => i.number),
          invoiceNumbers: invoices.map((i) => i.number).join(', '),
          plural: invoices.length > 1,
          toBalance: e.state === 'VALIDATED' && payment.amountCents > given ? euros(payment.amountCents - given) : null,
          reason: payment.reason,
        },
      });
    }
  }
}
