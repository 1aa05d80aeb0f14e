import { Link } from '../../../app/navigation';
import { frDateTime } from '../../../ui/format';
import { Pager, StateBadge } from '../../../ui/kit';
import { RESERVATION_STATES } from '../../../ui/states';
import type { FileData } from './family-file';

/** The family's reservations, a page at a time, each a link to its decision page. */
export function ReservationsPanel({ data, onPage }: { data: FileData; onPage: (page: number) => void }) {
  return (
    <section className="panel" aria-labelledby="reservations">
      <h2 id="reservations">Réservations ({data.reservations.totalCount})</h2>
      {data.reservations.totalCount === 0 ? <p>Aucune réservation.</p> : null}
      <table hidden={data.reservations.totalCount === 0}>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Enfant</th>
            <th scope="col">Période</th>
            <th scope="col">Créée le</th>
            <th scope="col">Etat</th>
          </tr>
        </thead>
        <tbody>
          {data.reservations.items.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/agents/reservations/${r.id}`}>{r.number}</Link>
              </th>
              <td>
                {r.child.lastName} {r.child.firstName}
              </td>
              <td>
                {r.activity.name} — {r.periodLabel}
              </td>
              <td>{frDateTime(r.createdAt)}</td>
              <td>
                <StateBadge look={RESERVATION_STATES[r.state]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={data.reservations.page} pageSize={data.reservations.pageSize} total={data.reservations.totalCount} onPage={onPage} what="réservations de la famille" />
    </section>
  );
}
