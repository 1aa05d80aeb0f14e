import { StaffPaymentFragment } from '../../../api/generated';
import { euros, frDate } from '../../../ui/format';
import { StateBadge } from '../../../ui/kit';
import { PAYMENT_STATES } from '../../../ui/states';
import { FamilyCell } from '../shared/family-cell';

/** « Chèque n° 1234567 (Crédit Agricole) », « Virement : VIR-2026-11 », or a dash. */
export function paymentReference(p: Pick<StaffPaymentFragment, 'provider' | 'reference' | 'issuer'>): string {
  if (!p.reference) return '—';
  if (p.provider === 'CHECK') return `Chèque n° ${p.reference}${p.issuer ? ` (${p.issuer})` : ''}`;
  if (p.provider === 'TRANSFER') return `Virement : ${p.reference}`;
  return p.reference;
}

/** Payments with their state, why one did not go through, and why one is flagged. */
export function PaymentsTable({ payments, showFamily, caption }: { payments: StaffPaymentFragment[]; showFamily: boolean; caption: string }) {
  if (payments.length === 0) return <p>Aucun paiement.</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Paiement</th>
          {showFamily ? <th scope="col">Famille</th> : null}
          <th scope="col">Date</th>
          <th scope="col">Montant</th>
          <th scope="col">Référence</th>
          <th scope="col">Factures</th>
          <th scope="col">Etat</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((p) => (
          <tr key={p.id}>
            <th scope="row">{p.label}</th>
            {showFamily ? <FamilyCell family={p.family} /> : null}
            <td>{frDate(p.receivedOn)}</td>
            <td>{euros(p.amountCents)}</td>
            <td>{paymentReference(p)}</td>
            <td>{p.invoices.map((i) => i.number).join(', ')}</td>
            <td>
              <StateBadge look={PAYMENT_STATES[p.state]} />
              {p.reason ? <div className="reason">{p.reason}</div> : null}
              {p.flag ? <div className="flag">À regarder : {p.flag}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
