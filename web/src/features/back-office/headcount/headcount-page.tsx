import { useEffect, useState } from 'react';
import { saveBlob } from '../../api/client';
import { useQuery } from '../../api/query';
import { HeadcountDocument, HeadcountQuery, StaffActivitiesDocument } from '../../api/generated';
import { usePath, usePageTitle } from '../../app/navigation';
import { csvFile } from '../../ui/csv';
import { frDate, longDate, weekdayOf, WEEKDAYS } from '../../ui/format';
import { Button, ErrorMessage, Field, Loading, SelectField } from '../../ui/kit';
import { addDays, DIET_LABELS, today } from './common';

type Day = HeadcountQuery['dailyHeadcount'][number];
const DIETS = Object.keys(DIET_LABELS) as Array<keyof typeof DIET_LABELS>;

const weekdayName = (iso: string): string => WEEKDAYS[weekdayOf(iso)];

/** The kitchen's file: UTF-8 with a BOM, `;` between columns, French dates — opens right in a French spreadsheet. */
export function headcountCsv(activityName: string, days: Day[]): string {
  const header = ['Activité', 'Date', 'Jour', 'Réservés', 'En attente', 'Capacité', ...DIETS.map((d) => DIET_LABELS[d])];
  const rows = days.map((d) => {
    return [activityName, frDate(d.date), weekdayName(d.date), d.booked, d.pending, d.capacity, ...DIETS.map((diet) => d.diets.find((x) => x.diet === diet)?.count ?? 0)];
  });
  // Then, after an empty line, the children of each day for the kitchen to check: a PAI / allergy
  // note is said (« Oui »), its health details stay on the screen of the agents.
  const childHeader = ['Activité', 'Date', 'Jour', 'Enfant', 'Classe', 'École', 'Régime', 'PAI / allergies'];
  const childRows = days.flatMap((d) =>
    d.children.map((c) => [activityName, frDate(d.date), weekdayName(d.date), `${c.lastName} ${c.firstName}`, c.grade ?? '', c.school ?? '', DIET_LABELS[c.diet], c.allergies ? 'Oui' : 'Non']),
  );
  return csvFile([header, ...rows, [], childHeader, ...childRows]);
}

export function HeadcountPage() {
  usePageTitle('Effectifs');
  const { query } = usePath();
  const activities = useQuery(StaffActivitiesDocument);
  const [activityId, setActivityId] = useState(query.get('activite') ?? '');
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(addDays(today(), 13));
  const [shown, setShown] = useState<{ activityId: string; from: string; to: string } | null>(null);
  useEffect(() => {
    if (!activityId && activities.data?.activities.length) setActivityId(activities.data.activities[0].id);
  }, [activities.data, activityId]);
  useEffect(() => {
    if (activityId && !shown) setShown({ activityId, from, to });
  }, [activityId, shown, from, to]);
  const counts = useQuery(HeadcountDocument, shown ?? { activityId: '', from, to }, { enabled: !!shown });
  const activity = activities.data?.activities.find((a) => a.id === shown?.activityId);
  const days = counts.data?.dailyHeadcount ?? [];
  return (
    <>
      <h1 tabIndex={-1}>Effectifs</h1>
      <form
        className="panel no-print"
        aria-label="Choix de l’activité et de la période"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setShown({ activityId, from, to });
        }}
      >
        <div className="grid-3">
          <SelectField label="Activité" name="activityId" value={activityId} onChange={(e) => setActivityId(e.target.value)}>
            {activities.data?.activities.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} — {a.establishment.name} — {a.schoolYear}
              </option>
            ))}
          </SelectField>
          <Field label="Du" name="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} error={counts.error} />
          <Field label="Au" name="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} error={counts.error} />
        </div>
        <div className="actions">
          <Button type="submit">Afficher</Button>
        </div>
      </form>
      {counts.loading && !counts.data ? <Loading /> : null}
      <ErrorMessage error={counts.error && !['from', 'to'].includes(counts.error.field ?? '') ? counts.error : null} />
      {shown && counts.data && activity ? (
        <section aria-labelledby="tableau-effectifs">
          <h2 id="tableau-effectifs">
            {activity.name} — du {frDate(shown.from)} au {frDate(shown.to)}
          </h2>
          <div className="actions no-print">
            <Button kind="secondary" onClick={() => saveBlob(new Blob([headcountCsv(activity.name, days)], { type: 'text/csv;charset=utf-8' }), `effectifs-${shown.from}-${shown.to}.csv`)}>
              Télécharger (CSV)
            </Button>
            <Button kind="secondary" onClick={() => window.print()}>
              Imprimer
            </Button>
          </div>
          {days.length === 0 ? <p>Aucun jour de service sur cette période.</p> : null}
          {days.length ? (
            <table>
              <caption className="visually-hidden">Effectifs par jour et régimes</caption>
              <thead>
                <tr>
                  <th scope="col">Jour</th>
                  <th scope="col">Réservés</th>
                  <th scope="col">En attente</th>
                  <th scope="col">Capacité</th>
                  {DIETS.map((d) => (
                    <th scope="col" key={d}>
                      {DIET_LABELS[d]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">{longDate(d.date)}</th>
                    <td>{d.booked}</td>
                    <td>{d.pending}</td>
                    <td>{d.capacity}</td>
                    {DIETS.map((diet) => (
                      <td key={diet}>{d.diets.find((x) => x.diet === diet)?.count ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {days.map((d) => (
            <DayChildren key={d.date} day={d} />
          ))}
        </section>
      ) : null}
    </>
  );
}

/** The children booked on a day, by name: what the kitchen and the staff check the list with. */
function DayChildren({ day }: { day: Day }) {
  const title = `${longDate(day.date)} — ${day.children.length} enfant${day.children.length > 1 ? 's' : ''}`;
  return (
    <section className="panel headcount-day" aria-label={`Enfants du ${longDate(day.date)}`}>
      <h3>{title}</h3>
      {day.children.length ? (
        <table>
          <caption className="visually-hidden">Enfants inscrits le {longDate(day.date)}</caption>
          <thead>
            <tr>
              <th scope="col">Enfant</th>
              <th scope="col">Classe / école</th>
              <th scope="col">Régime</th>
              <th scope="col">PAI / allergies</th>
            </tr>
          </thead>
          <tbody>
            {day.children.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.lastName} {c.firstName}
                </th>
                <td>{[c.grade, c.school].filter(Boolean).join(' — ') || '—'}</td>
                <td>{DIET_LABELS[c.diet]}</td>
                <td>{c.allergies ? <strong>Oui : {c.allergies}</strong> : 'Non'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Aucun enfant inscrit ce jour-là.</p>
      )}
    </section>
  );
}
