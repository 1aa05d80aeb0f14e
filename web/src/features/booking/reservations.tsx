import { useState } from 'react';
import { useQuery } from '../../api/query';
import { MyReservationsDocument } from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { frDate, frDateTime } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { ErrorMessage, Legend, Loading, Pager, StateBadge } from '../../ui/kit';
import { lineLook, RESERVATION_STATES } from '../../ui/states';

/** « Les réservations »: the family's requests, newest first, five a page. */
export function ReservationsPage() {
  usePageTitle('Les réservations');
  const [page, setPage] = useState(1);
  const list = useQuery(MyReservationsDocument, { page, pageSize: 5 });
  const data = list.data?.myReservations;
  return (
    <>
      <h1 tabIndex={-1}>Les réservations</h1>
      <p>
        <Link to="/reservations/nouvelle" className="button button-primary">
          Nouvelle réservation
        </Link>
      </p>
      <p className="hint">Pour annuler des jours réservés, faites une nouvelle réservation sur le même mois : toute demande d’annulation est une nouvelle réservation.</p>
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data ? (
        <div className="table-wrap">
          <table className="responsive">
            <caption className="visually-hidden">Vos demandes de réservation</caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Référent</th>
                <th scope="col">Etablissement / Période</th>
                <th scope="col">Créée le … Réservation du … au …</th>
                <th scope="col">Etat</th>
                <th scope="col">Voir</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <td data-label="N°">{r.number}</td>
                  <th scope="row" data-label="Référent">
                    {r.child.lastName} {r.child.firstName}
                  </th>
                  <td data-label="Etablissement / Période">
                    {r.activity.establishment.name} / {r.activity.schoolYear} {r.periodLabel}
                  </td>
                  <td data-label="Créée le">
                    {frDateTime(r.createdAt)}
                    <br />
                    Du {frDate(r.firstDate)} au {frDate(r.lastDate)}
                  </td>
                  <td data-label="Etat">
                    <StateBadge look={RESERVATION_STATES[r.state]} />
                  </td>
                  <td>
                    <Link to={`/reservations/${r.id}`} className="icon-link">
                      <Icon name="eye" />
                      <span>
                        Voir<span className="visually-hidden"> la réservation n° {r.number}</span>
                      </span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="réservations" /> : null}
      <Legend title="Légende (état de la réservation)" looks={Object.values(RESERVATION_STATES)} />
      <Legend
        title="Légende (état de la présence)"
        looks={[lineLook('BOOK', 'REQUESTED'), lineLook('CANCEL', 'REQUESTED'), lineLook('BOOK', 'PENDING'), lineLook('BOOK', 'ACCEPTED'), lineLook('BOOK', 'NO_PLACE'), lineLook('BOOK', 'REFUSED')]}
      />
    </>
  );
}
