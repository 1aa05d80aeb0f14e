import { useMutation } from '../../../api/query';
import { StaffInvoiceFragment, TransferToTreasuryDocument } from '../../../api/generated';
import { euros, frDate } from '../../../ui/format';
import { Button, ErrorMessage, StateBadge } from '../../../ui/kit';
import { INVOICE_STATES } from '../../../ui/states';
import { DownloadButton } from '../../billing/billing-pages';
import { FamilyCell } from '../shared/family-cell';

/** Invoices with their PDF and, for an unpaid one, « Transmettre au Trésor Public ». */
export function InvoicesTable({ invoices, total, showFamily }: { invoices: StaffInvoiceFragment[]; total: number; showFamily: boolean }) {
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
                        void transfer.mutate({ input: { invoiceId: i.id } });
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
