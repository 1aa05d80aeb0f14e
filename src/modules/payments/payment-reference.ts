import { badInput } from '../../common/errors/domain-error';
import { PaymentMethod } from './payment-rules';

export interface OfflineReference {
  reference: string | null;
  issuer: string | null;
}

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * What identifies a payment recorded at the régie: a cheque's number (required: it is how the
 * régie finds the cheque again on its deposit slip) and its bank; a transfer's or CESU's reference.
 */
export function offlineReference(method: PaymentMethod, reference?: string | null, issuer?: string | null): OfflineReference {
  const ref = reference?.trim().replace(/\s+/g, ' ') || null;
  const bank = issuer?.trim().replace(/\s+/g, ' ') || null;
  if (method === 'CHECK') {
    if (!ref) throw badInput('CHEQUE_NUMBER_REQUIRED', 'Indiquez le numéro du chèque.', { field: 'reference' });
    const digits = ref.replace(/ /g, '');
    if (!/^[0-9]{1,20}$/.test(digits)) {
      throw badInput('INVALID_CHEQUE_NUMBER', 'Le numéro du chèque ne contient que des chiffres (7 en général, en bas à gauche du chèque).', { field: 'reference' });
    }
    if (bank && CONTROL.test(bank)) throw badInput('VALIDATION_FAILED', 'Le nom de la banque contient des caractères invalides.', { field: 'issuer' });
    return { reference: digits, issuer: bank };
  }
  if (bank) throw badInput('ISSUER_ONLY_FOR_CHEQUE', 'La banque ne s’indique que pour un chèque.', { field: 'issuer' });
  if (ref && CONTROL.test(ref)) throw badInput('VALIDATION_FAILED', 'La référence contient des caractères invalides.', { field: 'reference' });
  return { reference: ref, issuer: null };
}
