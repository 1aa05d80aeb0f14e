import { useQuery } from '../../../api/query';
import { DashboardQuery, HeadcountDocument } from '../../../api/generated';
import { Link } from '../../../app/navigation';
import { longDate } from '../../../ui/format';
import { ErrorMessage, Loading } from '../../../ui/kit';
import { addDays, today } from '../shared/days';

type Activity = DashboardQuery['activities'][number];

/** The kitchen's numbers: the next service days of an activity. */
export function NextDays({ activity }: { activity: Activity }) {
  const from = today();
  const counts = useQuery(HeadcountDocument, { activityId: activity.id, from, to: addDays(from, 14) });
  const days = counts.data?.dailyHeadcount.slice(0, 3) ?? [];
  return (
    <section className="panel" aria-labelledby={`effectifs-${activity.id}`}>
      <h3 id={`effectifs-${activity.id}`}>
        {activity.name} — {activity.establishment.name}
      </h3>
      <ErrorMessage error={counts.error} />
      {counts.loading && !counts.data ? <Loading /> : null}
      {counts.data && days.length === 0 ? <p>Aucun jour de service dans les deux semaines à venir.</p> : null}
      {days.length ? (
        <table>
          <caption className="visually-hidden">Effectifs des prochains jours de service — {activity.name}</caption>
          <thead>
            <tr>
              <th scope="col">Jour</th>
              <th scope="col">Réservés</th>
              <th scope="col">En attente</th>
              <th scope="col">Capacité</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row">{d.date === from ? `Aujourd’hui (${longDate(d.date)})` : longDate(d.date)}</th>
                <td>{d.booked}</td>
                <td>{d.pending}</td>
                <td>{d.capacity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <Link to={`/agents/effectifs?activite=${activity.id}`}>Effectifs détaillés et régimes</Link>
      </p>
    </section>
  );
}
