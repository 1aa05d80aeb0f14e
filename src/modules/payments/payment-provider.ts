import { LocalDate } from '../../common/dates/local-date';
import { PaymentState } from './payment-rules';
import { FormFields } from './systempay-signature';

/** What every checkout sends to the bank (each provider's request adds its own). */
export interface CheckoutRequest {
  amountCents: number;
  customerEmail: string;
  /** Where the browser comes back (GET or POST). */
  returnUrl: string;
  /** Where the bank's server notifies the result. */
  notificationUrl: string;
}

/** The form the browser posts to the bank's hosted page. */
export interface CheckoutForm {
  actionUrl: string;
  method: 'GET' | 'POST';
  fields: FormFields;
}

/** A checkout started: the form the browser follows, and the provider's own reference for the operation (PayFiP's `idOp`; null for Systempay, whose ids are the request's). */
export interface Checkout {
  form: CheckoutForm;
  reference: string | null;
}

/** The provider's word on a payment, read and authenticated (a Systempay notification, a PayFiP detail). */
export interface BankNotification {
  siteId: string;
  transDate: string;
  transDay: LocalDate;
  transId: string;
  orderId: string;
  /** Null when the bank's amount is not plain digits within bounds: never matches a payment. */
  amountCents: number | null;
  currency: string;
  /** The bank's own status word. */
  status: string;
  /** The payment state it means; null for a status we do not know (nothing is changed). */
  outcome: Extract<PaymentState, 'VALIDATED' | 'REFUSED' | 'CANCELLED'> | null;
  /** Why it was sent (first notification, retry, back-office resend). */
  source: string | null;
}

/** Why a post is no notification (answered 400, nothing recorded): signature missing or wrong, or a checkout form's fields. */
export type NotificationRefusal = 'BAD_SIGNATURE' | 'NOT_A_NOTIFICATION';

/**
 * Systempay and PayFiP behind one interface, each with the account (shop or client number, and
 * mode) of the commune whose régie the payment belongs to (SPEC §2 "Each commune is its own régie"):
 * how many invoices one payment may cover, start a checkout, read the provider's word on a payment.
 * `Account`, `Request` and `Word` are each provider's own: Systempay's shop, its transaction ids and
 * its signed posted fields; PayFiP's client number and mode, its one invoice and the `idOp` it is
 * asked about. Matching a word to its payment stays with the caller (Systempay by site, day and
 * transaction id; PayFiP by `idOp`), and so does what an outcome does (`PaymentOutcomes`).
 */
export abstract class PaymentProvider<Account, Request extends CheckoutRequest, Word> {
  /** The payment's provider label. */
  abstract readonly name: 'SYSTEMPAY' | 'PAYFIP';
  /** How many invoices one payment may cover (Systempay: any, `Infinity`; PayFiP: one). */
  abstract readonly maxInvoices: number;
  /** The form for the commune's account, and the provider's reference for the operation (throws when the provider cannot start it). */
  abstract checkout(account: Account, request: Request): Promise<Checkout>;
  /**
   * The provider's word on a payment, read with the commune's account (Systempay: the posted fields,
   * verified with the shop's key; PayFiP: `recupererDetailPaiementSecurise` on the `idOp`), or why
   * it is none (then nothing may change).
   */
  abstract readNotification(word: Word, account: Account): Promise<BankNotification | NotificationRefusal>;
}
