import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { communeToday } from '../../../common/context/commune-today';
import { RequestContext } from '../../../common/context/request-context';
import { badInput, conflict } from '../../../common/errors/domain-error';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { UnitOfWork } from '../../../database/unit-of-work';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service';
import { AccountsStore } from '../../accounts/accounts.store';
import { COUNTERS } from '../../billing/billing-rules';
import { remainingOf } from '../../billing/invoice.entity';
import { InvoicesStore } from '../../billing/invoices.store';
import { CommuneCountersStore } from '../../communes/commune-counters.store';
import { CommuneRegie, RegieSettings } from '../../regie/regie-settings.service';
import { lockPayable } from '../payable-invoices';
import { NotificationOutcome, PaymentOutcomes } from '../payment-outcomes.service';
import { BankNotification, Checkout, CheckoutForm } from '../payment-provider';
import { PaymentProviders } from '../payment-providers';
import { formatPaymentNumber } from '../payment-rules';
import { PaymentEntity } from '../payment.entity';
import { PaymentsStore } from '../payments.store';
import { isPayfipClientNumber, PAYFIP_MAX_CENTS, PAYFIP_MIN_CENTS, PAYFIP_RECONCILE_AFTER_MINUTES, payfipFailureReason } from './payfip-rules';

/**
 * PayFiP, the DGFiP's online payment of public revenue, as a commune's online provider (SPEC "The
 * Trésor Public: PayFiP…"): the checkout asks PayFiP for an operation (`idOp`), and the result is
 * pulled from PayFiP (`recupererDetailPaiementSecurise`) when its notification, the browser's return
 * or the reconciliation chore name that operation; it is then applied by `PaymentOutcomes`, the same
 * code as a Systempay notification's, exactly once.
 */
@Injectable()
export class PayfipPayments implements OnModuleInit {
  private readonly logger = new Logger(PayfipPayments.name);

  constructor(
    private readonly uow: UnitOfWork,
    readonly invoices: InvoicesStore,
    readonly accounts: AccountsStore,
    private readonly counters: CommuneCountersStore,
    private readonly store: PaymentsStore,
    private readonly regie: RegieSettings,
    private readonly periodic: PeriodicTasks,
    private readonly providers: PaymentProviders,
    private readonly outcomes: PaymentOutcomes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.periodic.every('payfip-reconciliation', 60_000, () => this.reconcile());
  }

  /**
   * « Payer en ligne » through PayFiP (SPEC "The Trésor Public: PayFiP…"): one invoice per payment.
   * The PENDING payment is written first (its invoice PAYMENT_PENDING), then PayFiP is asked for an
   * `idOp` outside the transaction (no lock held during a call to the DGFiP), which is kept on the
   * payment; if PayFiP does not answer, the payment is cancelled at once and the invoice payable again.
   */
  async start(ctx: RequestContext, ids: string[]): Promise<{ payment: PaymentEntity; form: CheckoutForm }> {
    if (ids.length > this.providers.payfip.maxInvoices) throw badInput('PAYFIP_ONE_INVOICE', 'Avec PayFiP, une facture se paie à la fois.', { field: 'invoiceIds' });
    const started = await this.uow.run(async (tx) => {
      const regie = await this.regie.of(tx, ctx.communeId);
      if (regie.onlineProvider !== 'PAYFIP' || !isPayfipClientNumber(regie.payfipClientNumber)) {
        throw conflict('ONLINE_PAYMENT_UNAVAILABLE', 'Le paiement en ligne par PayFiP n’est pas configuré pour votre commune : réglez vos factures auprès de la régie.');
      }
      const { family, invoices } = await lockPayable(this, tx, ctx, ids);
      const [invoice] = invoices;
      const amountCents = remainingOf(invoice);
      if (amountCents < PAYFIP_MIN_CENTS || amountCents > PAYFIP_MAX_CENTS) {
        throw conflict('INVOICE_NOT_PAYABLE', `La facture n° ${invoice.number} ne peut pas être payée par PayFiP : son reste à payer doit être compris entre 1 € et 100 000 €.`, {
          invoiceIds: [invoice.id],
        });
      }
      const now = new Date();
      const number = await this.counters.nextNumber(tx, ctx.communeId, COUNTERS.payment);
      const payment = await this.store.insertPayment(tx, {
        communeId: ctx.communeId,
        familyId: family.id,
        number,
        provider: this.providers.payfip.name,
        amountCents,
        state: 'PENDING',
        receivedOn: communeToday(ctx),
        recordedBy: null,
        siteId: regie.payfipClientNumber,
        expiresAt: new Date(now.getTime() + this.config.paymentPendingMinutes * 60_000),
      });
      await this.store.insertAllocations(tx, payment.id, [{ invoiceId: invoice.id, cents: amountCents }]);
      await this.invoices.updateInvoice(tx, invoice, { state: 'PAYMENT_PENDING' });
      const account = await this.accounts.get(tx, ctx.account.accountId);
      return { payment, invoice, regie, numcli: regie.payfipClientNumber, email: account.email };
    });
    const { payment, invoice, regie } = started;
    const api = this.config.apiPublicUrl.replace(/\/$/, '');
    let checkout: Checkout;
    try {
      checkout = await this.providers.payfip.checkout(
        { numcli: started.numcli, mode: regie.mode },
        {
          invoice: { number: invoice.number, issuedOn: invoice.issuedOn },
          label: `Facture ${invoice.number} ${ctx.commune.name}`,
          amountCents: payment.amountCents,
          customerEmail: started.email,
          notificationUrl: `${api}/payments/payfip/notify`,
          returnUrl: `${api}/payments/return?payment=${payment.id}`,
        },
      );
    } catch (err) {
      this.logger.warn(`PayFiP : creerPaiementSecurise en échec pour le paiement ${payment.id} : ${(err as Error).message}`);
      await this.uow.run(async (tx) => {
        const locked = await this.store.lockPayment(tx, payment.id);
        if (locked?.state === 'PENDING') await this.outcomes.end(tx, locked, 'CANCELLED', 'PayFiP n’a pas répondu');
      });
      throw conflict('ONLINE_PAYMENT_UNAVAILABLE', 'Le service PayFiP ne répond pas pour le moment : réessayez dans quelques minutes.');
    }
    const idOp = checkout.reference ?? '';
    await this.uow.run((tx) => this.store.setPayfipIdOp(tx, payment.id, idOp));
    payment.payfipIdOp = idOp;
    return { payment, form: checkout.form };
  }

