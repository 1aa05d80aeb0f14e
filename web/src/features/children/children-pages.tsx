import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { AddChildDocument, ChildDocument, Diet, MyChildrenDocument, UpdateChildDocument } from '../../api/generated';
import { Link, useGo, usePath, usePageTitle } from '../../app/navigation';
import { frDate } from '../../ui/format';
import { Button, ErrorMessage, Field, Form, Loading, SelectField, StateBadge, Success } from '../../ui/kit';
import { REGISTRATION_STATES } from '../../ui/states';

export const DIETS: Record<Diet, string> = {
  STANDARD: 'Standard',
  NO_PORK: 'Sans porc',
  VEGETARIAN: 'Végétarien',
  NO_MEAT: 'Sans viande',
};

export function ChildrenPage() {
  usePageTitle('Mes Enfants');
  const { query } = usePath();
  const saved = query.get('enregistre');
  const children = useQuery(MyChildrenDocument);
  return (
    <>
      <h1 tabIndex={-1}>Mes Enfants</h1>
      {saved ? <Success>Enfant enregistré : {saved}.</Success> : null}
      <p>
        <Link to="/enfants/nouveau" className="button button-primary">
          Ajouter un enfant
        </Link>
      </p>
      {children.loading && !children.data ? <Loading /> : null}
      <ErrorMessage error={children.error} />
      {children.data?.myChildren.length === 0 ? <p>Aucun enfant pour le moment : ajoutez-en un pour l’inscrire à la restauration scolaire.</p> : null}
      <ul className="cards">
        {children.data?.myChildren.map((c) => (
          <li key={c.id} className="panel">
            <h2>
              {c.lastName} {c.firstName} <span className="muted">({c.ageLabel})</span>
            </h2>
            <dl className="facts">
              <div>
                <dt>Né(e) le</dt>
                <dd>{frDate(c.birthDate)}</dd>
              </div>
              <div>
                <dt>Régime</dt>
                <dd>{DIETS[c.diet]}</dd>
              </div>
              {c.school ? (
                <div>
                  <dt>École</dt>
                  <dd>
                    {c.school}
                    {c.grade ? ` (${c.grade})` : ''}
                  </dd>
                </div>
              ) : null}
            </dl>
            {c.registrations.length ? (
              <ul className="plain">
                {c.registrations.map((r) => (
                  <li key={r.id}>
                    {r.activity.name} {r.activity.schoolYear} : <StateBadge look={REGISTRATION_STATES[r.state]} />
                  </li>
                ))}
              </ul>
            ) : null}
            <p>
              <Link to={`/enfants/${c.id}`}>
                Modifier
                <span className="visually-hidden">
                  {' '}
                  {c.firstName} {c.lastName}
                </span>
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

interface ChildForm {
  firstName: string;
  lastName: string;
  birthDate: string;
  diet: Diet;
  allergies: string;
  school: string;
  grade: string;
}

const EMPTY: ChildForm = { firstName: '', lastName: '', birthDate: '', diet: 'STANDARD', allergies: '', school: '', grade: '' };

export function ChildFormPage({ id }: { id?: string }) {
  const navigate = useGo();
  const title = id ? 'Modifier un enfant' : 'Ajouter un enfant';
  usePageTitle(title);
  const existing = useQuery(ChildDocument, { id: id ?? '' }, { enabled: !!id });
  const [form, setForm] = useState<ChildForm>(EMPTY);
  useEffect(() => {
    const c = existing.data?.child;
    if (c) setForm({ firstName: c.firstName, lastName: c.lastName, birthDate: c.birthDate, diet: c.diet, allergies: c.allergies ?? '', school: c.school ?? '', grade: c.grade ?? '' });
  }, [existing.data]);
  const add = useMutation(AddChildDocument);
  const update = useMutation(UpdateChildDocument);
  const error = id ? update.error : add.error;
  const set = (k: keyof ChildForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [k]: e.target.value });
  const submit = async () => {
    const input = {
      firstName: form.firstName,
      lastName: form.lastName,
      birthDate: form.birthDate,
      diet: form.diet,
      allergies: form.allergies || null,
      school: form.school || null,
      grade: form.grade || null,
    };
    const done = id ? await update.mutate({ input: { id, ...input } }) : await add.mutate({ input });
    const saved = done && ('updateChild' in done ? done.updateChild : done.addChild);
    // Said on the list, where the family lands: « Enfant enregistré : … » (role="status").
    if (saved) navigate(`/enfants?enregistre=${encodeURIComponent(`${saved.firstName} ${saved.lastName}`)}`);
  };
  const fields = ['firstName', 'lastName', 'birthDate', 'diet', 'allergies', 'school', 'grade'];
  return (
    <section className="panel">
      <h1 tabIndex={-1}>{title}</h1>
      {id && existing.loading && !existing.data ? <Loading /> : null}
      <ErrorMessage error={existing.error} />
      <Form onSubmit={submit} error={error} fields={fields} label={title}>
        <div className="grid-2">
          <Field label="Prénom" name="firstName" required value={form.firstName} onChange={set('firstName')} error={error} />
          <Field label="Nom" name="lastName" required value={form.lastName} onChange={set('lastName')} error={error} />
          <Field label="Date de naissance" name="birthDate" type="date" required value={form.birthDate} onChange={set('birthDate')} error={error} />
          <SelectField label="Régime alimentaire" name="diet" value={form.diet} onChange={set('diet')} error={error}>
            {Object.entries(DIETS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </SelectField>
          <Field label="École" name="school" value={form.school} onChange={set('school')} error={error} />
          <Field label="Classe" name="grade" value={form.grade} onChange={set('grade')} error={error} />
        </div>
        <Field
          label="Allergies, PAI"
          name="allergies"
          hint="Donnée de santé : visible de votre famille et des agents de la mairie seulement."
          value={form.allergies}
          onChange={set('allergies')}
          error={error}
        />
        <div className="actions">
          <Link to="/enfants" className="button button-secondary">
            Annuler
          </Link>
          <Button type="submit" pending={add.pending || update.pending}>
            Enregistrer
          </Button>
        </div>
      </Form>
    </section>
  );
}
