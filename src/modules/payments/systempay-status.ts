import { PaymentState } from '../billing/billing-rules';

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
