import { useState } from 'react';
import { useMutation, useQuery } from '../../../api/query';
import { DecideReservationDocument, StaffReservationDetailDocument, StaffReservationFragment } from '../../../api/generated';
import { Link, usePageTitle } from '../../../app/navigation';
import { Button, ErrorMessage, Field, Loading, StateBadge, Success } from '../../../ui/kit';
import { RESERVATION_STATES } from '../../../ui/states';
import { Choice, RequestedDays } from './requested-days';

/** The worker applies a decision: the page asks again every 700 ms, for about thirty asks at most. */
const ASK_EVERY_MS = 700;
const FOLLOW_FOR_MS = 21_000;

const isWaiting = (r: StaffReservationFragment | null | undefined) => r?.lines.some((l) => l.state === 'PENDING' || l.state === 'REQUESTED') ?? false;

/** All or some days of a request: each day accepted or refused, one reason for the refused ones. */
export function ReservationDecisionPage({ id }: { id: string }) {
  usePageTitle('Décider une réservation');
  // When the decision was sent: from then on the page follows the worker until no day is left waiting.
  const [sentAt, setSentAt] = useState<number | null>(null);
  const one = useQuery(
    StaffReservationDetailDocument,
    { id },
    { refetchInterval: (d, answer) => (sentAt !== null && isWaiting(d?.reservation) && answer.answeredAt - sentAt <= FOLLOW_FOR_MS ? ASK_EVERY_MS : false) },
  );
  const decide = useMutation(DecideReservationDocument);
  const [choice, setChoice] = useState<Choice>({});
  const [reason, setReason] = useState('');
  const [needsReason, setNeedsReason] = useState(false);
  const r = one.data?.reservation;
  const open = r?.lines.filter((l) => l.state === 'PENDING') ?? [];
  const sent = sentAt !== null;
  const waiting = isWaiting(r);
  const gaveUp = sentAt !== null && waiting && one.answeredAt - sentAt > FOLLOW_FOR_MS;
  const submit = async () => {
    const accept = open.filter((l) => (choice[l.date] ?? 'accept') === 'accept').map((l) => l.date);
    const refuse = open.filter((l) => choice[l.date] === 'refuse').map((l) => l.date);
    // A refusal is explained to the family: its reason is asked for before anything is sent.
    setNeedsReason(refuse.length > 0 && !reason.trim());
    if (refuse.length && !reason.trim()) {
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>('form[aria-label="Décision sur les jours demandés"] input[name="reason"]')?.focus());
      return;
    }
    if (await decide.mutate({ input: { reservationId: id, accept, refuse, reason: reason.trim() || null } })) setSentAt(Date.now());
  };
  return (
    <section className="panel">
      <h1 tabIndex={-1}>{r ? `Réservation n° ${r.number}` : 'Réservation'}</h1>
      {one.loading && !r ? <Loading /> : null}
      <ErrorMessage error={one.error} />
      {r ? (
        <>
          <p>
            {r.child.lastName} {r.child.firstName} — {r.activity.name} {r.activity.schoolYear} — {r.periodLabel} — <StateBadge look={RESERVATION_STATES[r.state]} />
          </p>
          {sent ? (
            <Success>
              {!waiting
                ? 'Décision appliquée.'
                : gaveUp
                  ? 'Décision enregistrée : elle n’est pas encore appliquée, rechargez la page dans un moment.'
                  : 'Décision enregistrée : en cours d’application…'}
            </Success>
          ) : null}
          <form
            noValidate
            aria-label="Décision sur les jours demandés"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <RequestedDays lines={r.lines} open={!sent} choice={choice} onChoice={setChoice} />
            {open.length && !sent ? (
              <>
                <Field
                  label="Motif du refus (obligatoire pour refuser un jour, montré à la famille)"
                  name="reason"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  error={decide.error}
                  message={needsReason ? 'Indiquez le motif du refus : il est montré à la famille.' : null}
                />
                <ErrorMessage error={decide.error && decide.error.field !== 'reason' ? decide.error : null} />
                <div className="actions">
                  <Button type="submit" pending={decide.pending}>
                    Enregistrer la décision
                  </Button>
                </div>
              </>
            ) : null}
          </form>
          <p>
            <Link to="/agents/reservations">Retour aux réservations à traiter</Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
