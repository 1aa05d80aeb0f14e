import type { BillingQuery } from '../../api/generated';
import { useCommune } from '../../app/commune';
import { Link } from '../../app/navigation';
import { euros } from '../../ui/format';
import { Icon } from '../../ui/icons';

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * « Payer en ligne », offered only when an invoice can be paid online; when money is due but none
 * can (the commune takes no online payment, an invoice handed to the Trésor Public, or a payment
 * waiting for the bank), the family is told why instead of being led to an empty page.
 */
export function PayOnline({ dueCents, payableCount }: { dueCents: number; payableCount: number }) {
  const commune = useCommune();
  if (dueCents <= 0) return null;
  if (commune?.onlinePaymentProvider === 'NONE') {
    return (
      <p className="alert alert-info">
        <Icon name="clock" /> Votre commune ne propose pas le paiement en ligne : réglez vos factures auprès de la régie (espèces, chèque, virement) ou comme indiqué sur la facture.
      </p>
    );
  }
  if (payableCount > 0) {
    return (
      <p>
        <Link to="/factures/payer" className="button button-primary">
          Payer en ligne
        </Link>
      </p>
    );
  }
  return (
    <p className="alert alert-info">
      <Icon name="clock" /> Aucune facture à payer en ligne : le paiement de vos factures restantes est géré par le Trésor Public (réglez-les comme indiqué sur l’avis qu’il vous adresse), ou un
      paiement en ligne attend la validation de la banque.
    </p>
  );
}

type Summary = BillingQuery['billingSummary'];

/**
 * The totals as a parent adds them up (SPEC §2 « Figures a reader can add up »): facturé − avoirs
 * − payé = restant dû − avoir disponible. « Total facturé » is the invoices' own amounts.
 */
export function BillingTotals({ s }: { s: Summary }) {
  return (
    <dl className="totals">
      <div>
        <dt>Total facturé</dt>
        <dd>
          {euros(s.grossInvoicedCents)} ({plural(s.invoiceCount, 'facture', 'factures')})
        </dd>
      </div>
      <div>
        <dt>Total des avoirs</dt>
        <dd>
          {euros(s.creditedCents)} ({plural(s.creditNoteCount, 'avoir', 'avoirs')})
        </dd>
      </div>
      <div>
        <dt>Total payé</dt>
        <dd>
          {euros(s.paidCents)} ({plural(s.paymentCount, 'paiement', 'paiements')})
        </dd>
      </div>
      <div className="total-due">
        <dt>Total restant dû</dt>
        <dd>
          {euros(s.dueCents)} ({plural(s.unsettledInvoiceCount, 'facture non soldée', 'factures non soldées')})
        </dd>
      </div>
      {s.creditBalanceCents > 0 ? (
        <div>
          <dt>Avoir disponible</dt>
          <dd>{euros(s.creditBalanceCents)} (déduit de vos prochaines factures)</dd>
        </div>
      ) : null}
    </dl>
  );
}
