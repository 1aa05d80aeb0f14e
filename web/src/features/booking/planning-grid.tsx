import type { Dispatch } from 'react';
import { capitalize, frDate, longDate, monthLabel, WEEKDAYS } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { Button, Legend } from '../../ui/kit';
import { DAY_STATES, DAY_TOO_LATE } from '../../ui/states';
import { BookingAction } from './booking-steps';
import { DayCell, lookOf } from './day-cell';
import { bookable, cancellable, isoWeekday, Planning } from './planning-days';

type Week = Planning['weeks'][number];

interface Selection {
  book: ReadonlySet<string>;
  cancel: ReadonlySet<string>;
  dayErrors: ReadonlyMap<string, string>;
  dispatch: Dispatch<BookingAction>;
}

/** The month as the guide draws it: ISO weeks in rows, service weekdays in columns. */
export function PlanningGrid({ planning, book, cancel, dayErrors, dispatch }: Selection & { planning: Planning }) {
  const allDays = planning.weeks.flatMap((w) => w.days);
  const monthBookable = allDays.filter(bookable);
  const monthCancellable = allDays.filter(cancellable);
  return (
    <>
      <p>
        <strong>Vous avez jusqu’au {frDate(planning.bookingClosesOn)} pour valider vos réservations.</strong>
      </p>
      <p className="hint">
        Cliquez sur un jour pour le réserver, ou sur un jour réservé pour en demander l’annulation. Des modifications du planning pourront être faites jusqu’à {planning.activity.modificationLeadDays}{' '}
        jours avant la date du repas à modifier.
      </p>
      <div className="actions">
        {monthBookable.length ? (
          <Button kind="secondary" type="button" onClick={() => dispatch({ type: 'daysToggled', days: monthBookable, kind: 'book' })} aria-pressed={monthBookable.every((d) => book.has(d.date))}>
            Réserver tout le mois
          </Button>
        ) : null}
        {monthCancellable.length ? (
          <Button
            kind="secondary"
            type="button"
            onClick={() => dispatch({ type: 'daysToggled', days: monthCancellable, kind: 'cancel' })}
            aria-pressed={monthCancellable.every((d) => cancel.has(d.date))}
          >
            Annuler tout le mois
          </Button>
        ) : null}
      </div>
      <div className="planning-wrap">
        <table className="planning">
          <caption>
            Planning {planning.activity.name} — {capitalize(monthLabel(planning.month))}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <abbr title="Semaine">Sem.</abbr>
              </th>
              {planning.weekdays.map((w) => (
                <th scope="col" key={w}>
                  <span className="full">{capitalize(WEEKDAYS[w % 7])}</span>
                  <abbr className="short" title={capitalize(WEEKDAYS[w % 7])}>
                    {capitalize(WEEKDAYS[w % 7]).slice(0, 3)}.
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {planning.weeks.map((week) => (
              <WeekRow key={week.isoWeek} week={week} weekdays={planning.weekdays} book={book} cancel={cancel} dayErrors={dayErrors} dispatch={dispatch} />
            ))}
          </tbody>
        </table>
      </div>
      <RefusedDays dayErrors={dayErrors} />
      <Legend title="Légende" looks={[...Object.values(DAY_STATES), DAY_TOO_LATE]} />
    </>
  );
}

/** A week: its number (a button for the whole week when some days can change), then its days. */
function WeekRow({ week, weekdays, book, cancel, dayErrors, dispatch }: Selection & { week: Week; weekdays: number[] }) {
  const days = weekdays.map((w) => week.days.find((d) => isoWeekday(d.date) === w) ?? null);
  const weekBookable = week.days.filter(bookable);
  const kind = weekBookable.length ? 'book' : 'cancel';
  const targets = weekBookable.length ? weekBookable : week.days.filter(cancellable);
  const pressed = targets.length > 0 && targets.every((d) => (kind === 'book' ? book : cancel).has(d.date));
  return (
    <tr>
      <th scope="row">
        {targets.length ? (
          <button type="button" className="week-button" aria-pressed={pressed} onClick={() => dispatch({ type: 'daysToggled', days: targets, kind })}>
            {week.isoWeek}
            <span className="visually-hidden">{kind === 'book' ? ` : réserver toute la semaine ${week.isoWeek}` : ` : annuler toute la semaine ${week.isoWeek}`}</span>
          </button>
        ) : (
          week.isoWeek
        )}
      </th>
      {days.map((day, i) => (
        <td key={day?.date ?? `${week.isoWeek}-${i}`}>
          {day ? <DayCell day={day} look={lookOf(day, book, cancel)} error={dayErrors.get(day.date)} onToggle={(d) => dispatch({ type: 'dayToggled', day: d })} /> : null}
        </td>
      ))}
    </tr>
  );
}

/** « Ces jours ne peuvent pas être demandés », each day with its reason. */
function RefusedDays({ dayErrors }: { dayErrors: ReadonlyMap<string, string> }) {
  if (!dayErrors.size) return null;
  return (
    <div className="alert alert-error" role="alert">
      <Icon name="exclamation" />
      <div>
        <p>Ces jours ne peuvent pas être demandés :</p>
        <ul>
          {[...dayErrors].map(([date, message]) => (
            <li key={date}>
              {longDate(date)} : {message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
