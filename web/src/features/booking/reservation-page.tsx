import { useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { ReservationDocument, WithdrawReservationDocument } from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { Button, ErrorMessage, Loading, Success } from '../../ui/kit';
import { ReservationRecap } from './reservation-recap';

/** « Réservation n° … »: one request, withdrawn by the family while staff have not decided. */
export function ReservationPage({ id }: { id: string }) {
  usePageTitle('Détail de la réservation');
  const one = useQuery(ReservationDocument, { id });
  const withdraw = useMutation(WithdrawReservationDocument);
  const [withdrawn, setWithdrawn] = useState(false);
  const r = one.data?.reservation;
  const doWithdraw = async () => {
    if (await withdraw.mutate({ input: { reservationId: id } })) setWithdrawn(true);
  };
  return (
    <section className="panel">
      <h1 tabIndex={-1}>{r ? `Réservation n° ${r.number}` : 'Détail de la réservation'}</h1>
      {one.loading && !r ? <Loading /> : null}
      <ErrorMessage error={one.error} />
      {r ? <ReservationRecap r={r} title={false} /> : null}
      {withdrawn ? <Success>Votre demande a été retirée.</Success> : null}
      <ErrorMessage error={withdraw.error} />
      <div className="actions">
        <Link to="/reservations" className="button button-secondary">
          Retour aux réservations
        </Link>
        {r?.state === 'PENDING' ? (
          <Button kind="danger" pending={withdraw.pending} onClick={() => void doWithdraw()}>
            Retirer cette demande
          </Button>
        ) : null}
      </div>
    </section>
  );
}
