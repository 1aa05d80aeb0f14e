import { Injectable } from '@nestjs/common';
import type { ProviderMode } from '../../regie/payment-settings-rules';
import { BankNotification, Checkout, CheckoutRequest, PaymentProvider } from '../payment-provider';
import { PayfipClient, PayfipDetails } from './payfip.client';
import { exerOf, objetOf, payfipOutcomeOf, refdetOf, saisieOf } from './payfip-rules';

/** A commune's PayFiP account: its régie's client number (`numcli`) and its mode (the endpoint, `saisie`). */
export interface PayfipAccount {
  numcli: string;
  mode: ProviderMode;
}

/** What a PayFiP checkout sends besides the common request: its one invoice, and what the family reads. */
export interface PayfipCheckoutRequest extends CheckoutRequest {
  invoice: { number: string; issuedOn: string };
  /** `objet` (accents and punctuation dropped). */
  label: string;
}

/** PayFiP's `dattrans` (DDMMYYYY) and `heurtrans` (HHMM) as `YYYYMMDDHHMMSS`; empty when absent. */
export function payfipDateOf(d: PayfipDetails): string {
  const day = /^(\d{2})(\d{2})(\d{4})$/.exec(d.dattrans);
  const time = /^(\d{2})(\d{2})$/.exec(d.heurtrans);
  return day ? `${day[3]}${day[2]}${day[1]}${time ? `${time[1]}${time[2]}` : '0000'}00` : '';
}

/**
 * PayFiP (the DGFiP's web service, through `PayfipClient`) as a `PaymentProvider`: one invoice per
 * payment; the checkout is `creerPaiementSecurise` (its `idOp` the reference, the page a GET with
 * `idop`); the word on a payment is `recupererDetailPaiementSecurise` on that `idOp`, asked with the
 * commune's mode — PayFiP's own notification is unsigned and trusted for nothing but naming an `idOp`.
 */
@Injectable()
export class PayfipProvider extends PaymentProvider<PayfipAccount, PayfipCheckoutRequest, string> {
  readonly name = 'PAYFIP' as const;
  readonly maxInvoices = 1;

  constructor(private readonly payfip: PayfipClient) {
    super();
  }

  async checkout(account: PayfipAccount, r: PayfipCheckoutRequest): Promise<Checkout> {
    const idOp = await this.payfip.create(account.mode, {
      numcli: account.numcli,
      exer: exerOf(r.invoice.issuedOn),
      refdet: refdetOf(r.invoice.number),
      objet: objetOf(r.label),
      montant: String(r.amountCents),
      mel: r.customerEmail,
      urlnotif: r.notificationUrl,
      urlredirect: r.returnUrl,
      saisie: saisieOf(account.mode),
    });
    return { form: { actionUrl: this.payfip.pageOf(account.mode), method: 'GET', fields: { idop: idOp } }, reference: idOp };
  }

  /**
   * `recupererDetailPaiementSecurise`: `siteId` the client number PayFiP answers, `transId` its
   * authorisation number, `orderId` the invoice's `refdet`, `status` its `resultrans`. The amount is
   * read only when PayFiP writes it as plain cents (no sign, no leading zero), else null (a mismatch).
   */
  async readNotification(idOp: string, account: PayfipAccount): Promise<BankNotification> {
    const d = await this.payfip.details(account.mode, idOp);
    const transDate = payfipDateOf(d);
    return {
      siteId: d.numcli,
      transDate,
      transDay: transDate ? `${transDate.slice(0, 4)}-${transDate.slice(4, 6)}-${transDate.slice(6, 8)}` : '',
      transId: d.numauto,
      orderId: d.refdet,
      amountCents: /^(0|[1-9][0-9]{0,8})$/.test(d.montant) ? Number(d.montant) : null,
      currency: '978',
      status: d.resultrans,
      outcome: payfipOutcomeOf(d.resultrans),
      source: null,
    };
  }
}
