import { useQuery } from '../../../api/query';
import { DashboardDocument } from '../../../api/generated';
import { Link, usePageTitle } from '../../../app/navigation';
import { euros, frDate, frDateTime, monthLabel } from '../../../ui/format';
import { ErrorMessage, Loading } from '../../../ui/kit';
import { NextDays } from './next-days';

/** « Tableau de bord »: what waits for a decision, the last billing, the flagged payments, the kitchen's next days. */
export function DashboardPage() {
  usePageTitle('Tableau de bord');
  const board = useQuery(DashboardDocument);
  const d = board.data;
  const run = d?.billingRuns.items[0];
  return (
    <>
      <h1 tabIndex={-1}>Tableau de bord</h1>
      {board.loading && !d ? <Loading /> : null}
      <ErrorMessage error={board.error} />
      {d ? (
        <>
          <div className="blocks blocks-3">
            <section className="panel" aria-labelledby="a-traiter">
              <h2 id="a-traiter">À traiter</h2>
              <ul className="link-list">
                <li>
                  <Link to="/agents/inscriptions">
                    {d.pendingRegistrations.totalCount} inscription{d.pendingRegistrations.totalCount > 1 ? 's' : ''} en attente
                  </Link>
                </li>
                <li>
                  <Link to="/agents/reservations">
                    {d.pendingReservations.totalCount} réservation{d.pendingReservations.totalCount > 1 ? 's' : ''} en attente
                  </Link>
                </li>
              </ul>
            </section>
            <section className="panel" aria-labelledby="derniere-facturation">
              <h2 id="derniere-facturation">Dernière facturation</h2>
              {run ? (
                <p>
                  {monthLabel(run.month)} : {run.state === 'DONE' ? 'terminée' : run.state === 'FAILED' ? 'en échec' : 'en cours'} le {frDateTime(run.finishedAt ?? run.createdAt)} —{' '}
                  {run.invoicesCreated} facture{run.invoicesCreated > 1 ? 's' : ''}
                  {run.failures.length ? `, ${run.failures.length} famille${run.failures.length > 1 ? 's' : ''} en échec` : ''}.
                </p>
              ) : (
                <p>Aucune facturation pour le moment.</p>
              )}
              <p>
                <Link to="/agents/facturation">Facturation</Link>
              </p>
            </section>
            <section className="panel" aria-labelledby="paiements-signales">
              <h2 id="paiements-signales">Paiements à regarder</h2>
              {d.flaggedPayments.totalCount === 0 ? <p>Aucun paiement signalé.</p> : null}
              <ul className="plain">
                {d.flaggedPayments.items.map((p) => (
                  <li key={p.id}>
                    {frDate(p.receivedOn)} — {p.family.name} — {euros(p.amountCents)} : {p.flag}
                  </li>
                ))}
              </ul>
              <p>
                <Link to="/agents/paiements?signales=1">Tous les paiements signalés ({d.flaggedPayments.totalCount})</Link>
              </p>
            </section>
          </div>
          <h2>Effectifs des prochains jours de service</h2>
          <div className="blocks">
            {d.activities.map((a) => (
              <NextDays key={a.id} activity={a} />
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
