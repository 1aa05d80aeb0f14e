import { useState } from 'react';
import { PaymentDocument, PaymentQuery } from '../../api/generated';
import { useQuery } from '../../api/query';
import { Link, usePath, usePageTitle } from '../../app/navigation';
import { euros } from '../../ui/format';
import { ErrorMessage, Loading, StateBadge, Success } from '../../ui/kit';
import { PAYMENT_STATES } from '../../ui/states';

type Payment = PaymentQuery['payment'];

const FOLLOW_EVERY_MS = 2000;
/** The browser may be back before the bank's notification: asked again for a minute. */
const FOLLOW_FOR_MS = 30 * FOLLOW_EVERY_MS;

function numbers(invoices: Array<{ number: string }>): string {
  return invoices.map((i) => `n°${i.number}`).join(', ');
}

/** Back from the bank: what the bank said, once its notification has reached us. */
export function PaymentReturnPage() {
  usePageTitle('Retour du paiement');
  const { query } = usePath();
  const id = query.get('paiement') ?? '';
  // From when the page follows the payment: its opening, or « Vérifier à nouveau ».
  const [since, setSince] = useState(() => Date.now());
  const following = (answeredAt: number) => answeredAt - since < FOLLOW_FOR_MS;
  const payment = useQuery(
    PaymentDocument,
    { id },
    { enabled: !!id, refetchInterval: (data, { answeredAt }) => (data?.payment.state === 'PENDING' && following(answeredAt) ? FOLLOW_EVERY_MS : false) },
  );
  const p = payment.data?.payment;
  const checkAgain = () => {
    setSince(Date.now());
    void payment.reload();
  };
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Paiement en ligne</h1>
      {!id ? <p>Vous revenez de la page de paiement. Consultez l’état de vos factures ci-dessous.</p> : null}
      {payment.loading && !p ? <Loading /> : null}
      <ErrorMessage error={payment.error} />
      {p ? (
        <div aria-live="polite">
          <PaymentOutcome p={p} following={following(payment.answeredAt)} onCheckAgain={checkAgain} />
          <PaymentFacts p={p} />
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

/** What the bank said, in words: paid, still waiting (the page follows it), refused or cancelled. */
function PaymentOutcome({ p, following, onCheckAgain }: { p: Payment; following: boolean; onCheckAgain: () => void }) {
  const several = p.invoices.length > 1;
  if (p.state === 'VALIDATED') {
    return (
      <Success>
        Le paiement de {several ? 'vos factures' : 'votre facture'} {numbers(p.invoices)} a bien été pris en compte.
      </Success>
    );
  }
  if (p.state === 'PENDING') {
    return (
      <div className="alert alert-info" role="status">
        {following ? (
          <p>Votre paiement de {euros(p.amountCents)} est en attente de validation par la banque. Cette page se met à jour d’elle-même.</p>
        ) : (
          <p>
            Votre paiement de {euros(p.amountCents)} est toujours en attente de validation par la banque.{' '}
            <button type="button" className="link-button inline-link" onClick={onCheckAgain}>
              Vérifier à nouveau
            </button>
          </p>
        )}
      </div>
    );
  }
  if (p.state === 'REFUSED') {
    return (
      <ErrorMessage
        error={`Le paiement a été refusé par la banque : ${several ? 'vos factures' : 'votre facture'} ${numbers(p.invoices)} reste${several ? 'nt' : ''} à régler. Vous pouvez réessayer.`}
      />
    );
  }
  return <ErrorMessage error={`Le paiement a été annulé : ${several ? 'vos factures' : 'votre facture'} ${numbers(p.invoices)} reste${several ? 'nt' : ''} à régler.`} />;
}

/** The payment's number, amount, state, and the bank's reason when it gave one. */
function PaymentFacts({ p }: { p: Payment }) {
  return (
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
  );
}
