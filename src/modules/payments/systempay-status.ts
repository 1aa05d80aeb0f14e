import { PaymentState } from './payment-rules';

/**
 * SPEC §2: the bank's `vads_trans_status` → the payment's state. Anything else (e.g. `UNDER_VERIFICATION`,
 * `WAITING_AUTHORISATION`) is not final: null, nothing changes until a final notification.
 */
const STATUSES: Readonly<Record<string, Extract<PaymentState, 'VALIDATED' | 'REFUSED' | 'CANCELLED'>>> = {
  AUTHORISED: 'VALIDATED',
  AUTHORISED_TO_VALIDATE: 'VALIDATED',
  CAPTURED: 'VALIDATED',
  ACCEPTED: 'VALIDATED',
  REFUSED: 'REFUSED',
  CANCELLED: 'CANCELLED',
  ABANDONED: 'CANCELLED',
  EXPIRED: 'CANCELLED',
};

export function paymentStateOf(transStatus: string): Extract<PaymentState, 'VALIDATED' | 'REFUSED' | 'CANCELLED'> | null {
  return Object.prototype.hasOwnProperty.call(STATUSES, transStatus) ? STATUSES[transStatus] : null;
}

/** Why a payment did not go through, as the family and staff read it. */
export const PAYMENT_EXPIRED_REASON = 'Délai de paiement dépassé';
const REASONS: Readonly<Record<string, string>> = {
  REFUSED: 'Paiement refusé par la banque',
  CANCELLED: 'Paiement annulé',
  ABANDONED: 'Paiement abandonné',
  EXPIRED: PAYMENT_EXPIRED_REASON,
};

/** The reason of a refusing or cancelling `vads_trans_status` (null for the others). */
export function failureReasonOf(transStatus: string): string | null {
  return Object.prototype.hasOwnProperty.call(REASONS, transStatus) ? REASONS[transStatus] : null;
}
