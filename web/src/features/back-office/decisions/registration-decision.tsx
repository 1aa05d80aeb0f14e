import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { DecideRegistrationDocument, StaffRegistrationFragment } from '../../../api/generated';
import { frDateTime } from '../../../ui/format';
import { Button, ErrorMessage, Field, StateBadge } from '../../../ui/kit';
import { REGISTRATION_STATES } from '../../../ui/states';

/** One pending registration: accepted, or refused with its reason (shown to the family). */
export function RegistrationDecision({ registration: r, onDecided }: { registration: StaffRegistrationFragment; onDecided: (what: string) => void }) {
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
