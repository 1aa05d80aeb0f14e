import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { ExcuseAbsenceDocument } from '../../../api/generated';
import { spokenDate } from '../../../ui/format';
import { Button, Field, Form, SelectField, Success } from '../../../ui/kit';
import type { FileData } from './family-file';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Each day of the absence picked with a date field (a medical certificate names its days); one more with « Ajouter un jour ». */
export function ExcuseAbsence({ data }: { data: FileData }) {
  const [childId, setChildId] = useState('');
  const [activityId, setActivityId] = useState('');
  const [days, setDays] = useState<string[]>(['']);
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const excuse = useMutation(ExcuseAbsenceDocument);

  // A day typed by hand that is no date, or the same day twice, is said next to it before sending.
  const problemOf = (i: number): string | null => {
    const d = days[i];
    if (!d) return null;
    if (!ISO_DAY.test(d)) return 'Date invalide : choisissez un jour dans le calendrier.';
    return days.indexOf(d) < i ? `Le ${spokenDate(d)} est déjà dans la liste.` : null;
  };
  const submit = async () => {
    setDone(null);
    setChecked(true);
    if (days.some((_, i) => problemOf(i))) return;
    const result = await excuse.mutate({ input: { childId, activityId, dates: days, reason } });
    if (result) {
      setDone(
        result.excuseAbsence.length
          ? `Absence excusée : avoir${result.excuseAbsence.length > 1 ? 's' : ''} ${result.excuseAbsence.map((c) => c.number).join(', ')}.`
          : 'Absence excusée (jours pas encore facturés : rien à rembourser).',
      );
      setDays(['']);
      setReason('');
      setChecked(false);
    }
  };
  const setDay = (i: number, value: string) => setDays(days.map((d, j) => (j === i ? value : d)));
  return (
    <section className="panel" aria-labelledby="excuser">
      <h2 id="excuser">Excuser une absence</h2>
      {done ? <Success>{done}</Success> : null}
      <Form onSubmit={submit} error={excuse.error} fields={['reason', 'childId', 'activityId']} label="Excuser une absence">
        <div className="grid-2">
          <SelectField label="Enfant" name="childId" required value={childId} onChange={(e) => setChildId(e.target.value)} error={excuse.error}>
            <option value="">— Choisissez —</option>
            {data.family.children.map((c) => (
              <option key={c.id} value={c.id}>
                {c.lastName} {c.firstName}
              </option>
            ))}
          </SelectField>
          <SelectField label="Activité" name="activityId" required value={activityId} onChange={(e) => setActivityId(e.target.value)} error={excuse.error}>
            <option value="">— Choisissez —</option>
            {data.activities.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} {a.schoolYear}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset>
          <legend>Jours d’absence (jours réservés)</legend>
          {days.map((d, i) => (
            <div className="inline-field" key={i}>
              <Field label={`Jour ${i + 1}`} name={`day-${i}`} type="date" required value={d} onChange={(e) => setDay(i, e.target.value)} message={checked ? problemOf(i) : null} />
              {days.length > 1 ? (
                <Button kind="secondary" type="button" onClick={() => setDays(days.filter((_, j) => j !== i))} aria-label={`Retirer le jour ${i + 1}`}>
                  Retirer
                </Button>
              ) : null}
            </div>
          ))}
          <Button kind="secondary" type="button" onClick={() => setDays([...days, ''])}>
            Ajouter un jour
          </Button>
        </fieldset>
        <Field label="Motif" name="reason" required value={reason} onChange={(e) => setReason(e.target.value)} error={excuse.error} />
        <div className="actions">
          <Button type="submit" pending={excuse.pending}>
            Excuser l’absence
          </Button>
        </div>
      </Form>
    </section>
  );
}
