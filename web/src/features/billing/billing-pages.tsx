import { useState } from 'react';
import { useQuery } from '../../api/query';
import { BillingDocument, BillingQuery, InvoiceState, PaymentState } from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { euros, frDate } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { ErrorMessage, Legend, Loading, Pager, StateBadge } from '../../ui/kit';
import { CREDIT_NOTE_STATE, INVOICE_STATES, PAYMENT_STATES, StateLook } from '../../ui/states';
import { BillingTotals, PayOnline } from './billing-totals';
import { DownloadButton } from './download-button';

/** The back-office's tables take the button from here. */
export { DownloadButton };

type History = BillingQuery['billingHistory'];
type Entry = History['items'][number];

function entryLook(e: Entry): StateLook {
  if (e.kind === 'INVOICE') return INVOICE_STATES[e.state as InvoiceState];
  if (e.kind === 'PAYMENT') return PAYMENT_STATES[e.state as PaymentState];
  return CREDIT_NOTE_STATE;
}

/** « Mes Factures & Paiements »: the totals, « Payer en ligne », then the history five a page. */
export function BillingPage() {
  usePageTitle('Mes Factures & Paiements');
  const [page, setPage] = useState(1);
  const billing = useQuery(BillingDocument, { page, pageSize: 5 });
  const s = billing.data?.billingSummary;
  const h = billing.data?.billingHistory;
  return (
    <>
      <h1 tabIndex={-1}>Mes Factures & Paiements</h1>
      {billing.loading && !billing.data ? <Loading /> : null}
      <ErrorMessage error={billing.error} />
      {s ? (
        <section className="panel" aria-labelledby="totaux">
          <h2 id="totaux" className="visually-hidden">
            Totaux
          </h2>
          <BillingTotals s={s} />
          <PayOnline dueCents={s.dueCents} payableCount={billing.data?.payableInvoices.length ?? 0} />
        </section>
      ) : null}
      {h?.items.some((e) => e.state === 'PAYMENT_PENDING' || (e.kind === 'PAYMENT' && e.state === 'PENDING')) ? (
        <p className="alert alert-info">
          <Icon name="clock" /> Un paiement en ligne est en attente de validation par la banque. S’il n’aboutit pas (page de la banque fermée, paiement abandonné), il est annulé au bout de 30 minutes
          et la facture peut de nouveau être payée.
        </p>
      ) : null}
      {h ? <BillingHistory h={h} onPage={setPage} /> : null}
      <Legend title="Légende (état de la facture)" looks={Object.values(INVOICE_STATES)} />
      <Legend title="Légende (état du paiement)" looks={Object.values(PAYMENT_STATES)} />
    </>
  );
}

/** « Factures, paiements et avoirs »: each with its amount, its state and its detail or PDF. */
function BillingHistory({ h, onPage }: { h: History; onPage: (page: number) => void }) {
  return (
    <section aria-labelledby="historique">
      <h2 id="historique">Factures, paiements et avoirs</h2>
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Détail</th>
              <th scope="col">Montant facture</th>
              <th scope="col">Montant paiement</th>
              <th scope="col">Etat</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {h.items.map((e, i) => (
              <tr key={`${e.kind}-${e.invoice?.id ?? e.payment?.id ?? e.creditNote?.id ?? i}`}>
                <td data-label="Date">{frDate(e.date)}</td>
                <th scope="row" data-label="Détail">
                  {e.label}
                </th>
                <td data-label="Montant facture">{e.invoiceAmountCents !== null ? euros(e.invoiceAmountCents) : e.creditAmountCents !== null ? `− ${euros(e.creditAmountCents)}` : ''}</td>
                <td data-label="Montant paiement">{e.paymentAmountCents !== null ? euros(e.paymentAmountCents) : ''}</td>
                <td data-label="Etat">
                  <StateBadge look={entryLook(e)} />
                </td>
                <td>
                  {e.invoice ? (
                    <Link to={`/factures/${e.invoice.id}`} className="icon-link">
                      <Icon name="eye" />
                      <span>
                        Détail<span className="visually-hidden"> de la {e.label.toLowerCase()}</span>
                      </span>
                    </Link>
                  ) : null}
                  {e.creditNote ? <DownloadButton path={e.creditNote.pdfUrl} label={`Télécharger l’${e.label.toLowerCase()}`} compact /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={h.page} pageSize={h.pageSize} total={h.totalCount} onPage={onPage} what="factures et paiements" />
    </section>
  );
}
