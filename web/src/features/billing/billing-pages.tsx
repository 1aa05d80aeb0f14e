import { useState } from 'react';
import { ApiError, download } from '../../api/client';
import { useQuery } from '../../api/query';
import { BillingDocument, BillingQuery, InvoiceDocument, InvoiceState, PaymentState } from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { euros, frDate, frDateList } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Button, ErrorMessage, Legend, Loading, Pager, StateBadge } from '../../ui/kit';
import { CREDIT_NOTE_STATE, INVOICE_STATES, PAYMENT_STATES, StateLook } from '../../ui/states';

type Entry = BillingQuery['billingHistory']['items'][number];

function entryLook(e: Entry): StateLook {
  if (e.kind === 'INVOICE') return INVOICE_STATES[e.state as InvoiceState];
  if (e.kind === 'PAYMENT') return PAYMENT_STATES[e.state as PaymentState];
  return CREDIT_NOTE_STATE;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * « Payer en ligne », offered only when an invoice can be paid online; when money is due but none
 * can (handed to the Trésor Public, or a payment waiting for the bank), the family is told why
 * instead of being led to an empty page.
 */
export function PayOnline({ dueCents, payableCount }: { dueCents: number; payableCount: number }) {
  if (dueCents <= 0) return null;
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
      {h ? (
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
          <Pager page={h.page} pageSize={h.pageSize} total={h.totalCount} onPage={setPage} what="factures et paiements" />
        </section>
      ) : null}
      <Legend title="Légende (état de la facture)" looks={Object.values(INVOICE_STATES)} />
      <Legend title="Légende (état du paiement)" looks={Object.values(PAYMENT_STATES)} />
    </>
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

/** « Télécharger »: the PDF fetched with the session's token and saved. */
export function DownloadButton({ path, label = 'Télécharger', compact = false }: { path: string; label?: string; compact?: boolean }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async () => {
    setPending(true);
    setError(null);
    try {
      await download(path);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button kind={compact ? 'secondary' : 'primary'} pending={pending} onClick={() => void run()} aria-label={compact ? label : undefined}>
        <Icon name="download" /> {compact ? 'PDF' : 'Télécharger'}
      </Button>
      <ErrorMessage error={error} />
    </>
  );
}

export function InvoicePage({ id }: { id: string }) {
  usePageTitle('Détail de la facture');
  const one = useQuery(InvoiceDocument, { id });
  const inv = one.data?.invoice;
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Détail de la facture</h1>
      {one.loading && !inv ? <Loading /> : null}
      <ErrorMessage error={one.error} />
      {inv ? (
        <>
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
          {inv.lines.length ? (
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
                  {inv.lines.map((l, i) => (
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
          ) : null}
          {inv.creditNotes.length ? (
            <>
              <h2>Avoirs sur cette facture</h2>
              <ul className="plain">
                {inv.creditNotes.map((c) => (
                  <li key={c.id}>
                    Avoir n° {c.number} du {frDate(c.issuedOn)} : {euros(c.amountCents)} — {c.reason} <DownloadButton path={c.pdfUrl} label={`Télécharger l’avoir n° ${c.number}`} compact />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <div className="actions">
            <Link to="/factures" className="button button-secondary">
              Fermer
            </Link>
            <DownloadButton path={inv.pdfUrl} />
            {inv.remainingCents > 0 && inv.state === 'UNPAID' ? (
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