  /**
   * PayFiP's word on an operation (SPEC "The Trésor Public: PayFiP…"): its notification, the
   * browser's return or the reconciliation chore name an `idOp`; the payment that holds it (ours
   * only: PayFiP's notification is not signed, so its `idOp` alone is trusted for nothing) is asked
   * for with `recupererDetailPaiementSecurise`, with its own commune's settings, and `resultrans`
   * is applied on the locked row — once, whatever arrives twice or together. `UNKNOWN_PAYMENT`: no
   * payment holds that `idOp` (nothing is asked, nothing written). An answer with no result yet
   * (`UNKNOWN_STATUS`) changes nothing: the payment waits for its expiry.
   */
  async result(idOp: string, source: 'NOTIFICATION' | 'RETURN' | 'RECONCILIATION'): Promise<NotificationOutcome> {
    const found = idOp ? await this.store.paymentByPayfipIdOp(this.uow.read, idOp.slice(0, 64)) : null;
    if (!found) {
      this.logger.warn(`PayFiP : ${source.toLowerCase()} pour un idOp inconnu (${idOp.slice(0, 64)}) : rien n’est changé`);
      return 'UNKNOWN_PAYMENT';
    }
    const regie = await this.regie.of(this.uow.read, found.communeId);
    const n = await this.providers.payfip.readNotification(idOp, { numcli: regie.payfipClientNumber ?? '', mode: regie.mode });
    if (typeof n === 'string') return 'UNKNOWN_STATUS'; // PayFiP refuses no word: its answer is read, never verified
    const outcome = n.outcome;
    if (!outcome && source === 'RECONCILIATION') return 'UNKNOWN_STATUS';
    const result = await this.uow.run(async (tx) => {
      const payment = await this.store.lockPayment(tx, found.id);
      if (!payment) return 'UNKNOWN_PAYMENT' as const;
      const r = this.mismatch(payment, regie, n) ? ('MISMATCH' as const) : !outcome ? ('UNKNOWN_STATUS' as const) : await this.outcomes.settle(tx, payment, outcome, payfipFailureReason(n.status));
      await this.store.recordNotification(tx, {
        paymentId: payment.id,
        provider: this.providers.payfip.name,
        siteId: n.siteId.slice(0, 32),
        transDate: n.transDate,
        transId: n.transId.slice(0, 6),
        orderId: formatPaymentNumber(payment.number),
        amountCents: n.amountCents,
        currency: n.currency,
        status: n.status.slice(0, 32),
        source,
        outcome: r,
      });
      return r;
    });
    if (result === 'MISMATCH') this.logger.warn(`PayFiP : réponse incohérente pour le paiement ${found.id} (client ${n.siteId}, montant ${n.amountCents ?? 'illisible'}) : rien n’est changé`);
    if (result === 'LATE_SUCCESS') this.logger.warn(`PayFiP : paiement ${found.id} validé après son annulation ou son refus`);
    return result;
  }

  /** The browser back from PayFiP: its payment, still pending, is asked for at once (errors wait for the notification or the chore). */
  async onReturn(paymentId: string): Promise<void> {
    const [payment] = await this.store.paymentsByIds(this.uow.read, [paymentId]);
    if (payment?.provider !== 'PAYFIP' || payment.state !== 'PENDING' || !payment.payfipIdOp) return;
    await this.result(payment.payfipIdOp, 'RETURN').catch((err: Error) => this.logger.warn(`PayFiP : retour du paiement ${paymentId} non vérifié : ${err.message}`));
  }

  /** The chore: PayFiP payments still PENDING after 20 minutes are asked for again; one with no result waits for its expiry. */
  async reconcile(): Promise<number> {
    let settled = 0;
    for (const idOp of await this.store.payfipToReconcile(this.uow.read, PAYFIP_RECONCILE_AFTER_MINUTES, 100)) {
      try {
        const outcome = await this.result(idOp, 'RECONCILIATION');
        if (outcome === 'APPLIED') settled++;
      } catch (err) {
        this.logger.warn(`PayFiP : rapprochement de l’opération ${idOp} impossible : ${(err as Error).message}`);
      }
    }
    if (settled) this.logger.log(`${settled} paiement(s) PayFiP réglé(s) par le rapprochement`);
    return settled;
  }

  /** PayFiP's answer is for another client or amount than the payment's. */
  private mismatch(payment: PaymentEntity, regie: CommuneRegie, n: BankNotification): boolean {
    return n.amountCents !== payment.amountCents || (!!n.siteId && n.siteId !== regie.payfipClientNumber) || (!!payment.siteId && n.siteId !== payment.siteId);
  }
}
