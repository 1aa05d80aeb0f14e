import { StaffCreditNoteFragment } from '../../../api/generated';
import { euros, frDate } from '../../../ui/format';
import { DownloadButton } from '../../billing/billing-pages';
import { FamilyCell } from '../shared/family-cell';

/** Credit notes with the invoice each one corrects, its reason and its PDF. */
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
