import type { ProviderMode } from '../../regie/payment-settings-rules';
import type { PaymentState } from '../payment-rules';

/*
 * PayFiP's rules as the DGFiP documents its web service (SPEC "The Trésor Public: PayFiP…"): what
 * `creerPaiementSecurise` accepts, and what `resultrans` means.
 */

/** The DGFiP's production web service and payment page. */
export const PAYFIP_ENDPOINT = 'https://www.payfip.gouv.fr/tpa/services/securite';
export const PAYFIP_PAGE = 'https://www.payfip.gouv.fr/tpa/paiementws.web';

/** montant: 1 € to 100 000 €, in cents. */
export const PAYFIP_MIN_CENTS = 100;
export const PAYFIP_MAX_CENTS = 10_000_000;

/** A payment still without result after this long is asked for again by the reconciliation chore. */
export const PAYFIP_RECONCILE_AFTER_MINUTES = 20;

/** `saisie`: `T` test, `W` production (`X`, the activation, is done with the DGFiP by hand). */
export const saisieOf = (mode: ProviderMode): 'T' | 'W' => (mode === 'PRODUCTION' ? 'W' : 'T');

/** Accents off, then anything but the allowed characters dropped. */
const plain = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** `refdet`: the invoice's number, letters and digits only, at most 30 (`2026-00042` → `202600042`). */
export const refdetOf = (invoiceNumber: string): string =>
  plain(invoiceNumber)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 30);

/** `objet`: ASCII letters, digits and spaces, at most 100 (`Cantine — février` → `Cantine fevrier`). */
export const objetOf = (text: string): string =>
  plain(text)
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();

/** `exer`: the invoice's year (of its issue). */
export const exerOf = (issuedOn: string): string => issuedOn.slice(0, 4);

/** The 6-digit client number (numcli) of a commune's régie. */
export const isPayfipClientNumber = (s: string | null | undefined): s is string => !!s && /^\d{6}$/.test(s);

/** `resultrans`: P (card) or V (direct debit) paid; R or Z refused; A abandoned; anything else (none yet): null. */
export function payfipOutcomeOf(resultrans: string | null | undefined): Extract<PaymentState, 'VALIDATED' | 'REFUSED' | 'CANCELLED'> | null {
  switch ((resultrans ?? '').trim()) {
    case 'P':
    case 'V':
      return 'VALIDATED';
    case 'R':
    case 'Z':
      return 'REFUSED';
    case 'A':
      return 'CANCELLED';
    default:
      return null;
  }
}

/** Why it did not go through, as the family reads it. */
export const payfipFailureReason = (resultrans: string): string | undefined =>
  ({ R: 'Paiement refusé par PayFiP', Z: 'Paiement refusé par PayFiP', A: 'Paiement abandonné sur la page PayFiP' })[resultrans.trim()];
