import { useEffect, useState } from 'react';
import { useQuery } from '../../api/query';
import { ReservationDocument, ReservationFieldsFragment } from '../../api/generated';
import { useGo } from '../../app/navigation';
import { Button, Success } from '../../ui/kit';
import { RESERVATION_STATES } from '../../ui/states';
import { useStateLabel } from '../../ui/use-state-label';
import { ReservationRecap } from './reservations';

const FOLLOW_EVERY_MS = 700;
const FOLLOW_AT_MOST = 40;

/**
 * « Demande de réservation enregistrée »: the request as the worker leaves it. The page follows the
 * worker (a few reads, until no day is left « REQUESTED ») and shows the state it gives: « Réservation
 * acceptée » for an automatic activity, « en attente de traitement » where staff decide.
 */
export function ReservationSaved({ saved }: { saved: ReservationFieldsFragment }) {
  const navigate = useGo();
  const latest = useQuery(ReservationDocument, { id: saved.id });
  const stateLabel = useStateLabel();
  const [polls, setPolls] = useState(0);
  const r = latest.data?.reservation ?? saved;
  const processing = r.lines.some((l) => l.state === 'REQUESTED');
  useEffect(() => {
    if (!processing || latest.loading || polls >= FOLLOW_AT_MOST) return;
    const t = setTimeout(() => {
      setPolls((n) => n + 1);
      void latest.reload();
    }, FOLLOW_EVERY_MS);
    return () => clearTimeout(t);
  }, [processing, latest, polls]);
  const message = processing
    ? polls >= FOLLOW_AT_MOST
      ? 'Votre demande de réservation a bien été prise en compte. Son traitement prend plus de temps que prévu : retrouvez son état dans « Les réservations ».'
      : 'Votre demande de réservation a bien été prise en compte. Elle est en cours de traitement…'
    : r.state === 'PENDING'
      ? 'Votre demande de réservation a bien été prise en compte. Elle est maintenant en attente de traitement par nos services.'
      : `Votre demande de réservation a été traitée : ${stateLabel(RESERVATION_STATES[r.state])}.`;
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Demande de réservation enregistrée</h1>
      <Success>{message}</Success>
      <ReservationRecap r={r} />
      <div className="actions">
        <Button onClick={() => navigate('/reservations')}>Terminer</Button>
      </div>
    </section>
  );
}
