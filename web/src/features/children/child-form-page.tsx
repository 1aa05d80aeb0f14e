import { useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { AddChildDocument, ChildDocument, ChildQuery, Diet, UpdateChildDocument } from '../../api/generated';
import { Link, useGo, usePageTitle } from '../../app/navigation';
import { Button, ErrorMessage, Field, Form, Loading, SelectField } from '../../ui/kit';
import { DIETS } from './diets';

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

type Child = ChildQuery['child'];

const formOf = (c: Child): ChildForm => ({
  firstName: c.firstName,
  lastName: c.lastName,
  birthDate: c.birthDate,
  diet: c.diet,
  allergies: c.allergies ?? '',
  school: c.school ?? '',
  grade: c.grade ?? '',
});

/** « Ajouter un enfant » / « Modifier un enfant »: the form, filled with the child once it is read. */
export function ChildFormPage({ id }: { id?: string }) {
  const title = id ? 'Modifier un enfant' : 'Ajouter un enfant';
  usePageTitle(title);
  const existing = useQuery(ChildDocument, { id: id ?? '' }, { enabled: !!id });
  const child = existing.data?.child;
  return (
    <section className="panel">
      <h1 tabIndex={-1}>{title}</h1>
      {id && existing.loading && !existing.data ? <Loading /> : null}
      <ErrorMessage error={existing.error} />
      {/* Drawn again, filled, when the child is read. */}
      <ChildFields key={child ? 'read' : 'empty'} id={id} title={title} initial={child ? formOf(child) : EMPTY} />
    </section>
  );
}

/** The child's fields, « Annuler » and « Enregistrer » (then back to « Mes Enfants », which says it). */
function ChildFields({ id, title, initial }: { id?: string; title: string; initial: ChildForm }) {
  const navigate = useGo();
  const [form, setForm] = useState<ChildForm>(initial);
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
  );
}
