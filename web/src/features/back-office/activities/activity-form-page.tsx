import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '../../api/query';
import { ActivityFieldsFragment, CreateActivityDocument, SetDayCapacityDocument, SetPriceBracketsDocument, StaffActivitiesDocument, UpdateActivityDocument } from '../../api/generated';
import { Link, useGo, usePageTitle } from '../../app/navigation';
import { capitalize, euros, frDate, WEEKDAYS } from '../../ui/format';
import { Button, ErrorMessage, Field, Form, Loading, SelectField, Success } from '../../ui/kit';
import { AMOUNT_REQUIRED, euroCents, NUMBER_REQUIRED, today, wholeNumber } from './common';
import { Closures } from './closures';

const days = (weekdays: number[]) => weekdays.map((w) => capitalize(WEEKDAYS[w % 7])).join(', ');

export function ActivitiesPage() {
  usePageTitle('Activités');
  const list = useQuery(StaffActivitiesDocument);
  return (
    <>
      <h1 tabIndex={-1}>Activités</h1>
      <p>
        <Link to="/agents/activites/nouvelle" className="button button-primary">
          Créer une activité
        </Link>
      </p>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data ? (
        <table>
          <caption className="visually-hidden">Activités de la commune</caption>
          <thead>
            <tr>
              <th scope="col">Activité</th>
              <th scope="col">Etablissement</th>
              <th scope="col">Période</th>
              <th scope="col">Jours de service</th>
              <th scope="col">Places par jour</th>
              <th scope="col">Prix du repas</th>
              <th scope="col">Acceptation</th>
            </tr>
          </thead>
          <tbody>
            {list.data.activities.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/agents/activites/${a.id}`}>
                    {a.name} {a.schoolYear}
                  </Link>
                </th>
                <td>{a.establishment.name}</td>
                <td>
                  Du {frDate(a.startDate)} au {frDate(a.endDate)}
                </td>
                <td>{days(a.weekdays)}</td>
                <td>{a.dailyCapacity}</td>
                <td>{a.priceBrackets.length ? `${a.priceBrackets.length} tranches de quotient` : euros(a.mealPriceCents)}</td>
                <td>{a.autoAccept ? 'Automatique' : 'Par les agents'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

interface ActivityForm {
  name: string;
  schoolYear: string;
  establishmentId: string;
  startDate: string;
  endDate: string;
  weekdays: number[];
  bookingOpensOn: string;
  bookingClosesOn: string;
  modificationLeadDays: string;
  dailyCapacity: string;
  mealPrice: string;
  autoAccept: boolean;
}

const EMPTY: ActivityForm = {
  name: '',
  schoolYear: '',
  establishmentId: '',
  startDate: '',
  endDate: '',
  weekdays: [1, 2, 4, 5],
  bookingOpensOn: '',
  bookingClosesOn: '',
  modificationLeadDays: '15',
  dailyCapacity: '',
  mealPrice: '',
  autoAccept: true,
};

/** A number the agent typed, or the local message that says what is expected (never a silent 0). */
function numbers<K extends string>(fields: Record<K, { text: string; money?: boolean }>): { values: Record<K, number>; problems: Partial<Record<K, string>> } {
  const values = {} as Record<K, number>;
  const problems: Partial<Record<K, string>> = {};
  for (const key of Object.keys(fields) as K[]) {
    const { text, money } = fields[key];
    const value = money ? euroCents(text) : wholeNumber(text);
    if (value === null) problems[key] = money ? AMOUNT_REQUIRED : NUMBER_REQUIRED;
    else values[key] = value;
  }
  return { values, problems };
}

export function ActivityFormPage({ id }: { id?: string }) {
  const navigate = useGo();
  const title = id ? 'Modifier l’activité' : 'Créer une activité';
  usePageTitle(title);
  const list = useQuery(StaffActivitiesDocument);
  const activity = list.data?.activities.find((a) => a.id === id);
  const [form, setForm] = useState<ActivityForm>(EMPTY);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (activity)
      setForm({
        name: activity.name,
        schoolYear: activity.schoolYear,
        establishmentId: activity.establishment.id,
        startDate: activity.startDate,
        endDate: activity.endDate,
        weekdays: activity.weekdays,
        bookingOpensOn: activity.bookingOpensOn ?? '',
        bookingClosesOn: activity.bookingClosesOn,
        modificationLeadDays: String(activity.modificationLeadDays),
        dailyCapacity: String(activity.dailyCapacity),
        mealPrice: (activity.mealPriceCents / 100).toFixed(2).replace('.', ','),
        autoAccept: activity.autoAccept,
      });
  }, [activity]);
  const create = useMutation(CreateActivityDocument);
  const update = useMutation(UpdateActivityDocument);
  const error = id ? update.error : create.error;
  const set = (k: keyof ActivityForm) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setSaved(false);
    setForm({ ...form, [k]: e.target.value });
  };
  const [problems, setProblems] = useState<Partial<Record<'modificationLeadDays' | 'dailyCapacity' | 'mealPriceCents', string>>>({});
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
      if (await update.mutate({ input: { id, ...fields } })) {
        setSaved(true);
        void list.reload();
      }
    } else {
      const done = await create.mutate({ input: { ...fields, establishmentId: form.establishmentId } });
      if (done) navigate(`/agents/activites/${done.createActivity.id}`);
    }
  };
  const fieldNames = ['name', 'schoolYear', 'establishmentId', 'startDate', 'endDate', 'weekdays', 'bookingOpensOn', 'bookingClosesOn', 'modificationLeadDays', 'dailyCapacity', 'mealPriceCents'];
  return (
    <>
      <h1 tabIndex={-1}>{activity ? `${activity.name} ${activity.schoolYear}` : title}</h1>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      <section className="panel" aria-labelledby="reglages">
        <h2 id="reglages">{id ? 'Réglages de l’activité' : 'Nouvelle activité'}</h2>
        <Form onSubmit={submit} error={error} fields={fieldNames} label={title}>
          <div className="grid-3">
            <Field label="Nom" name="name" required value={form.name} onChange={set('name')} error={error} />
            <Field label="Année scolaire" name="schoolYear" required hint="ex. 2026-2027" value={form.schoolYear} onChange={set('schoolYear')} error={error} />
            {!id ? (
              <SelectField label="Etablissement" name="establishmentId" required value={form.establishmentId} onChange={set('establishmentId')} error={error}>
                <option value="">— Choisissez —</option>
                {list.data?.establishments.map((e) => (
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
            <Field
              label="Places par jour"
              name="dailyCapacity"
              inputMode="numeric"
              required
              value={form.dailyCapacity}
              onChange={set('dailyCapacity')}
              error={error}
              message={problems.dailyCapacity}
            />
            <Field label="Prix du repas (€)" name="mealPriceCents" inputMode="decimal" required value={form.mealPrice} onChange={set('mealPrice')} error={error} message={problems.mealPriceCents} />
          </div>
          <fieldset>
            <legend>Jours de service</legend>
            <div className="inline-choice">
              {[1, 2, 3, 4, 5, 6].map((w) => (
                <label key={w}>
                  <input
                    type="checkbox"
                    checked={form.weekdays.includes(w)}
                    onChange={() => setForm({ ...form, weekdays: form.weekdays.includes(w) ? form.weekdays.filter((x) => x !== w) : [...form.weekdays, w].sort() })}
                  />{' '}
                  {capitalize(WEEKDAYS[w])}
                </label>
              ))}
            </div>
          </fieldset>
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
      {activity ? (
        <>
          <Closures activity={activity} onSaved={() => void list.reload()} />
          <DayCapacity activity={activity} />
          <Brackets activity={activity} onSaved={() => void list.reload()} />
        </>
      ) : null}
    </>
  );
}

function DayCapacity({ activity }: { activity: ActivityFieldsFragment }) {
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

function Brackets({ activity, onSaved }: { activity: ActivityFieldsFragment; onSaved: () => void }) {
  const initial = activity.priceBrackets.map((b) => ({ upTo: b.upToQuotient === null ? '' : String(b.upToQuotient), price: (b.mealPriceCents / 100).toFixed(2).replace('.', ',') }));
  const [rows, setRows] = useState(initial.length ? initial : [{ upTo: '', price: '' }]);
  const [done, setDone] = useState(false);
  const [wrongRow, setWrongRow] = useState(-1);
  const save = useMutation(SetPriceBracketsDocument);
  const submit = async () => {
    setDone(false);
    const filled = rows.filter((r) => r.price.trim() || r.upTo.trim());
    const wrong = filled.findIndex((r) => euroCents(r.price) === null || (r.upTo.trim() !== '' && wholeNumber(r.upTo) === null));
    setWrongRow(wrong);
    if (wrong >= 0) return;
    const brackets = filled.map((r) => ({ upToQuotient: r.upTo.trim() ? wholeNumber(r.upTo) : null, mealPriceCents: euroCents(r.price)! }));
    if (await save.mutate({ input: { activityId: activity.id, brackets } })) {
      setDone(true);
      onSaved();
    }
  };
  return (
    <section className="panel" aria-labelledby="tranches">
      <h2 id="tranches">Prix au quotient familial</h2>
      <p className="hint">Dans l’ordre des quotients ; laissez le plafond de la dernière tranche vide. Sans tranche, le prix unique de l’activité s’applique à tous.</p>
      {done ? <Success>Tranches enregistrées.</Success> : null}
      <Form onSubmit={submit} error={save.error} fields={[]} label="Prix au quotient familial">
        {rows.map((r, i) => (
          <div className="grid-3" key={i}>
            <Field
              label={`Tranche ${i + 1} : quotient jusqu’à (inclus)`}
              name={`upTo${i}`}
              inputMode="numeric"
              value={r.upTo}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, upTo: e.target.value } : x)))}
              message={wrongRow === i && r.upTo.trim() && wholeNumber(r.upTo) === null ? NUMBER_REQUIRED : null}
            />
            <Field
              label={`Tranche ${i + 1} : prix du repas (€)`}
              name={`price${i}`}
              inputMode="decimal"
              value={r.price}
              onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, price: e.target.value } : x)))}
              message={wrongRow === i && euroCents(r.price) === null ? AMOUNT_REQUIRED : null}
            />
          </div>
        ))}
        <div className="actions">
          <Button kind="secondary" type="button" onClick={() => setRows([...rows, { upTo: '', price: '' }])}>
            Ajouter une tranche
          </Button>
          <Button type="submit" pending={save.pending}>
            Enregistrer les tranches
          </Button>
        </div>
      </Form>
    </section>
  );
}
