import type { ReservationFieldsFragment } from '../../api/generated';
import { Link } from '../../app/navigation';
import { longDate } from '../../ui/format';
import { StateBadge } from '../../ui/kit';
import { LINE_CANCELLED_LATER, lineLook } from '../../ui/states';

/** « Mois / Récapitulatif de vos demandes »: the days of a request with their state. */
export function ReservationLines({ lines, caption }: { lines: ReservationFieldsFragment['lines']; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Jour</th>
            <th scope="col">Etat</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={`${l.date}-${l.kind}`}>
              <th scope="row">{longDate(l.date)}</th>
              <td>
                {l.cancelledBy ? (
                  <>
                    <StateBadge look={LINE_CANCELLED_LATER} />
                    <span className="reason">
                      {' '}
                      — Annulée par la demande n° <Link to={`/reservations/${l.cancelledBy.id}`}>{l.cancelledBy.number}</Link>
                    </span>
                  </>
                ) : l.townHallNote ? (
                  <>
                    <StateBadge look={LINE_CANCELLED_LATER} />
                    <span className="reason"> — {l.townHallNote}</span>
                  </>
                ) : (
                  <>
                    <StateBadge look={lineLook(l.kind, l.state)} />
                    {l.reason ? <span className="reason"> — {l.reason}</span> : null}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
