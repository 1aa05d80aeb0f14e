import type { ApiError } from '../../api/client';
import { frDate, longDate, monthLabel } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Button, ErrorMessage, StateBadge } from '../../ui/kit';
import { DAY_STATES } from '../../ui/states';
import type { Child, Registration } from './booking-choice';
import type { Preview } from './booking-steps';

/** « Validation du planning »: every day asked, as the server checked it, before « Confirmer la réservation ». */
export function PlanningValidation({
  preview,
  child,
  registration,
  month,
  onBack,
  onConfirm,
  confirming,
  error,
}: {
  preview: Preview;
  child: Child | undefined;
  registration: Registration | undefined;
  month: string;
  onBack: () => void;
  onConfirm: () => void;
  confirming: boolean;
  error: ApiError | null;
}) {
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Validation du planning</h1>
      <p>Merci de vérifier les informations saisies avant de confirmer votre demande de réservation.</p>
      <dl className="facts">
        <div>
          <dt>Référent</dt>
          <dd>
            {child?.lastName} {child?.firstName}
          </dd>
        </div>
        <div>
          <dt>Etat de la réservation</dt>
          <dd>En attente de confirmation</dd>
        </div>
        <div>
          <dt>Activité</dt>
          <dd>
            {registration?.activity.name} {registration?.activity.schoolYear}
          </dd>
        </div>
      </dl>
      <AskedDays preview={preview} month={month} />
      {!preview.valid ? <ErrorMessage error="Certains jours ne peuvent pas être demandés (voir ci-dessus) : revenez au planning pour les retirer." /> : null}
      <ErrorMessage error={error} />
      <div className="actions">
        <Button kind="secondary" onClick={onBack}>
          Retour
        </Button>
        <Button onClick={onConfirm} pending={confirming} disabled={!preview.valid}>
          Confirmer la réservation
        </Button>
      </div>
    </section>
  );
}

/** « Récapitulatif de vos demandes »: each day with what is asked, and why it is refused when it is. */
function AskedDays({ preview, month }: { preview: Preview; month: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Récapitulatif de vos demandes — {monthLabel(month)}</caption>
        <thead>
          <tr>
            <th scope="col">Jour</th>
            <th scope="col">Demande</th>
          </tr>
        </thead>
        <tbody>
          {preview.lines.map((l) => (
            <tr key={`${l.date}-${l.kind}`} className={l.ok ? undefined : 'row-error'}>
              <th scope="row">{longDate(l.date)}</th>
              <td>
                <StateBadge look={l.kind === 'BOOK' ? DAY_STATES.BOOKING_REQUESTED : DAY_STATES.CANCELLATION_REQUESTED} />
                {!l.ok ? (
                  <p className="field-error">
                    <Icon name="exclamation" /> Refusé : {frDate(l.date)} {l.message}
                  </p>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
