import { useQuery } from '../../../api/query';
import { StaffActivitiesDocument } from '../../../api/generated';
import { Link, usePageTitle } from '../../../app/navigation';
import { capitalize, euros, frDate, WEEKDAYS } from '../../../ui/format';
import { ErrorMessage, Loading } from '../../../ui/kit';

const days = (weekdays: number[]) => weekdays.map((w) => capitalize(WEEKDAYS[w % 7])).join(', ');

/** « Activités »: the town's activities and their settings at a glance, each a link to its page. */
export function ActivitiesPage() {
  usePageTitle('Activités');
  const list = useQuery(StaffActivitiesDocument);
  return (
    <>
      <h1 tabIndex={-1}>Activités</h1>
      <p>
        <Link to="/agents/activites/nouvelle" className="button button-primary">
          Créer une activité
        </Link>
      </p>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data ? (
        <table>
          <caption className="visually-hidden">Activités de la commune</caption>
          <thead>
            <tr>
              <th scope="col">Activité</th>
              <th scope="col">Etablissement</th>
              <th scope="col">Période</th>
              <th scope="col">Jours de service</th>
              <th scope="col">Places par jour</th>
              <th scope="col">Prix du repas</th>
              <th scope="col">Acceptation</th>
            </tr>
          </thead>
          <tbody>
            {list.data.activities.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/agents/activites/${a.id}`}>
                    {a.name} {a.schoolYear}
                  </Link>
                </th>
                <td>{a.establishment.name}</td>
                <td>
                  Du {frDate(a.startDate)} au {frDate(a.endDate)}
                </td>
                <td>{days(a.weekdays)}</td>
                <td>{a.dailyCapacity}</td>
                <td>{a.priceBrackets.length ? `${a.priceBrackets.length} tranches de quotient` : euros(a.mealPriceCents)}</td>
                <td>{a.autoAccept ? 'Automatique' : 'Par les agents'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
