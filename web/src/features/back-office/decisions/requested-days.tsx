import { StaffReservationFragment } from '../../../api/generated';
import { longDate } from '../../../ui/format';
import { StateBadge } from '../../../ui/kit';
import { lineLook } from '../../../ui/states';

export type Choice = Record<string, 'accept' | 'refuse'>;

/** « Jours demandés »: each day with its state and, while it waits for a decision, « Accepter » / « Refuser ». */
export function RequestedDays({ lines, open, choice, onChoice }: { lines: StaffReservationFragment['lines']; open: boolean; choice: Choice; onChoice: (choice: Choice) => void }) {
  return (
    <table>
      <caption>Jours demandés</caption>
      <thead>
        <tr>
          <th scope="col">Jour</th>
          <th scope="col">Etat</th>
          <th scope="col">Décision</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.date}-${l.kind}`}>
            <th scope="row">{longDate(l.date)}</th>
            <td>
              <StateBadge look={lineLook(l.kind, l.state)} />
              {l.reason ? <span className="reason"> — {l.reason}</span> : null}
            </td>
            <td>
              {l.state === 'PENDING' && open ? (
                <fieldset className="inline-choice">
                  <legend className="visually-hidden">Décision pour {longDate(l.date)}</legend>
                  <label>
                    <input type="radio" name={`d-${l.date}`} checked={(choice[l.date] ?? 'accept') === 'accept'} onChange={() => onChoice({ ...choice, [l.date]: 'accept' })} /> Accepter
                  </label>
                  <label>
                    <input type="radio" name={`d-${l.date}`} checked={choice[l.date] === 'refuse'} onChange={() => onChoice({ ...choice, [l.date]: 'refuse' })} /> Refuser
                  </label>
                </fieldset>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
