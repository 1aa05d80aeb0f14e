import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { communeToday } from '../../common/context/commune-today';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Tx, UnitOfWork } from '../../database/unit-of-work';
import { PeriodicTasks } from '../../queue/periodic-tasks.service';
import { AccountsStore } from '../accounts/accounts.store';
import { allocateOldestFirst, byAge, COUNTERS, invoiceStateReason, InvoiceState } from '../billing/billing-rules';
import { formatPaymentNumber } from './payment-rules';
import { InvoicesStore } from '../billing/invoices.store';
import { FamilyLedgerStore } from '../billing/family-ledger.store';
import { CommuneCountersStore } from '../communes/commune-counters.store';
import { InvoiceEntity, remainingOf } from '../billing/invoice.entity';
import { PaymentEntity } from './payment.entity';
import { PaymentSettled } from './events/payment-settled.event';
import { BankNotification, CheckoutForm, NotificationRefusal, PaymentProvider } from './payment-provider';
import { failureReasonOf, PAYMENT_EXPIRED_REASON } from './systempay-status';
import { PaymentsStore } from './payments.store';
import { FormFields } from './systempay-signature';
import { isFormOnlyField } from './systempay.provider';
import { CommuneRegie, RegieSettings, SystempayAccount } from '../regie/regie-settings.service';
import { PayfipClient, PayfipDetails } from './payfip/payfip.client';
import {
  exerOf,
  isPayfipClientNumber,
  objetOf,
  PAYFIP_MAX_CENTS,
  PAYFIP_MIN_CENTS,
  PAYFIP_RECONCILE_AFTER_MINUTES,
  payfipFailureReason,
  payfipOutcomeOf,
  refdetOf,
  saisieOf,
} from './payfip/payfip-rules';

