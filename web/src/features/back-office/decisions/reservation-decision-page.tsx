import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import {
  DecideRegistrationDocument,
  DecideReservationDocument,
  PendingRegistrationsDocument,
  PendingReservationsDocument,
  StaffRegistrationFragment,
  StaffReservationDetailDocument,
} from '../../api/generated';
import { Link, usePageTitle } from '../../app/navigation';
import { frDate, frDateTime, longDate } from '../../ui/format';
import { Button, ErrorMessage, Field, Loading, Pager, StateBadge, Success } from '../../ui/kit';
import { lineLook, REGISTRATION_STATES, RESERVATION_STATES } from '../../ui/states';

export function RegistrationsToDecidePage() {
  usePageTitle('Inscriptions à traiter');
  const [page, setPage] = useState(1);
  const list = useQuery(PendingRegistrationsDocument, { page, state: 'PENDING' });
  const data = list.data?.registrations;
  const [said, setSaid] = useState<string | null>(null);
  return (
    <>
      <h1 tabIndex={-1}>Inscriptions à traiter</h1>
      {said ? <Success>{said}</Success> : null}
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data && data.totalCount === 0 ? <p>Aucune inscription en attente.</p> : null}
      {data?.items.map((r) => (
        <RegistrationDecision
          key={r.id}
          registration={r}
          onDecided={(what) => {
            setSaid(what);
            void list.reload();
          }}
        />
      ))}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="inscriptions à traiter" /> : null}
    </>
  );
}

function RegistrationDecision({ registration: r, onDecided }: { registration: StaffRegistrationFragment; onDecided: (what: string) => void }) {
  const [reason, setReason] = useState('');
  const [needsReason, setNeedsReason] = useState(false);
  const decide = useMutation(DecideRegistrationDocument);
  const go = async (accept: boolean) => {
    // A refusal is explained to the family: its reason is asked for.
    setNeedsReason(!accept && !reason.trim());
    if (!accept && !reason.trim()) return;
    if (await decide.mutate({ input: { registrationId: r.id, accept, reason: reason.trim() || null } }))
      onDecided(`Inscription de ${r.child.lastName} ${r.child.firstName} à ${r.activity.name} ${accept ? 'acceptée' : 'refusée'}.`);
  };
  const who = `${r.child.lastName} ${r.child.firstName}`;
  return (
    <section className="panel" aria-label={`Inscription de ${who}`}>
      <h2>
        {who} — {r.activity.name} {r.activity.schoolYear}
      </h2>
      <p>
        {r.activity.establishment.name} — demandée le {frDateTime(r.createdAt)} — <StateBadge look={REGISTRATION_STATES[r.state]} />
      </p>
      <Field
        label="Motif (obligatoire pour un refus, montré à la famille)"
        name="reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        error={decide.error}
        message={needsReason ? 'Indiquez le motif du refus : il est montré à la famille.' : null}
      />
      <ErrorMessage error={decide.error && decide.error.field !== 'reason' ? decide.error : null} />
      <div className="actions">
        <Button pending={decide.pending} onClick={() => void go(true)}>
          Accepter<span className="visually-hidden"> l’inscription de {who}</span>
        </Button>
        <Button kind="danger" pending={decide.pending} onClick={() => void go(false)}>
          Refuser<span className="visually-hidden"> l’inscription de {who}</span>
        </Button>
      </div>
    </section>
  );
}

