import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { ActivityFieldsFragment, CreateActivityDocument, UpdateActivityDocument } from '../../../api/generated';
import { useGo } from '../../../app/navigation';
import { Button, Field, Form, SelectField, Success } from '../../../ui/kit';
import { ActivityForm, EMPTY, FIELD_NAMES, formOf, numbers } from './activity-form';
import { WeekdaysField } from './weekdays-field';

type Problems = Partial<Record<'modificationLeadDays' | 'dailyCapacity' | 'mealPriceCents', string>>;

/** « Réglages de l’activité » (or « Nouvelle activité »): the form, filled with the activity's settings once they come. */
export function ActivitySettings({ id, activity, establishments, title }: { id?: string; activity?: ActivityFieldsFragment; establishments: Array<{ id: string; name: string }>; title: string }) {
  const navigate = useGo();
  const [form, setForm] = useState<ActivityForm>(EMPTY);
  // The settings as the server holds them, each time they come (first load, after a change).
  const [filledFrom, setFilledFrom] = useState<ActivityFieldsFragment | undefined>(undefined);
  if (activity && activity !== filledFrom) {
    setFilledFrom(activity);
    setForm(formOf(activity));
  }
  const [saved, setSaved] = useState(false);
  const create = useMutation(CreateActivityDocument);
  const update = useMutation(UpdateActivityDocument);
  const error = id ? update.error : create.error;
  const set = (k: keyof ActivityForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setSaved(false);
    setForm({ ...form, [k]: e.target.value });
  };
  const [problems, setProblems] = useState<Problems>({});
  const submit = async () => {
    const checked = numbers({
      modificationLeadDays: { text: form.modificationLeadDays },
      dailyCapacity: { text: form.dailyCapacity },
      mealPriceCents: { text: form.mealPrice, money: true },
    });
    setProblems(checked.problems);
    if (Object.keys(checked.problems).length) return;
    const fields = {
      name: form.name,
      schoolYear: form.schoolYear,
      startDate: form.startDate,
      endDate: form.endDate,
      weekdays: form.weekdays,
      bookingOpensOn: form.bookingOpensOn || null,
      bookingClosesOn: form.bookingClosesOn,
      ...checked.values,
      autoAccept: form.autoAccept,
    };
    if (id) {
      if (await update.mutate({ input: { id, ...fields } })) setSaved(true);
    } else {
      const done = await create.mutate({ input: { ...fields, establishmentId: form.establishmentId } });
      if (done) navigate(`/agents/activites/${done.createActivity.id}`);
    }
  };
  return (
    <section className="panel" aria-labelledby="reglages">
      <h2 id="reglages">{id ? 'Réglages de l’activité' : 'Nouvelle activité'}</h2>
      <Form onSubmit={submit} error={error} fields={FIELD_NAMES} label={title}>
        <div className="grid-3">
          <Field label="Nom" name="name" required value={form.name} onChange={set('name')} error={error} />
          <Field label="Année scolaire" name="schoolYear" required hint="ex. 2026-2027" value={form.schoolYear} onChange={set('schoolYear')} error={error} />
          {!id ? (
            <SelectField label="Etablissement" name="establishmentId" required value={form.establishmentId} onChange={set('establishmentId')} error={error}>
              <option value="">— Choisissez —</option>
              {establishments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          <Field label="Premier jour" name="startDate" type="date" required value={form.startDate} onChange={set('startDate')} error={error} />
          <Field label="Dernier jour" name="endDate" type="date" required value={form.endDate} onChange={set('endDate')} error={error} />
          <Field label="Réservations ouvertes le (facultatif)" name="bookingOpensOn" type="date" value={form.bookingOpensOn} onChange={set('bookingOpensOn')} error={error} />
          <Field label="Réservations closes le" name="bookingClosesOn" type="date" required value={form.bookingClosesOn} onChange={set('bookingClosesOn')} error={error} />
          <Field
            label="Délai de modification (jours)"
            name="modificationLeadDays"
            inputMode="numeric"
            required
            value={form.modificationLeadDays}
            onChange={set('modificationLeadDays')}
            error={error}
            message={problems.modificationLeadDays}
          />
          <Field label="Places par jour" name="dailyCapacity" inputMode="numeric" required value={form.dailyCapacity} onChange={set('dailyCapacity')} error={error} message={problems.dailyCapacity} />
          <Field label="Prix du repas (€)" name="mealPriceCents" inputMode="decimal" required value={form.mealPrice} onChange={set('mealPrice')} error={error} message={problems.mealPriceCents} />
        </div>
        <WeekdaysField weekdays={form.weekdays} onChange={(weekdays) => setForm({ ...form, weekdays })} />
        <label className="choice">
          <input type="checkbox" checked={form.autoAccept} onChange={() => setForm({ ...form, autoAccept: !form.autoAccept })} />
          <span>Demandes acceptées automatiquement dans la limite des places (sinon : décision des agents)</span>
        </label>
        {saved ? <Success>Activité enregistrée.</Success> : null}
        <div className="actions">
          <Button type="submit" pending={create.pending || update.pending}>
            {id ? 'Enregistrer' : 'Créer l’activité'}
          </Button>
        </div>
      </Form>
    </section>
  );
}