/** What a notification did (recorded with it, and the bank's answer). */
export type NotificationOutcome = 'APPLIED' | 'LATE_SUCCESS' | 'UNCHANGED' | 'UNKNOWN_PAYMENT' | 'MISMATCH' | 'UNKNOWN_STATUS';

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
    private readonly invoices: InvoicesStore,
    private readonly ledger: FamilyLedgerStore,
    private readonly counters: CommuneCountersStore,
    private readonly store: PaymentsStore,
    private readonly accounts: AccountsStore,
    private readonly provider: PaymentProvider,
    private readonly regie: RegieSettings,
    private readonly periodic: PeriodicTasks,
    private readonly payfip: PayfipClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit() {
    this.periodic.every('payment-expiry', 60_000, () => this.expire(), { atStart: true });
    this.periodic.every('payfip-reconciliation', 60_000, () => this.reconcilePayfip());
  }

  /** The family's checkout: the payment, and the form its browser posts to the bank. */
  async start(ctx: RequestContext, invoiceIds: string[]): Promise<{ payment: PaymentEntity; form: CheckoutForm }> {
    const ids = [...new Set(invoiceIds)];
    if (!ids.length) throw badInput('VALIDATION_FAILED', 'Cochez au moins une facture à payer.', { field: 'invoiceIds' });
    if ((await this.regie.of(this.uow.read, ctx.communeId)).onlineProvider === 'PAYFIP') return this.startPayfip(ctx, ids);
    return this.uow.run(async (tx) => {
      const shop = await this.shopOf(tx, ctx.communeId);
      const { family, invoices } = await this.lockPayable(tx, ctx, ids);
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
        provider: this.provider.name,
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
      const form = this.provider.checkout(shop, {
        orderId: formatPaymentNumber(number),
        amountCents,
        customerEmail: account.email,
        transId,
        transDate,
        returnUrl: `${api}/payments/return?payment=${payment.id}`,
        notificationUrl: `${api}/payments/${this.provider.name.toLowerCase()}/ipn`,
      });
      return { payment, form };
    });
  }

  /** The family and the invoices it ticked, locked, each one payable online; else why not. */
  private async lockPayable(tx: Tx, ctx: RequestContext, ids: string[]) {
    const family = await this.accounts.lockFamily(tx, ctx.communeId, ctx.familyId);
    if (!family) throw notFound('Family', 'Famille introuvable.');
    const invoices = (await this.invoices.lockInvoices(tx, ids, { communeId: ctx.communeId, familyId: family.id })).sort(byAge);
    if (invoices.length !== ids.length) throw notFound('Invoice', 'Facture introuvable.');
    const refused = invoices.filter((i) => i.state !== 'UNPAID' || remainingOf(i) === 0);
    if (refused.length) {
      throw conflict('INVOICE_NOT_PAYABLE', refused.map((i) => `La facture n° ${i.number} ne peut pas être payée en ligne : ${invoiceStateReason(i.state, remainingOf(i))}.`).join(' '), {
        invoiceIds: refused.map((i) => i.id),
      });
    }
    return { family, invoices };
  }

  /**
   * « Payer en ligne » through PayFiP (SPEC "The Trésor Public: PayFiP…"): one invoice per payment.
   * The PENDING payment is written first (its invoice PAYMENT_PENDING), then PayFiP is asked for an
   * `idOp` outside the transaction (no lock held during a call to the DGFiP), which is kept on the
   * payment; if PayFiP does not answer, the payment is cancelled at once and the invoice payable again.
   */
  private async startPayfip(ctx: RequestContext, ids: string[]): Promise<{ payment: PaymentEntity; form: CheckoutForm }> {
    if (ids.length > 1) throw badInput('PAYFIP_ONE_INVOICE', 'Avec PayFiP, une facture se paie à la fois.', { field: 'invoiceIds' });
    const started = await this.uow.run(async (tx) => {
      const regie = await this.regie.of(tx, ctx.communeId);
      if (regie.onlineProvider !== 'PAYFIP' || !isPayfipClientNumber(regie.payfipClientNumber)) {
        throw conflict('ONLINE_PAYMENT_UNAVAILABLE', 'Le paiement en ligne par PayFiP n’est pas configuré pour votre commune : réglez vos factures auprès de la régie.');
      }
      const { family, invoices } = await this.lockPayable(tx, ctx, ids);
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
        provider: 'PAYFIP',
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
    let idOp: string;
    try {
      idOp = await this.payfip.create(regie.mode, {
        numcli: started.numcli,
        exer: exerOf(invoice.issuedOn),
        refdet: refdetOf(invoice.number),
        objet: objetOf(`Facture ${invoice.number} ${ctx.commune.name}`),
        montant: String(payment.amountCents),
        mel: started.email,
        urlnotif: `${api}/payments/payfip/notify`,
        urlredirect: `${api}/payments/return?payment=${payment.id}`,
        saisie: saisieOf(regie.mode),
      });
    } catch (err) {
      this.logger.warn(`PayFiP : creerPaiementSecurise en échec pour le paiement ${payment.id} : ${(err as Error).message}`);
      await this.uow.run(async (tx) => {
        const locked = await this.store.lockPayment(tx, payment.id);
        if (locked?.state === 'PENDING') await this.end(tx, locked, 'CANCELLED', 'PayFiP n’a pas répondu');
      });
      throw conflict('ONLINE_PAYMENT_UNAVAILABLE', 'Le service PayFiP ne répond pas pour le moment : réessayez dans quelques minutes.');
    }
    await this.uow.run((tx) => this.store.setPayfipIdOp(tx, payment.id, idOp));
    payment.payfipIdOp = idOp;
    return { payment, form: { actionUrl: this.payfip.pageOf(regie.mode), method: 'GET', fields: { idop: idOp } } };
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
    const signed = shops.flatMap((shop) => {
      const read = this.provider.readNotification(fields, shop.key);
      return typeof read === 'string' ? [] : [{ shop, read }];
    });
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
        provider: this.provider.name,
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
    return this.settle(tx, payment, n.outcome, failureReasonOf(n.status) ?? undefined);
  }

  /**
   * The bank's word applied to a payment locked by the caller, whichever bank said it (Systempay's
   * notification, PayFiP's answer): a PENDING payment moves once; a final state stays, except money
   * taken after a cancel or a refusal (LATE_SUCCESS).
   */
  private async settle(tx: Tx, payment: PaymentEntity, outcome: NonNullable<BankNotification['outcome']>, reason: string | undefined): Promise<NotificationOutcome> {
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
   * PayFiP's word on an operation (SPEC "The Trésor Public: PayFiP…"): its notification, the
   * browser's return or the reconciliation chore name an `idOp`; the payment that holds it (ours
   * only: PayFiP's notification is not signed, so its `idOp` alone is trusted for nothing) is asked
   * for with `recupererDetailPaiementSecurise`, with its own commune's settings, and `resultrans`
   * is applied on the locked row — once, whatever arrives twice or together. `UNKNOWN_PAYMENT`: no
   * payment holds that `idOp` (nothing is asked, nothing written). An answer with no result yet
   * (`UNKNOWN_STATUS`) changes nothing: the payment waits for its expiry.
   */
  async payfipResult(idOp: string, source: 'NOTIFICATION' | 'RETURN' | 'RECONCILIATION'): Promise<NotificationOutcome> {
    const found = idOp ? await this.store.paymentByPayfipIdOp(this.uow.read, idOp.slice(0, 64)) : null;
    if (!found) {
      this.logger.warn(`PayFiP : ${source.toLowerCase()} pour un idOp inconnu (${idOp.slice(0, 64)}) : rien n’est changé`);
      return 'UNKNOWN_PAYMENT';
    }
    const regie = await this.regie.of(this.uow.read, found.communeId);
    const details = await this.payfip.details(regie.mode, idOp);
    const outcome = payfipOutcomeOf(details.resultrans);
    if (!outcome && source === 'RECONCILIATION') return 'UNKNOWN_STATUS';
    const result = await this.uow.run(async (tx) => {
      const payment = await this.store.lockPayment(tx, found.id);
      if (!payment) return 'UNKNOWN_PAYMENT' as const;
      const r = this.payfipMismatch(payment, regie, details)
        ? ('MISMATCH' as const)
        : !outcome
          ? ('UNKNOWN_STATUS' as const)
          : await this.settle(tx, payment, outcome, payfipFailureReason(details.resultrans));
      await this.store.recordNotification(tx, {
        paymentId: payment.id,
        provider: 'PAYFIP',
        siteId: details.numcli.slice(0, 32),
        transDate: payfipDateOf(details),
        transId: details.numauto.slice(0, 6),
        orderId: formatPaymentNumber(payment.number),
        amountCents: /^[0-9]{1,9}$/.test(details.montant) ? Number(details.montant) : null,
        currency: '978',
        status: details.resultrans.slice(0, 32),
        source,
        outcome: r,
      });
      return r;
    });
    if (result === 'MISMATCH') this.logger.warn(`PayFiP : réponse incohérente pour le paiement ${found.id} (client ${details.numcli}, montant ${details.montant}) : rien n’est changé`);
    if (result === 'LATE_SUCCESS') this.logger.warn(`PayFiP : paiement ${found.id} validé après son annulation ou son refus`);
    return result;
  }

  /** The browser back from PayFiP: its payment, still pending, is asked for at once (errors wait for the notification or the chore). */
  async payfipReturn(paymentId: string): Promise<void> {
    const [payment] = await this.store.paymentsByIds(this.uow.read, [paymentId]);
    if (payment?.provider !== 'PAYFIP' || payment.state !== 'PENDING' || !payment.payfipIdOp) return;
    await this.payfipResult(payment.payfipIdOp, 'RETURN').catch((err: Error) => this.logger.warn(`PayFiP : retour du paiement ${paymentId} non vérifié : ${err.message}`));
  }

  /** The chore: PayFiP payments still PENDING after 20 minutes are asked for again; one with no result waits for its expiry. */
  async reconcilePayfip(): Promise<number> {
    let settled = 0;
    for (const idOp of await this.store.payfipToReconcile(this.uow.read, PAYFIP_RECONCILE_AFTER_MINUTES, 100)) {
      try {
        const outcome = await this.payfipResult(idOp, 'RECONCILIATION');
        if (outcome === 'APPLIED') settled++;
      } catch (err) {
        this.logger.warn(`PayFiP : rapprochement de l’opération ${idOp} impossible : ${(err as Error).message}`);
      }
    }
    if (settled) this.logger.log(`${settled} paiement(s) PayFiP réglé(s) par le rapprochement`);
    return settled;
  }

  /** PayFiP's answer is for another client, amount or invoice than the payment's. */
  private payfipMismatch(payment: PaymentEntity, regie: CommuneRegie, d: PayfipDetails): boolean {
    return d.montant !== String(payment.amountCents) || (!!d.numcli && d.numcli !== regie.payfipClientNumber) || (!!payment.siteId && d.numcli !== payment.siteId);
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

  /** The chore: PENDING payments with no notification after PAYMENT_PENDING_MINUTES are cancelled. */
  async expire(): Promise<number> {
    let expired = 0;
    for (const id of await this.store.expiredPending(this.uow.read, 200)) {
      const done = await this.uow.run(async (tx) => {
        const payment = await this.store.lockPayment(tx, id);
        if (payment?.state !== 'PENDING' || !payment.expiresAt || payment.expiresAt > new Date()) return false;
        await this.end(tx, payment, 'CANCELLED', PAYMENT_EXPIRED_REASON);
        return true;
      });
      if (done) expired++;
    }
    if (expired) this.logger.log(`${expired} paiement(s) en ligne expiré(s) : factures de nouveau payables`);
    return expired;
  }
}

/** PayFiP's `dattrans` (DDMMYYYY) and `heurtrans` (HHMM) as `YYYYMMDDHHMMSS`; empty when absent. */
function payfipDateOf(d: PayfipDetails): string {
  const day = /^(\d{2})(\d{2})(\d{4})$/.exec(d.dattrans);
  const time = /^(\d{2})(\d{2})$/.exec(d.heurtrans);
  return day ? `${day[3]}${day[2]}${day[1]}${time ? `${time[1]}${time[2]}` : '0000'}00` : '';
}
