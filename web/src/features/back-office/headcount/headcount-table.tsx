import { longDate } from '../../../ui/format';
import { DIET_LABELS, DIETS } from '../shared/diets';
import type { Day } from './headcount-csv';

/** The counts of each day: booked, pending, capacity, and the booked children's diets. */
export function HeadcountTable({ days }: { days: Day[] }) {
  return (
    <table>
      <caption className="visually-hidden">Effectifs par jour et régimes</caption>
      <thead>
        <tr>
          <th scope="col">Jour</th>
          <th scope="col">Réservés</th>
          <th scope="col">En attente</th>
          <th scope="col">Capacité</th>
          {DIETS.map((d) => (
            <th scope="col" key={d}>
              {DIET_LABELS[d]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {days.map((d) => (
          <tr key={d.date}>
            <th scope="row">{longDate(d.date)}</th>
            <td>{d.booked}</td>
            <td>{d.pending}</td>
            <td>{d.capacity}</td>
            {DIETS.map((diet) => (
              <td key={diet}>{d.diets.find((x) => x.diet === diet)?.count ?? 0}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
