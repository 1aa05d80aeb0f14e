import type { Dispatch } from 'react';
import type { BookingChoicesQuery } from '../../api/generated';
import type { QueryState } from '../../api/query';
import { Link } from '../../app/navigation';
import { capitalize, monthLabel } from '../../ui/format';
import { Button, ErrorMessage, Loading, SelectField } from '../../ui/kit';
import { currentMonth, monthsOf } from './booking-months';
import { BookingAction, BookingState } from './booking-steps';

export type Child = BookingChoicesQuery['myChildren'][number];
export type Registration = Child['registrations'][number];

/** The child's registrations that allow booking. */
export const acceptedOf = (child: Child | undefined): Registration[] => child?.registrations.filter((r) => r.state === 'ACCEPTED') ?? [];

/** « Nouvelle réservation »: the child, the activity (when there are several) and the month. */
export function BookingChoice({ choices, state, dispatch }: { choices: QueryState<BookingChoicesQuery>; state: BookingState; dispatch: Dispatch<BookingAction> }) {
  const children = choices.data?.myChildren ?? [];
  const child = children.find((c) => c.id === state.childId);
  const registrations = acceptedOf(child);
  const registration = registrations.find((r) => r.activity.id === state.activityId);
  const months = registration ? monthsOf(registration.activity, currentMonth()) : [];
  const ready = !!(state.childId && state.activityId && state.month);
  return (
    <section className="panel">
      <h1 tabIndex={-1}>Nouvelle réservation</h1>
      {choices.loading && !choices.data ? <Loading /> : null}
      <ErrorMessage error={choices.error} />
      {choices.data && !children.some((c) => acceptedOf(c).length) ? (
        <p>
          Aucun de vos enfants n’a d’inscription acceptée : faites d’abord une <Link to="/inscriptions/nouvelle">nouvelle inscription</Link>.
        </p>
      ) : null}
      {choices.data ? (
        <form
          noValidate
          aria-label="Choix de l’enfant et du mois"
          onSubmit={(e) => {
            e.preventDefault();
            dispatch({ type: 'planningShown' });
          }}
        >
          <ChildChoice list={children} chosen={state.childId} dispatch={dispatch} />
          {child && registrations.length > 1 ? (
            <SelectField
              label="Activité"
              name="activityId"
              value={state.activityId}
              onChange={(e) => dispatch({ type: 'activityChosen', activity: registrations.find((r) => r.activity.id === e.target.value)?.activity ?? null, today: currentMonth() })}
            >
              <option value="">— Choisissez l’activité —</option>
              {registrations.map((r) => (
                <option key={r.activity.id} value={r.activity.id}>
                  {r.activity.name} — {r.activity.establishment.name} — {r.activity.schoolYear}
                </option>
              ))}
            </SelectField>
          ) : null}
          {registration ? (
            <SelectField label="Mois" name="month" value={state.month} onChange={(e) => dispatch({ type: 'monthChosen', month: e.target.value })}>
              {months.map((m) => (
                <option key={m} value={m}>
                  {capitalize(monthLabel(m))}
                </option>
              ))}
            </SelectField>
          ) : null}
          <div className="actions">
            <Link to="/reservations" className="button button-secondary">
              Retour
            </Link>
            <Button type="submit" disabled={!ready}>
              Afficher le planning
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** « Sélection de l’enfant »: a child without an accepted registration is shown, not offered. */
function ChildChoice({ list, chosen, dispatch }: { list: Child[]; chosen: string; dispatch: Dispatch<BookingAction> }) {
  return (
    <fieldset>
      <legend>Sélection de l’enfant</legend>
      <ul className="plain choice-list">
        {list.map((c) => {
          const accepted = acceptedOf(c);
          return (
            <li key={c.id}>
              <label className={accepted.length ? 'choice' : 'choice choice-disabled'}>
                <input
                  type="radio"
                  name="child"
                  value={c.id}
                  checked={chosen === c.id}
                  disabled={!accepted.length}
                  onChange={() => dispatch({ type: 'childChosen', childId: c.id, activities: accepted.map((r) => r.activity), today: currentMonth() })}
                />
                <span>
                  {c.lastName} {c.firstName}
                  {!accepted.length ? ' (aucune inscription acceptée)' : ''}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
