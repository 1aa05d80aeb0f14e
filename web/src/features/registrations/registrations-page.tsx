import { useState } from 'react';
import { useQuery } from '../../api/query';
import { MyRegistrationsDocument } from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { frDateTime } from '../../ui/format';
import { ErrorMessage, Legend, Loading, Pager, StateBadge } from '../../ui/kit';
import { REGISTRATION_STATES } from '../../ui/states';

/** « Les inscriptions »: each child's registrations with their state (and the town's reason). */
export function RegistrationsPage() {
  usePageTitle('Les inscriptions');
  const [page, setPage] = useState(1);
  const list = useQuery(MyRegistrationsDocument, { page, pageSize: 5 });
  const data = list.data?.myRegistrations;
  return (
    <>
      <h1 tabIndex={-1}>Les inscriptions</h1>
      <p>
        <Link to="/inscriptions/nouvelle" className="button button-primary">
          Nouvelle inscription
        </Link>
      </p>
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data ? (
        <div className="table-wrap">
          <table className="responsive">
            <caption className="visually-hidden">Inscriptions de vos enfants</caption>
            <thead>
              <tr>
                <th scope="col">Référent</th>
                <th scope="col">Activité / Période</th>
                <th scope="col">Demandée le</th>
                <th scope="col">Etat</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row" data-label="Référent">
                    {r.child.lastName} {r.child.firstName}
                  </th>
                  <td data-label="Activité / Période">
                    {r.activity.name} / {r.activity.schoolYear}
                  </td>
                  <td data-label="Demandée le">{frDateTime(r.createdAt)}</td>
                  <td data-label="Etat">
                    <StateBadge look={REGISTRATION_STATES[r.state]} />
                    {r.reason ? <span className="reason"> — {r.reason}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="inscriptions" /> : null}
      <Legend title="Légende (état de l’inscription)" looks={Object.values(REGISTRATION_STATES)} />
    </>
  );
}
