import { useState } from 'react';
import { useQuery } from '../../../api/query';
import { PendingReservationsDocument } from '../../../api/generated';
import { Link, usePageTitle } from '../../../app/navigation';
import { frDate, frDateTime } from '../../../ui/format';
import { ErrorMessage, Loading, Pager } from '../../../ui/kit';

/** « Réservations à traiter »: the pending requests, each a link to its decision page. */
export function ReservationsToDecidePage() {
  usePageTitle('Réservations à traiter');
  const [page, setPage] = useState(1);
  const list = useQuery(PendingReservationsDocument, { page, state: 'PENDING' });
  const data = list.data?.reservations;
  return (
    <>
      <h1 tabIndex={-1}>Réservations à traiter</h1>
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data && data.totalCount === 0 ? <p>Aucune réservation en attente.</p> : null}
      {data && data.totalCount > 0 ? (
        <table>
          <caption className="visually-hidden">Réservations en attente de décision</caption>
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Enfant</th>
              <th scope="col">Activité / Période</th>
              <th scope="col">Créée le</th>
              <th scope="col">Jours</th>
              <th scope="col">Décider</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.number}</th>
                <td>
                  {r.child.lastName} {r.child.firstName}
                </td>
                <td>
                  {r.activity.name} — {r.periodLabel}
                </td>
                <td>{frDateTime(r.createdAt)}</td>
                <td>
                  Du {frDate(r.firstDate)} au {frDate(r.lastDate)} ({r.lines.length} jour{r.lines.length > 1 ? 's' : ''})
                </td>
                <td>
                  <Link to={`/agents/reservations/${r.id}`}>
                    Décider<span className="visually-hidden"> la réservation n° {r.number}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="réservations à traiter" /> : null}
    </>
  );
}
