import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { communeToday } from '../../common/context/commune-today';
import { badInput, conflict } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { PeriodicTasks } from '../../queue/periodic-tasks.service';
import { AccountsStore } from '../accounts/accounts.store';
import { COUNTERS } from '../billing/billing-rules';
import { formatPaymentNumber } from './payment-rules';
import { InvoicesStore } from '../billing/invoices.store';
import { CommuneCountersStore } from '../communes/commune-counters.store';
import { remainingOf } from '../billing/invoice.entity';
import { PaymentEntity } from './payment.entity';
import { BankNotification, CheckoutForm, NotificationRefusal } from './payment-provider';
import { PaymentProviders } from './payment-providers';
import { failureReasonOf, PAYMENT_EXPIRED_REASON } from './systempay-status';
import { PaymentsStore } from './payments.store';
import { FormFields } from './systempay-signature';
import { isFormOnlyField } from './systempay.provider';
import { RegieSettings, SystempayAccount } from '../regie/regie-settings.service';
import { PayfipPayments } from './payfip/payfip-payments.service';
import { lockPayable } from './payable-invoices';
import { NotificationOutcome, PaymentOutcomes } from './payment-outcomes.service';

export type { NotificationOutcome };

export class BadNotificationSignature extends Error {
  constructor(readonly reason: NotificationRefusal) {
    super(reason);
  }
}

/**
 * "Payer en ligne" (SPEC §2 "Payments"): a checkout creates a PENDING payment for the exact total of
 * the invoices ticked, which wait PAYMENT_PENDING; only the bank's signed notification settles it,
 * exactly once — the payment row is locked and moved only from the state it is in, so the same
 * notification ten times at once, a resend or a late one has one effect. Money taken is never lost:
 * a success after our expiry still validates the payment (flagged for staff).
 */
@Injectable()
export class OnlinePayments implements OnModuleInit {
  private readonly logger = new Logger(OnlinePayments.name);

  constructor(
    private readonly uow: UnitOfWork,
    readonly invoices: InvoicesStore,
    private readonly counters: CommuneCountersStore,
    private readonly store: PaymentsStore,
    readonly accounts: AccountsStore,
    private readonly providers: PaymentProviders,
    private readonly regie: RegieSettings,
    private readonly periodic: PeriodicTasks,
    private readonly outcomes: PaymentOutcomes,
    private readonly payfipPayments: PayfipPayments,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.periodic.every('payment-expiry', 60_000, () => this.expire(), { atStart: true });
  }

  /** The family's checkout: the payment, and the form its browser posts to the bank. */
  async start(ctx: RequestContext, invoiceIds: string[]): Promise<{ payment: PaymentEntity; form: CheckoutForm }> {
    const ids = [...new Set(invoiceIds)];
    if (!ids.length) throw badInput('VALIDATION_FAILED', 'Cochez au moins une facture à payer.', { field: 'invoiceIds' });
    if ((await this.regie.of(this.uow.read, ctx.communeId)).onlineProvider === 'PAYFIP') return this.payfipPayments.start(ctx, ids);
    return this.uow.run(async (tx) => {
      const shop = await this.shopOf(tx, ctx.communeId);
      const { family, invoices } = await lockPayable(this, tx, ctx, ids);
      const amountCents = invoices.reduce((sum, i) => sum + remainingOf(i), 0);
      const now = new Date();
      const transDate = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
      const transDay = now.toISOString().slice(0, 10);
      const transId = await this.store.nextTransactionId(tx, shop.siteId, transDay);
      const number = await this.counters.nextNumber(tx, ctx.communeId, COUNTERS.payment);
      const payment = await this.store.insertPayment(tx, {
        communeId: ctx.communeId,
        familyId: family.id,
        number,
        provider: this.providers.systempay.name,
        amountCents,
        state: 'PENDING',
        receivedOn: communeToday(ctx),
        recordedBy: null,
        siteId: shop.siteId,
        transDay,
        transId,
        transDate,
        expiresAt: new Date(now.getTime() + this.config.paymentPendingMinutes * 60_000),
      });
      await this.store.insertAllocations(
        tx,
        payment.id,
        invoices.map((i) => ({ invoiceId: i.id, cents: remainingOf(i) })),
      );
      for (const invoice of invoices) await this.invoices.updateInvoice(tx, invoice, { state: 'PAYMENT_PENDING' });
      const account = await this.accounts.get(tx, ctx.account.accountId);
      const api = this.config.apiPublicUrl.replace(/\/$/, '');
      const { form } = await this.providers.systempay.checkout(shop, {
        orderId: formatPaymentNumber(number),
        amountCents,
        customerEmail: account.email,
        transId,
        transDate,
        returnUrl: `${api}/payments/return?payment=${payment.id}`,
        notificationUrl: `${api}/payments/${this.providers.systempay.name.toLowerCase()}/ipn`,
      });
      return { payment, form };
    });
  }

