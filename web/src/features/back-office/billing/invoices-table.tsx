import { useMutation } from '../../api/query';
import { StaffCreditNoteFragment, StaffInvoiceFragment, StaffPaymentFragment, TransferToTreasuryDocument } from '../../api/generated';
import { Link } from '../../app/navigation';
import { euros, frDate } from '../../ui/format';
import { Button, ErrorMessage, StateBadge } from '../../ui/kit';
import { INVOICE_STATES, PAYMENT_STATES } from '../../ui/states';
import { DownloadButton } from '../billing/billing-pages';

const FamilyCell = ({ family }: { family: { id: string; name: string } }) => (
  <td>
    <Link to={`/agents/familles/${family.id}`}>{family.name}</Link>
  </td>
);

/** Invoices with their PDF and, for an unpaid one, « Transmettre au Trésor Public ». */
export function InvoicesTable({ invoices, total, showFamily, onChanged }: { invoices: StaffInvoiceFragment[]; total: number; showFamily: boolean; onChanged: () => void }) {
  const transfer = useMutation(TransferToTreasuryDocument);
  return (
    <>
      <ErrorMessage error={transfer.error} />
      <table>
        <caption>Factures ({total})</caption>
        <thead>
          <tr>
            <th scope="col">N°</th>
            {showFamily ? <th scope="col">Famille</th> : null}
            <th scope="col">Date</th>
            <th scope="col">Période</th>
            <th scope="col">Montant</th>
            <th scope="col">Restant dû</th>
            <th scope="col">Etat</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {invoices.map((i) => (
            <tr key={i.id}>
              <th scope="row">{i.number}</th>
              {showFamily ? <FamilyCell family={i.family} /> : null}
              <td>{frDate(i.issuedOn)}</td>
              <td>{i.periodLabel}</td>
              <td>{euros(i.amountCents)}</td>
              <td>{euros(i.remainingCents)}</td>
              <td>
                <StateBadge look={INVOICE_STATES[i.state]} />
              </td>
              <td className="actions-cell">
                <DownloadButton path={i.pdfUrl} label={`Télécharger la facture n° ${i.number}`} compact />
                {i.state === 'UNPAID' ? (
                  <Button
                    kind="secondary"
                    pending={transfer.pending}
                    onClick={() => {
                      // Handing a family over to the Trésor Public cannot be undone: asked first.
                      if (window.confirm(`Transmettre la facture n° ${i.number} (${euros(i.remainingCents)} restant dus) au Trésor Public ? Elle ne pourra plus être payée en ligne.`))
                        void transfer.mutate({ input: { invoiceId: i.id } }).then((ok) => ok && onChanged());
                    }}
                  >
                    Transmettre au Trésor Public<span className="visually-hidden"> : facture n° {i.number}</span>
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function CreditNotesTable({ notes, total, showFamily }: { notes: StaffCreditNoteFragment[]; total: number; showFamily: boolean }) {
  if (total === 0) return <p>Aucun avoir.</p>;
  return (
    <table>
      <caption>Avoirs ({total})</caption>
      <thead>
        <tr>
          <th scope="col">N°</th>
          {showFamily ? <th scope="col">Famille</th> : null}
          <th scope="col">Facture</th>
          <th scope="col">Date</th>
          <th scope="col">Montant</th>
          <th scope="col">Motif</th>
          <th scope="col">PDF</th>
        </tr>
      </thead>
      <tbody>
        {notes.map((c) => (
          <tr key={c.id}>
            <th scope="row">{c.number}</th>
            {showFamily ? <FamilyCell family={c.family} /> : null}
            <td>{c.invoice.number}</td>
            <td>{frDate(c.issuedOn)}</td>
            <td>{euros(c.amountCents)}</td>
            <td>{c.reason}</td>
            <td>
              <DownloadButton path={c.pdfUrl} label={`Télécharger l’avoir n° ${c.number}`} compact />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
