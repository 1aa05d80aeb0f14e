import { useState } from 'react';
import { ReservationDocument, ReservationFieldsFragment } from '../../api/generated';
import { useQuery } from '../../api/query';
import { useGo } from '../../app/navigation';
import { Button, Success } from '../../ui/kit';
import { RESERVATION_STATES } from '../../ui/states';
import { useStateLabel } from '../../ui/use-state-label';
import { ReservationRecap } from './reservation-recap';

const FOLLOW_EVERY_MS = 700;
/** 40 reads: the worker's usual time many times over. */
const FOLLOW_FOR_MS = 40 * FOLLOW_EVERY_MS;

/** The worker has not decided yet: a day is still « REQUESTED ». */
const processing = (r: ReservationFieldsFragment) => r.lines.some((l) => l.state === 'REQUESTED');

/**
 * « Demande de réservation enregistrée »: the request as the worker leaves it. The page follows the
 * worker (asked again until no day is left « REQUESTED », for half a minute at most) and shows the
 * state it gives: « Réservation acceptée » for an automatic activity, « en attente de traitement »
 * where staff decide.
 */
export function ReservationSaved({ saved }: { saved: ReservationFieldsFragment }) {
  const navigate = useGo();
  const [since] = useState(() => Date.now());
  const following = (answeredAt: number) => answeredAt - since < FOLLOW_FOR_MS;
  const latest = useQuery(
    ReservationDocument,
    { id: saved.id },
    { refetchInterval: (data, { answeredAt }) => (processing(data?.reservation ?? saved) && following(answeredAt) ? FOLLOW_EVERY_MS : false) },
  );
  const stateLabel = useStateLabel();
  const r = latest.data?.reservation ?? saved;
  const message = processing(r)
    ? following(latest.answeredAt)
      ? 'Votre demande de réservation a bien été prise en compte. Elle est en cours de traitement…'
      : 'Votre demande de réservation a bien été prise en compte. Son traitement prend plus de temps que prévu : retrouvez son état dans « Les réservations ».'
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
