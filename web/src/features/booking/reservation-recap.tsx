import type { ReservationFieldsFragment } from '../../api/generated';
import { frDateTime } from '../../ui/format';
import { StateBadge } from '../../ui/kit';
import { RESERVATION_STATES } from '../../ui/states';
import { ReservationLines } from './reservation-lines';

/** The recap of one request (« Demande de réservation enregistrée »), shared with the end of the booking journey. */
export function ReservationRecap({ r, title = true }: { r: ReservationFieldsFragment; title?: boolean }) {
  return (
    <>
      {title ? <h2>Réservation n° {r.number}</h2> : null}
      <dl className="facts">
        <div>
          <dt>Référent</dt>
          <dd>
            {r.child.lastName} {r.child.firstName}
          </dd>
        </div>
        <div>
          <dt>N° de la réservation</dt>
          <dd>
            {r.number} (du {frDateTime(r.createdAt)})
          </dd>
        </div>
        <div>
          <dt>Période</dt>
          <dd>{r.periodLabel}</dd>
        </div>
        <div>
          <dt>Etablissement</dt>
          <dd>
            {r.activity.establishment.name} {r.activity.schoolYear}
          </dd>
        </div>
        <div>
          <dt>Etat de la réservation</dt>
          <dd>
            <StateBadge look={RESERVATION_STATES[r.state]} />
          </dd>
        </div>
      </dl>
      <ReservationLines lines={r.lines} caption="Liste des jours sélectionnés" />
    </>
  );
}