export function ReservationsToDecidePage() {
  usePageTitle('Réservations à traiter');
  const [page, setPage] = useState(1);
  const list = useQuery(PendingReservationsDocument, { page, state: 'PENDING' });
  const data = list.data?.reservations;
  return (
    <>
      <h1 tabIndex={-1}>Réservations à traiter</h1>
      {list.loading && !data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {data && data.totalCount === 0 ? <p>Aucune réservation en attente.</p> : null}
      {data && data.totalCount > 0 ? (
        <table>
          <caption className="visually-hidden">Réservations en attente de décision</caption>
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Enfant</th>
              <th scope="col">Activité / Période</th>
              <th scope="col">Créée le</th>
              <th scope="col">Jours</th>
              <th scope="col">Décider</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.number}</th>
                <td>
                  {r.child.lastName} {r.child.firstName}
                </td>
                <td>
                  {r.activity.name} — {r.periodLabel}
                </td>
                <td>{frDateTime(r.createdAt)}</td>
                <td>
                  Du {frDate(r.firstDate)} au {frDate(r.lastDate)} ({r.lines.length} jour{r.lines.length > 1 ? 's' : ''})
                </td>
                <td>
                  <Link to={`/agents/reservations/${r.id}`}>
                    Décider<span className="visually-hidden"> la réservation n° {r.number}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data ? <Pager page={data.page} pageSize={data.pageSize} total={data.totalCount} onPage={setPage} what="réservations à traiter" /> : null}
    </>
  );
}

/** All or some days of a request: each day accepted or refused, one reason for the refused ones. */
export function ReservationDecisionPage({ id }: { id: string }) {
  usePageTitle('Décider une réservation');
  const one = useQuery(StaffReservationDetailDocument, { id });
  const decide = useMutation(DecideReservationDocument);
  const [choice, setChoice] = useState<Record<string, 'accept' | 'refuse'>>({});
  const [reason, setReason] = useState('');
  const [sent, setSent] = useState(false);
  const [needsReason, setNeedsReason] = useState(false);
  const polls = useRef(0);
  const r = one.data?.reservation;
  const open = r?.lines.filter((l) => l.state === 'PENDING') ?? [];
  const waiting = r?.lines.some((l) => l.state === 'PENDING' || l.state === 'REQUESTED') ?? false;
  // The worker applies decisions: the page follows it until no day is left waiting.
  useEffect(() => {
    if (!sent || !waiting || polls.current > 30) return;
    const t = setTimeout(() => {
      polls.current += 1;
      void one.reload();
    }, 700);
    return () => clearTimeout(t);
  }, [sent, waiting, one]);
  const submit = async () => {
    const accept = open.filter((l) => (choice[l.date] ?? 'accept') === 'accept').map((l) => l.date);
    const refuse = open.filter((l) => choice[l.date] === 'refuse').map((l) => l.date);
    // A refusal is explained to the family: its reason is asked for before anything is sent.
    setNeedsReason(refuse.length > 0 && !reason.trim());
    if (refuse.length && !reason.trim()) {
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>('form[aria-label="Décision sur les jours demandés"] input[name="reason"]')?.focus());
      return;
    }
    if (await decide.mutate({ input: { reservationId: id, accept, refuse, reason: reason.trim() || null } })) {
      setSent(true);
      polls.current = 0;
      await one.reload();
    }
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
                : polls.current > 30
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
                {r.lines.map((l) => (
                  <tr key={`${l.date}-${l.kind}`}>
                    <th scope="row">{longDate(l.date)}</th>
                    <td>
                      <StateBadge look={lineLook(l.kind, l.state)} />
                      {l.reason ? <span className="reason"> — {l.reason}</span> : null}
                    </td>
                    <td>
                      {l.state === 'PENDING' && !sent ? (
                        <fieldset className="inline-choice">
                          <legend className="visually-hidden">Décision pour {longDate(l.date)}</legend>
                          <label>
                            <input type="radio" name={`d-${l.date}`} checked={(choice[l.date] ?? 'accept') === 'accept'} onChange={() => setChoice({ ...choice, [l.date]: 'accept' })} /> Accepter
                          </label>
                          <label>
                            <input type="radio" name={`d-${l.date}`} checked={choice[l.date] === 'refuse'} onChange={() => setChoice({ ...choice, [l.date]: 'refuse' })} /> Refuser
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
