import { useQuery } from '../../api/query';
import { InvoiceDocument, InvoiceQuery } from '../../api/generated';
import { useCommune } from '../../app/commune';
import { Link, usePageTitle } from '../../app/navigation';
import { euros, frDate, frDateList } from '../../ui/format';
import { ErrorMessage, Loading, StateBadge } from '../../ui/kit';
import { INVOICE_STATES } from '../../ui/states';
import { DownloadButton } from './download-button';

/** « Détail de la facture »: its figures, its meals, its credit notes, its PDF and « Payer en ligne ». */
export function InvoicePage({ id }: { id: string }) {
  usePageTitle('Détail de la facture');
  const one = useQuery(InvoiceDocument, { id });
  const inv = one.data?.invoice;
  const online = useCommune()?.onlinePaymentProvider !== 'NONE';
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Détail de la facture</h1>
      {one.loading && !inv ? <Loading /> : null}
      <ErrorMessage error={one.error} />
      {inv ? (
        <>
          <InvoiceFacts inv={inv} />
          {inv.directDebitOn ? <p>Prélèvement prévu le {frDate(inv.directDebitOn)}.</p> : null}
          <MealLines lines={inv.lines} />
          <InvoiceCreditNotes notes={inv.creditNotes} />
          <div className="actions">
            <Link to="/factures" className="button button-secondary">
              Fermer
            </Link>
            <DownloadButton path={inv.pdfUrl} />
            {online && inv.remainingCents > 0 && inv.state === 'UNPAID' ? (
              <Link to={`/factures/payer?facture=${encodeURIComponent(inv.id)}`} className="button button-primary">
                Payer en ligne
              </Link>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

type Invoice = InvoiceQuery['invoice'];

/** The invoice's figures as a parent adds them up, then what it is for. */
function InvoiceFacts({ inv }: { inv: Invoice }) {
  return (
    <dl className="facts">
      <div>
        <dt>Facture N°</dt>
        <dd>{inv.number}</dd>
      </div>
      <div>
        <dt>Date de la facture</dt>
        <dd>{frDate(inv.issuedOn)}</dd>
      </div>
      <div>
        <dt>Montant</dt>
        <dd>{euros(inv.amountCents)}</dd>
      </div>
      {inv.creditedCents + inv.fromBalanceCents > 0 ? (
        <div>
          <dt>Avoirs et crédit</dt>
          <dd>{euros(inv.creditedCents + inv.fromBalanceCents)}</dd>
        </div>
      ) : null}
      {inv.paidCents > 0 ? (
        <div>
          <dt>Déjà réglé</dt>
          <dd>{euros(inv.paidCents)}</dd>
        </div>
      ) : null}
      <div>
        <dt>Restant dû</dt>
        <dd>{euros(inv.remainingCents)}</dd>
      </div>
      {inv.remainingCents > 0 && inv.state !== 'TREASURY' ? (
        <div>
          <dt>À régler avant le</dt>
          <dd>{frDate(inv.dueOn)}</dd>
        </div>
      ) : null}
      <div>
        <dt>Etat</dt>
        <dd>
          <StateBadge look={INVOICE_STATES[inv.state]} />
        </dd>
      </div>
      <div>
        <dt>Période de facturation</dt>
        <dd>{inv.periodLabel}</dd>
      </div>
      <div>
        <dt>Référent</dt>
        <dd>{inv.childrenLabel}</dd>
      </div>
      <div>
        <dt>Etablissement</dt>
        <dd>{inv.establishmentsLabel}</dd>
      </div>
      <div>
        <dt>Accueil</dt>
        <dd>{inv.accueilLabel}</dd>
      </div>
    </dl>
  );
}

/** « Détail des repas »: child, activity, days, quantity and prices, line by line. */
function MealLines({ lines }: { lines: Invoice['lines'] }) {
  if (!lines.length) return null;
  return (
    <div className="table-wrap">
      <table className="responsive">
        <caption>Détail des repas</caption>
        <thead>
          <tr>
            <th scope="col">Enfant</th>
            <th scope="col">Activité</th>
            <th scope="col">Jours</th>
            <th scope="col">Quantité</th>
            <th scope="col">Prix unitaire</th>
            <th scope="col">Montant</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i}>
              <th scope="row">{l.childName}</th>
              <td data-label="Activité">{l.activityName}</td>
              <td data-label="Jours">{l.dates.length ? frDateList(l.dates) : '—'}</td>
              <td data-label="Quantité">{l.quantity}</td>
              <td data-label="Prix unitaire">{euros(l.unitPriceCents)}</td>
              <td data-label="Montant">{euros(l.amountCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** « Avoirs sur cette facture », each with its PDF. */
function InvoiceCreditNotes({ notes }: { notes: Invoice['creditNotes'] }) {
  if (!notes.length) return null;
  return (
    <>
      <h2>Avoirs sur cette facture</h2>
      <ul className="plain">
        {notes.map((c) => (
          <li key={c.id}>
            Avoir n° {c.number} du {frDate(c.issuedOn)} : {euros(c.amountCents)} — {c.reason} <DownloadButton path={c.pdfUrl} label={`Télécharger l’avoir n° ${c.number}`} compact />
          </li>
        ))}
      </ul>
    </>
  );
}
