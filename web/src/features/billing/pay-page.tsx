import { useEffect, useRef, useState } from 'react';
import { PayableInvoicesDocument, PayableInvoicesQuery, StartOnlinePaymentDocument, StartOnlinePaymentMutation } from '../../api/generated';
import { useMutation, useQuery } from '../../api/query';
import { useCommune } from '../../app/commune';
import { Link, usePath, usePageTitle } from '../../app/navigation';
import { euros, frDate } from '../../ui/format';
import { Button, ErrorMessage, Loading } from '../../ui/kit';

type Checkout = StartOnlinePaymentMutation['startOnlinePayment'];
type Invoice = PayableInvoicesQuery['payableInvoices'][number];

/**
 * « Payer en ligne »: the payable invoices, the total, then the bank's page. Ticked at first: the
 * invoice whose detail the family came from (`?facture=`), else the oldest (the guide's way). With
 * PayFiP (the Trésor Public), one invoice per payment: ticking one unticks the other, and it is said.
 */
export function PayPage() {
  usePageTitle('Paiement en ligne');
  const { query } = usePath();
  const from = query.get('facture');
  const payable = useQuery(PayableInvoicesDocument);
  // Null until the family ticks or unticks one: the first choice is drawn from the list.
  const [choice, setChoice] = useState<ReadonlySet<string> | null>(null);
  const [checkout, setCheckout] = useState<Checkout | null>(null);
  const start = useMutation(StartOnlinePaymentDocument);
  const payfip = useCommune()?.onlinePaymentProvider === 'PAYFIP';
  // Oldest first: the API's order; the oldest is ticked at first.
  const invoices = payable.data?.payableInvoices ?? [];
  const first = invoices.find((i) => i.id === from) ?? invoices[0];
  const ticked = choice ?? new Set(first ? [first.id] : []);
  const chosen = invoices.filter((i) => ticked.has(i.id));
  const total = chosen.reduce((sum, i) => sum + i.remainingCents, 0);
  const toggle = (id: string) => {
    // PayFiP: one invoice at a time (the first choice is already one).
    if (payfip) return setChoice(new Set(ticked.has(id) ? [] : [id]));
    const next = new Set(ticked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChoice(next);
  };
  const go = async () => {
    const result = await start.mutate({ input: { invoiceIds: chosen.map((i) => i.id) } });
    if (result) setCheckout(result.startOnlinePayment);
  };
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
            {payfip ? <p className="hint">Avec PayFiP, les factures se règlent une à une.</p> : null}
            <PayableInvoices invoices={invoices} ticked={ticked} onToggle={toggle} />
            <p className="pay-total" aria-live="polite">
              Montant du paiement : <strong>{euros(total)}</strong>
            </p>
            <p className="hint">
              {payfip
                ? 'Vous allez être dirigé vers PayFiP, le service de paiement de la Direction générale des Finances publiques. Vos données de carte ne passent jamais par le portail.'
                : 'Vous allez être dirigé vers la page sécurisée de la banque. Vos données de carte ne passent jamais par le portail.'}
            </p>
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
      {checkout ? <BankForm checkout={checkout} /> : null}
    </section>
  );
}

/** « Liste des factures à payer », each with its box « Inclure cette facture au paiement ? ». */
function PayableInvoices({ invoices, ticked, onToggle }: { invoices: Invoice[]; ticked: ReadonlySet<string>; onToggle: (id: string) => void }) {
  return (
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
                  checked={ticked.has(i.id)}
                  onChange={() => onToggle(i.id)}
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
  );
}

/** The signed form, posted by the browser to the bank as soon as it is on the page. */
function BankForm({ checkout }: { checkout: Checkout }) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.submit();
  }, [checkout]);
  return (
    <form ref={form} method={checkout.method} action={checkout.actionUrl} className="visually-hidden" aria-hidden="true">
      {checkout.fields.map((f) => (
        <input key={f.name} type="hidden" name={f.name} value={f.value} />
      ))}
      <noscript>
        <button type="submit">Continuer vers la banque</button>
      </noscript>
    </form>
  );
}
