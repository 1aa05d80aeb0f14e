import { useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { ActivitiesDocument, MyChildrenDocument, RegisterChildDocument } from '../../api/generated';
import { Link, useGo, usePageTitle } from '../../app/navigation';
import { Button, ErrorMessage, Form, Loading, SelectField, Success } from '../../ui/kit';

/** « Nouvelle inscription »: a child, an activity; accepted at once or left to the town. */
export function NewRegistrationPage() {
  const navigate = useGo();
  usePageTitle('Nouvelle inscription');
  const children = useQuery(MyChildrenDocument);
  const activities = useQuery(ActivitiesDocument);
  const [childId, setChildId] = useState('');
  const [activityId, setActivityId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const register = useMutation(RegisterChildDocument);
  const submit = async () => {
    const result = await register.mutate({ input: { childId, activityId } });
    if (result) setDone(result.registerChild.state);
  };
  const child = children.data?.myChildren.find((c) => c.id === childId);
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Nouvelle inscription</h1>
      {(children.loading && !children.data) || (activities.loading && !activities.data) ? <Loading /> : null}
      <ErrorMessage error={children.error ?? activities.error} />
      {children.data?.myChildren.length === 0 ? (
        <p>
          Ajoutez d’abord un enfant : <Link to="/enfants/nouveau">Ajouter un enfant</Link>
        </p>
      ) : null}
      {done ? (
        <>
          <Success>
            {done === 'ACCEPTED'
              ? 'Inscription acceptée : vous pouvez maintenant réserver les repas.'
              : 'Votre demande d’inscription a bien été enregistrée. Elle est en attente de traitement par nos services.'}
          </Success>
          <p className="actions">
            <Link to="/inscriptions" className="button button-secondary">
              Terminer
            </Link>
            {done === 'ACCEPTED' ? (
              <Link to="/reservations/nouvelle" className="button button-primary">
                Nouvelle réservation
              </Link>
            ) : null}
          </p>
        </>
      ) : children.data && activities.data ? (
        <Form onSubmit={submit} error={register.error} fields={['childId', 'activityId']} label="Nouvelle inscription">
          <SelectField label="Enfant" name="childId" required value={childId} onChange={(e) => setChildId(e.target.value)} error={register.error}>
            <option value="">— Choisissez l’enfant —</option>
            {children.data.myChildren.map((c) => (
              <option key={c.id} value={c.id}>
                {c.lastName} {c.firstName}
              </option>
            ))}
          </SelectField>
          <SelectField label="Activité" name="activityId" required value={activityId} onChange={(e) => setActivityId(e.target.value)} error={register.error}>
            <option value="">— Choisissez l’activité —</option>
            {activities.data.activities.map((a) => {
              const already = child?.registrations.some((r) => r.activity.id === a.id && r.state !== 'REFUSED');
              return (
                <option key={a.id} value={a.id} disabled={already}>
                  {a.name} — {a.establishment.name} — {a.schoolYear}
                  {already ? ' (l’enfant est déjà inscrit)' : ''}
                </option>
              );
            })}
          </SelectField>
          <div className="actions">
            <Button type="button" kind="secondary" onClick={() => navigate('/inscriptions')}>
              Retour
            </Button>
            <Button type="submit" pending={register.pending} disabled={!childId || !activityId}>
              Valider l’inscription
            </Button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
