import { useQuery } from '../../../api/query';
import { StaffActivitiesDocument } from '../../../api/generated';
import { usePageTitle } from '../../../app/navigation';
import { ErrorMessage, Loading } from '../../../ui/kit';
import { ClosuresPanel } from '../closures/closures-panel';
import { ActivitySettings } from './activity-settings';
import { DayCapacity } from './day-capacity';
import { PriceBrackets } from './price-brackets';

/** « Créer une activité », or an activity's page: its settings, its calendar, a day's capacity, its prices. */
export function ActivityFormPage({ id }: { id?: string }) {
  const title = id ? 'Modifier l’activité' : 'Créer une activité';
  usePageTitle(title);
  const list = useQuery(StaffActivitiesDocument);
  const activity = list.data?.activities.find((a) => a.id === id);
  return (
    <>
      <h1 tabIndex={-1}>{activity ? `${activity.name} ${activity.schoolYear}` : title}</h1>
      {list.loading && !list.data ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      <ActivitySettings id={id} activity={activity} establishments={list.data?.establishments ?? []} title={title} />
      {activity ? (
        <>
          <ClosuresPanel activity={activity} />
          <DayCapacity activity={activity} />
          <PriceBrackets activity={activity} />
        </>
      ) : null}
    </>
  );
}
