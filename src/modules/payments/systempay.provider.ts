import { Injectable } from '@nestjs/common';
import type { SystempayAccount } from '../regie/regie-settings.service';
import { BankNotification, Checkout, CheckoutRequest, NotificationRefusal, PaymentProvider } from './payment-provider';
import { FormFields, hasValidSignature, systempaySignature } from './systempay-signature';
import { paymentStateOf } from './systempay-status';

const EURO = '978';

/** What a Systempay checkout sends besides the common request. */
export interface SystempayCheckoutRequest extends CheckoutRequest {
  /** The payment's number: the bank's order id. */
  orderId: string;
  /** Drawn by `TransactionIds`: unique per site and UTC day. */
  transId: string;
  /** `YYYYMMDDHHMMSS`, UTC. */
  transDate: string;
}

/** `YYYYMMDDHHMMSS` → `YYYY-MM-DD`, or null when it is not such a date. */
function dayOf(transDate: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(transDate);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/**
 * Fields only a checkout form carries (where the bank sends the browser and the notification, how
 * its page looks): a notification carrying one is a form replayed, whatever its signature. A real
 * notification does carry vads_action_mode, vads_page_action, vads_payment_config and vads_url_check_src.
 */
const FORM_ONLY = /^vads_(url_(?!check_src$).+|return_mode|redirect_.+|theme_config|shop_url|available_languages)$/;
export const isFormOnlyField = (name: string) => FORM_ONLY.test(name);

/**
 * Text a family chose (its e-mail) goes into the signed values only when it cannot shift them: the
 * signature joins values with `+`, so a `+` in a value could make the same signed text read as other
 * fields. An address with a `+` (or anything beyond a plain address) is left out of the form.
 */
export const signableText = (s: string) => /^[A-Za-z0-9._%-]+@[A-Za-z0-9.-]+$/.test(s) && s.length <= 150;

/** The bank's amount in cents: digits only, at most 9 (what an integer column holds); else null (a mismatch). */
export function amountOf(text: string | undefined): number | null {
  return text !== undefined && /^[0-9]{1,9}$/.test(text) ? Number(text) : null;
}

/**
 * Systempay (Lyra) form protocol, V2: the hosted payment page is posted the `vads_*` fields and
 * their signature; the result comes by IPN, signed the same way. The app never sees card data.
 * Each commune has its own shop (site id, key, mode): the caller says which.
 */
@Injectable()
export class SystempayProvider extends PaymentProvider<SystempayAccount, SystempayCheckoutRequest, FormFields> {
  readonly name = 'SYSTEMPAY' as const;
  readonly maxInvoices = Infinity;

  checkout(account: SystempayAccount, r: SystempayCheckoutRequest): Promise<Checkout> {
    const fields: FormFields = {
      vads_action_mode: 'INTERACTIVE',
      vads_amount: String(r.amountCents),
      vads_ctx_mode: account.mode,
      vads_currency: EURO,
      ...(signableText(r.customerEmail) ? { vads_cust_email: r.customerEmail } : {}),
      vads_order_id: r.orderId,
      vads_page_action: 'PAYMENT',
      vads_payment_config: 'SINGLE',
      vads_site_id: account.siteId,
      vads_trans_date: r.transDate,
      vads_trans_id: r.transId,
      vads_url_check: r.notificationUrl,
      vads_url_return: r.returnUrl,
      vads_version: 'V2',
    };
    const form = { actionUrl: account.paymentUrl, method: 'POST' as const, fields: { ...fields, signature: systempaySignature(fields, account.key) } };
    return Promise.resolve({ form, reference: null });
  }

  /** The notification as the shop `account` (its key) signed it, or why it is none. */
  readNotification(fields: FormFields, account: SystempayAccount): Promise<BankNotification | NotificationRefusal> {
    return Promise.resolve(this.read(fields, account.key));
  }

  private read(fields: FormFields, key: string): BankNotification | NotificationRefusal {
    // A checkout form's own fields are never in a notification: refused before anything else, so
    // that a form's signature, its values shifted across fields, can never pass for one.
    if (Object.keys(fields).some(isFormOnlyField)) return 'NOT_A_NOTIFICATION';
    if (!hasValidSignature(fields, key)) return 'BAD_SIGNATURE';
    const transDay = dayOf(fields.vads_trans_date ?? '');
    if (!transDay || !/^\d{6}$/.test(fields.vads_trans_id ?? '')) return 'BAD_SIGNATURE';
    return {
      siteId: fields.vads_site_id ?? '',
      transDate: fields.vads_trans_date,
      transDay,
      transId: fields.vads_trans_id,
      orderId: fields.vads_order_id ?? '',
      amountCents: amountOf(fields.vads_amount),
      currency: fields.vads_currency ?? '',
      status: fields.vads_trans_status ?? '',
      outcome: paymentStateOf(fields.vads_trans_status ?? ''),
      source: fields.vads_url_check_src ?? null,
    };
  }
}
