import { useState } from 'react';
import { useMutation } from '../../../api/query';
import { ActivityFieldsFragment, SetDayCapacityDocument } from '../../../api/generated';
import { frDate } from '../../../ui/format';
import { Button, Field, Form, Success } from '../../../ui/kit';
import { today } from '../shared/days';
import { NUMBER_REQUIRED, wholeNumber } from '../shared/numbers';

/** « Capacité d’un jour »: the seats of one day, other than the activity's daily capacity. */
export function DayCapacity({ activity }: { activity: ActivityFieldsFragment }) {
  const [date, setDate] = useState(today());
  const [capacity, setCapacity] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const set = useMutation(SetDayCapacityDocument);
  const [bad, setBad] = useState(false);
  const submit = async () => {
    setDone(null);
    const places = wholeNumber(capacity);
    setBad(places === null);
    if (places === null) return;
    const result = await set.mutate({ input: { activityId: activity.id, date, capacity: places } });
    if (result) setDone(`Le ${frDate(result.setDayCapacity.date)} : ${result.setDayCapacity.capacity} places (${result.setDayCapacity.booked} réservées).`);
  };
  return (
    <section className="panel" aria-labelledby="capacite">
      <h2 id="capacite">Capacité d’un jour</h2>
      {done ? <Success>{done}</Success> : null}
      <Form onSubmit={submit} error={set.error} fields={['date', 'capacity']} label="Capacité d’un jour">
        <div className="grid-3">
          <Field label="Jour" name="date" type="date" required value={date} onChange={(e) => setDate(e.target.value)} error={set.error} />
          <Field label="Places" name="capacity" inputMode="numeric" required value={capacity} onChange={(e) => setCapacity(e.target.value)} error={set.error} message={bad ? NUMBER_REQUIRED : null} />
        </div>
        <div className="actions">
          <Button type="submit" pending={set.pending}>
            Enregistrer la capacité
          </Button>
        </div>
      </Form>
    </section>
  );
}
