import { frDate } from '../../../ui/format';
import { StateBadge } from '../../../ui/kit';
import { REGISTRATION_STATES } from '../../../ui/states';
import { DIET_LABELS } from '../shared/diets';
import type { FileData } from './family-file';

/** The family's children: birth date, diet, PAI, and their registrations. */
export function ChildrenPanel({ data }: { data: FileData }) {
  return (
    <section className="panel" aria-labelledby="enfants">
      <h2 id="enfants">Enfants</h2>
      {data.family.children.length === 0 ? <p>Aucun enfant.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Enfant</th>
            <th scope="col">Né(e) le</th>
            <th scope="col">Régime</th>
            <th scope="col">Allergies, PAI</th>
            <th scope="col">Inscriptions</th>
          </tr>
        </thead>
        <tbody>
          {data.family.children.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.lastName} {c.firstName}
              </th>
              <td>
                {frDate(c.birthDate)} ({c.ageLabel})
              </td>
              <td>{DIET_LABELS[c.diet]}</td>
              <td>{c.allergies ?? '—'}</td>
              <td>
                {c.registrations.map((r) => (
                  <div key={r.id}>
                    {r.activity.name} {r.activity.schoolYear} : <StateBadge look={REGISTRATION_STATES[r.state]} />
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
