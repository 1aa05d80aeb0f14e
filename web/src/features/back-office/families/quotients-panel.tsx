import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { SetFamilyQuotientDocument } from '../../../api/generated';
import { frDate } from '../../../ui/format';
import { Button, Field, Form } from '../../../ui/kit';
import { today } from '../shared/days';
import { NUMBER_REQUIRED, wholeNumber } from '../shared/numbers';
import type { FileData } from './family-file';

/** The family's quotients (the price of a meal follows them) and the form that records one. */
export function QuotientsPanel({ data }: { data: FileData }) {
  const [form, setForm] = useState({ quotient: '', validFrom: today(), validTo: '' });
  const [bad, setBad] = useState(false);
  const save = useMutation(SetFamilyQuotientDocument);
  const submit = async () => {
    const q = wholeNumber(form.quotient);
    setBad(q === null);
    if (q === null) return;
    if (await save.mutate({ input: { familyId: data.family.id, quotient: q, validFrom: form.validFrom, validTo: form.validTo || null } })) {
      setForm({ quotient: '', validFrom: today(), validTo: '' });
    }
  };
  return (
    <section className="panel" aria-labelledby="quotient">
      <h2 id="quotient">Quotient familial</h2>
      {data.family.quotients.length === 0 ? <p>Aucun quotient : le prix unique de l’activité s’applique.</p> : null}
      <ul className="plain">
        {data.family.quotients.map((q) => (
          <li key={q.validFrom}>
            {q.quotient} — du {frDate(q.validFrom)} {q.validTo ? `au ${frDate(q.validTo)}` : '(sans date de fin)'}
          </li>
        ))}
      </ul>
      <Form onSubmit={submit} error={save.error} fields={['quotient', 'validFrom', 'validTo']} label="Enregistrer un quotient familial">
        <div className="grid-3">
          <Field
            label="Quotient"
            name="quotient"
            inputMode="numeric"
            required
            value={form.quotient}
            onChange={(e) => setForm({ ...form, quotient: e.target.value })}
            error={save.error}
            message={bad ? NUMBER_REQUIRED : null}
          />
          <Field label="Valable du" name="validFrom" type="date" required value={form.validFrom} onChange={(e) => setForm({ ...form, validFrom: e.target.value })} error={save.error} />
          <Field label="Jusqu’au (facultatif)" name="validTo" type="date" value={form.validTo} onChange={(e) => setForm({ ...form, validTo: e.target.value })} error={save.error} />
        </div>
        <div className="actions">
          <Button type="submit" pending={save.pending}>
            Enregistrer le quotient
          </Button>
        </div>
      </Form>
    </section>
  );
}
