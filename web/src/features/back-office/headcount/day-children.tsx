import { longDate } from '../../../ui/format';
import { DIET_LABELS } from '../shared/diets';
import type { Day } from './headcount-csv';

/** The children booked on a day, by name: what the kitchen and the staff check the list with. */
export function DayChildren({ day }: { day: Day }) {
  const title = `${longDate(day.date)} — ${day.children.length} enfant${day.children.length > 1 ? 's' : ''}`;
  return (
    <section className="panel headcount-day" aria-label={`Enfants du ${longDate(day.date)}`}>
      <h3>{title}</h3>
      {day.children.length ? (
        <table>
          <caption className="visually-hidden">Enfants inscrits le {longDate(day.date)}</caption>
          <thead>
            <tr>
              <th scope="col">Enfant</th>
              <th scope="col">Classe / école</th>
              <th scope="col">Régime</th>
              <th scope="col">PAI / allergies</th>
            </tr>
          </thead>
          <tbody>
            {day.children.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.lastName} {c.firstName}
                </th>
                <td>{[c.grade, c.school].filter(Boolean).join(' — ') || '—'}</td>
                <td>{DIET_LABELS[c.diet]}</td>
                <td>{c.allergies ? <strong>Oui : {c.allergies}</strong> : 'Non'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Aucun enfant inscrit ce jour-là.</p>
      )}
    </section>
  );
}
