import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { PayableInvoicesDocument, PaymentDocument, StartOnlinePaymentDocument, StartOnlinePaymentMutation } from '../../api/generated';
import { Link, usePath, usePageTitle } from '../../app/navigation';
import { euros, frDate } from '../../ui/format';
import { Button, ErrorMessage, Loading, StateBadge, Success } from '../../ui/kit';
import { PAYMENT_STATES } from '../../ui/states';

type Checkout = StartOnlinePaymentMutation['startOnlinePayment'];

/**
 * « Payer en ligne »: the payable invoices, the total, then the bank's page. Ticked at first: the
 * invoice whose detail the family came from (`?facture=`), else the oldest (the guide's way).
 */
export function PayPage() {
  usePageTitle('Paiement en ligne');
  const { query } = usePath();
  const from = query.get('facture');
  const payable = useQuery(PayableInvoicesDocument);
  const [ticked, setTicked] = useState<Set<string> | null>(null);
  const [checkout, setCheckout] = useState<Checkout | null>(null);
  const start = useMutation(StartOnlinePaymentDocument);
  const formRef = useRef<HTMLFormElement>(null);
  // Oldest first: the API's order; the oldest is ticked at first.
  const invoices = useMemo(() => payable.data?.payableInvoices ?? [], [payable.data]);
  useEffect(() => {
    if (payable.data && ticked === null) {
      const first = invoices.find((i) => i.id === from) ?? invoices[0];
      setTicked(new Set(first ? [first.id] : []));
    }
  }, [payable.data, ticked, invoices, from]);
  const chosen = invoices.filter((i) => ticked?.has(i.id));
  const total = chosen.reduce((sum, i) => sum + i.remainingCents, 0);
  const toggle = (id: string) => {
    const next = new Set(ticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setTicked(next);
  };
  const go = async () => {
    const result = await start.mutate({ input: { invoiceIds: chosen.map((i) => i.id) } });
    if (result) setCheckout(result.startOnlinePayment);
  };
  // The signed form, posted by the browser to the bank as soon as it is on the page.
  useEffect(() => {
    if (checkout) formRef.current?.submit();
  }, [checkout]);
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Paiement</h1>
      {payable.loading && !payable.data ? <Loading /> : null}
      <ErrorMessage error={payable.error} />
      {payable.data ? (
        invoices.length === 0 ? (
          <p>Vous n’avez aucune facture à payer en ligne.</p>
        ) : (
          <>
            <p>
              Vous avez {invoices.length} facture{invoices.length > 1 ? 's' : ''} non soldée{invoices.length > 1 ? 's' : ''}.
            </p>
            <div className="table-wrap">
              <table className="responsive">
                <caption>Liste des factures à payer</caption>
                <thead>
                  <tr>
                    <th scope="col">Inclure cette facture au paiement ?</th>
                    <th scope="col">N°</th>
                    <th scope="col">Date</th>
                    <th scope="col">Détail</th>
                    <th scope="col">Montant</th>
                    <th scope="col">Reste à payer</th>
                  </tr>
                </thead>
                <tbody>
                  {invoices.map((i) => (
                    <tr key={i.id}>
                      <td data-label="Inclure">
                        <input
                          type="checkbox"
                          id={`facture-${i.id}`}
                          checked={ticked?.has(i.id) ?? false}
                          onChange={() => toggle(i.id)}
                          aria-label={`Inclure la facture n° ${i.number} (${euros(i.remainingCents)}) au paiement`}
                        />
                      </td>
                      <th scope="row" data-label="N°">
                        <label htmlFor={`facture-${i.id}`}>{i.number}</label>
                      </th>
                      <td data-label="Date">{frDate(i.issuedOn)}</td>
                      <td data-label="Détail">
                        Référent : {i.childrenLabel}
                        <br />
                        Etablissement : {i.establishmentsLabel}
                      </td>
                      <td data-label="Montant">{euros(i.amountCents)}</td>
                      <td data-label="Reste à payer">{euros(i.remainingCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="pay-total" aria-live="polite">
              Montant du paiement : <strong>{euros(total)}</strong>
            </p>
            <p className="hint">Vous allez être dirigé vers la page sécurisée de la banque. Vos données de carte ne passent jamais par le portail.</p>
            <ErrorMessage error={start.error} />
            <div className="actions">
              <Link to="/factures" className="button button-secondary">
                Retour
              </Link>
              <Button onClick={() => void go()} pending={start.pending || !!checkout} disabled={chosen.length === 0}>
                Accéder au paiement
              </Button>
            </div>
          </>
        )
      ) : null}
      {checkout ? (
        <form ref={formRef} method={checkout.method} action={checkout.actionUrl} className="visually-hidden" aria-hidden="true">
          {checkout.fields.map((f) => (
            <input key={f.name} type="hidden" name={f.name} value={f.value} />
          ))}
          <noscript>
            <button type="submit">Continuer vers la banque</button>
          </noscript>
        </form>
      ) : null}
    </section>
  );
}

function numbers(invoices: Array<{ number: string }>): string {
  return invoices.map((i) => `n°${i.number}`).join(', ');
}

/** Back from the bank: what the bank said, once its notification has reached us. */
export function PaymentReturnPage() {
  usePageTitle('Retour du paiement');
  const { query } = usePath();
  const id = query.get('paiement') ?? '';
  const payment = useQuery(PaymentDocument, { id }, { enabled: !!id });
  const polls = useRef(0);
  const p = payment.data?.payment;
  // The browser may be back before the bank's notification: asked again for a minute.
  useEffect(() => {
    if (p?.state !== 'PENDING' || polls.current >= 30) return;
    const t = setTimeout(() => {
      polls.current += 1;
      void payment.reload();
    }, 2000);
    return () => clearTimeout(t);
  }, [p, payment]);
  const several = (p?.invoices.length ?? 0) > 1;
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Paiement en ligne</h1>
      {!id ? <p>Vous revenez de la page de paiement. Consultez l’état de vos factures ci-dessous.</p> : null}
      {payment.loading && !p ? <Loading /> : null}
      <ErrorMessage error={payment.error} />
      {p ? (
        <div aria-live="polite">
          {p.state === 'VALIDATED' ? (
            <Success>
              Le paiement de {several ? 'vos factures' : 'votre facture'} {numbers(p.invoices)} a bien été pris en compte.
            </Success>
          ) : p.state === 'PENDING' ? (
            <div className="alert alert-info" role="status">
              {polls.current < 30 ? (
                <p>Votre paiement de {euros(p.amountCents)} est en attente de validation par la banque. Cette page se met à jour d’elle-même.</p>
              ) : (
                <p>
                  Votre paiement de {euros(p.amountCents)} est toujours en attente de validation par la banque.{' '}
                  <button
                    type="button"
                    className="link-button inline-link"
                    onClick={() => {
                      polls.current = 0;
                      void payment.reload();
                    }}
                  >
                    Vérifier à nouveau
                  </button>
                </p>
              )}
            </div>
          ) : p.state === 'REFUSED' ? (
            <ErrorMessage
              error={`Le paiement a été refusé par la banque : ${several ? 'vos factures' : 'votre facture'} ${numbers(p.invoices)} reste${several ? 'nt' : ''} à régler. Vous pouvez réessayer.`}
            />
          ) : (
            <ErrorMessage error={`Le paiement a été annulé : ${several ? 'vos factures' : 'votre facture'} ${numbers(p.invoices)} reste${several ? 'nt' : ''} à régler.`} />
          )}
          <dl className="facts">
            <div>
              <dt>Paiement</dt>
              <dd>{p.number ? `n° ${p.number}` : '—'}</dd>
            </div>
            <div>
              <dt>Montant</dt>
              <dd>{euros(p.amountCents)}</dd>
            </div>
            <div>
              <dt>Etat</dt>
              <dd>
                <StateBadge look={PAYMENT_STATES[p.state]} />
              </dd>
            </div>
            {p.reason ? (
              <div>
                <dt>Motif</dt>
                <dd>{p.reason}</dd>
              </div>
            ) : null}
          </dl>
        </div>
      ) : null}
      <div className="actions">
        <Link to="/factures" className="button button-primary">
          Mes Factures & Paiements
        </Link>
      </div>
    </section>
  );
}