  /** The commune's shop, or why its families cannot pay online (SPEC §2 "Each commune is its own régie"). */
  private async shopOf(tx: Tx, communeId: string): Promise<SystempayAccount> {
    const regie = await this.regie.of(tx, communeId);
    if (regie.onlineProvider === 'SYSTEMPAY' && regie.systempay) return regie.systempay;
    if (regie.onlineProvider === 'PAYFIP') {
      throw conflict('ONLINE_PAYMENT_UNAVAILABLE', 'Le paiement en ligne par PayFiP n’est pas encore ouvert pour votre commune : réglez vos factures auprès de la régie.');
    }
    throw conflict(
      'ONLINE_PAYMENT_UNAVAILABLE',
      'Votre commune ne propose pas le paiement en ligne : réglez vos factures auprès de la régie (espèces, chèque, virement) ou comme indiqué sur la facture.',
    );
  }

  /**
   * A bank notification (IPN). A wrong or missing signature throws `BadNotificationSignature`
   * (answered 400, nothing changes): it must verify with the key of the shop it names
   * (`vads_site_id`), and that shop must be the one of the commune whose payment it is — a
   * notification signed by another commune's shop for this payment is refused. Anything else is
   * recorded with what it did and answered 200, so that the bank stops sending it — a mismatch
   * included (logged for staff, nothing changes).
   */
  async notify(fields: FormFields): Promise<NotificationOutcome> {
    if (Object.keys(fields).some(isFormOnlyField)) throw new BadNotificationSignature('NOT_A_NOTIFICATION');
    // A site no commune has is checked with the deployment's key: signed by it, it is recorded as unknown.
    const known = await this.regie.systempayAccountsForSite(this.uow.read, fields.vads_site_id ?? '');
    const fallback = this.regie.deploymentAccount();
    const shops = known.length || !fallback ? known : [fallback];
    const signed: Array<{ shop: SystempayAccount; read: BankNotification }> = [];
    for (const shop of shops) {
      const read = await this.providers.systempay.readNotification(fields, shop);
      if (typeof read !== 'string') signed.push({ shop, read });
    }
    if (!signed.length) throw new BadNotificationSignature('BAD_SIGNATURE');
    const n = signed[0].read;
    const outcome = await this.uow.run(async (tx) => {
      const payment = await this.store.lockPaymentByTransaction(tx, n.siteId, n.transDay, n.transId);
      if (payment) {
        const own = (await this.regie.of(tx, payment.communeId)).systempay;
        if (!own || !signed.some(({ shop }) => shop.siteId === own.siteId && shop.key === own.key)) {
          this.logger.warn(`notification refusée : signée par une autre boutique que celle de la commune du paiement (site ${n.siteId}, transaction ${n.transId} du ${n.transDay})`);
          throw new BadNotificationSignature('BAD_SIGNATURE');
        }
      }
      const result = await this.apply(tx, payment, n);
      await this.store.recordNotification(tx, {
        paymentId: payment?.id ?? null,
        provider: this.providers.systempay.name,
        siteId: n.siteId.slice(0, 32),
        transDate: n.transDate,
        transId: n.transId,
        orderId: n.orderId.slice(0, 32),
        amountCents: n.amountCents,
        currency: n.currency.slice(0, 3),
        status: n.status.slice(0, 32),
        source: n.source?.slice(0, 16) ?? null,
        outcome: result,
      });
      return result;
    });
    if (outcome === 'MISMATCH' || outcome === 'UNKNOWN_PAYMENT') {
      // For staff: identifiers, amounts and status only (never card data).
      this.logger.warn(
        `notification ${outcome} : site ${n.siteId}, transaction ${n.transId} du ${n.transDay}, commande ${n.orderId}, ${n.amountCents ?? 'montant illisible'} (${n.currency}), ${n.status}`,
      );
    }
    if (outcome === 'LATE_SUCCESS') this.logger.warn(`paiement validé après son annulation ou son refus : transaction ${n.transId} du ${n.transDay}`);
    return outcome;
  }

  private async apply(tx: Tx, payment: PaymentEntity | null, n: BankNotification): Promise<NotificationOutcome> {
    if (!payment) return 'UNKNOWN_PAYMENT';
    if (n.amountCents !== payment.amountCents || n.currency !== '978' || n.orderId !== formatPaymentNumber(payment.number)) return 'MISMATCH';
    if (!n.outcome) return 'UNKNOWN_STATUS';
    return this.outcomes.settle(tx, payment, n.outcome, failureReasonOf(n.status) ?? undefined);
  }

  /** The chore: PENDING payments with no notification after PAYMENT_PENDING_MINUTES are cancelled. */
  async expire(): Promise<number> {
    let expired = 0;
    for (const id of await this.store.expiredPending(this.uow.read, 200)) {
      const done = await this.uow.run(async (tx) => {
        const payment = await this.store.lockPayment(tx, id);
        if (payment?.state !== 'PENDING' || !payment.expiresAt || payment.expiresAt > new Date()) return false;
        await this.outcomes.end(tx, payment, 'CANCELLED', PAYMENT_EXPIRED_REASON);
        return true;
      });
      if (done) expired++;
    }
    if (expired) this.logger.log(`${expired} paiement(s) en ligne expiré(s) : factures de nouveau payables`);
    return expired;
  }
}
