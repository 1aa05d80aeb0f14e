import { useState } from 'react';
import { saveBlob } from '../../../api/client';
import { useQuery } from '../../../api/query';
import { HeadcountDocument, StaffActivitiesDocument } from '../../../api/generated';
import { usePath, usePageTitle } from '../../../app/navigation';
import { frDate } from '../../../ui/format';
import { Button, ErrorMessage, Field, Loading, SelectField } from '../../../ui/kit';
import { addDays, today } from '../shared/days';
import { DayChildren } from './day-children';
import { headcountCsv } from './headcount-csv';
import { HeadcountTable } from './headcount-table';

/** « Effectifs »: an activity's days over a period, for the kitchen; printed or downloaded as a CSV. */
export function HeadcountPage() {
  usePageTitle('Effectifs');
  const { query } = usePath();
  const activities = useQuery(StaffActivitiesDocument);
  const [activityId, setActivityId] = useState(query.get('activite') ?? '');
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(addDays(today(), 13));
  const [shown, setShown] = useState<{ activityId: string; from: string; to: string } | null>(null);
  // No activity named in the address: the first one, shown at once.
  const first = activities.data?.activities[0]?.id;
  if (!activityId && first) setActivityId(first);
  if (activityId && !shown) setShown({ activityId, from, to });
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
          {days.length ? <HeadcountTable days={days} /> : null}
          {days.map((d) => (
            <DayChildren key={d.date} day={d} />
          ))}
        </section>
      ) : null}
    </>
  );
}
