import { LocalDate } from '../../common/dates/local-date';
import type { SystempayAccount } from '../regie/regie-settings.service';
import { PaymentState } from './payment-rules';
import { FormFields } from './systempay-signature';

/** What a checkout sends to the bank. */
export interface CheckoutRequest {
  /** The payment's number: the bank's order id. */
  orderId: string;
  amountCents: number;
  customerEmail: string;
  /** Drawn by `TransactionIds`: unique per site and UTC day. */
  transId: string;
  /** `YYYYMMDDHHMMSS`, UTC. */
  transDate: string;
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

/** A bank notification, read and authenticated. */
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
 * A bank, behind one small interface: start a checkout, verify and read a notification, each with
 * the shop (site and key) of the commune whose régie the payment belongs to (SPEC §2 "Each commune
 * is its own régie"). Systempay (and its test bank) today; PayFiP or another bank is one more
 * implementation, billing unchanged.
 */
export abstract class PaymentProvider {
  /** `SYSTEMPAY`: the payment's provider label. */
  abstract readonly name: 'SYSTEMPAY';
  /** The form for the commune's shop. */
  abstract checkout(account: SystempayAccount, request: CheckoutRequest): CheckoutForm;
  /** The notification as the shop whose key is `key` signed it, or why it is none (then nothing may change). */
  abstract readNotification(fields: FormFields, key: string): BankNotification | NotificationRefusal;
}
