import { dayOfMonth, spokenDate } from '../../ui/format';
import { Icon } from '../../ui/icons';
import { DAY_STATES, DAY_TOO_LATE, StateLook } from '../../ui/states';
import { useStateLabel } from '../../ui/use-state-label';
import { BOOKABLE, bookable, cancellable, Day } from './planning-days';

/** How a day looks: chosen (to book, to cancel), else its state (« trop tard » for a free day that can no longer change). */
export function lookOf(day: Day, book: ReadonlySet<string>, cancel: ReadonlySet<string>): StateLook {
  if (book.has(day.date)) return DAY_STATES.BOOKING_REQUESTED;
  if (cancel.has(day.date)) return DAY_STATES.CANCELLATION_REQUESTED;
  if (day.state === 'FREE' && !day.modifiable) return DAY_TOO_LATE;
  return DAY_STATES[day.state];
}

/** Why a billed day cannot change (SPEC §2: `PlanningDay.billed`). */
const BILLED_NOTE = 'Facturée : ne peut plus être modifiée';

/** A day of the grid: a toggle when it can change, else a picture read out with its state. */
export function DayCell({ day, look, error, onToggle }: { day: Day; look: StateLook; error?: string; onToggle: (d: Day) => void }) {
  const seats = day.seatsLeft !== null && day.seatsLeft !== undefined && BOOKABLE.has(day.state) && day.modifiable ? `${day.seatsLeft} place${day.seatsLeft > 1 ? 's' : ''}` : null;
  const closed = day.closureLabel ? day.closureLabel : null;
  const billed = day.billed ? BILLED_NOTE : null;
  const label = useStateLabel()(look);
  const spoken = [spokenDate(day.date), label, closed, billed, seats, error ? `refusé : ${error}` : null].filter(Boolean).join(', ');
  const content = (
    <>
      <span className="day-number" aria-hidden="true">
        {dayOfMonth(day.date)}
      </span>
      <span className={`day-state state-${look.tone}`} aria-hidden="true">
        <Icon name={look.icon} />
      </span>
      {closed ? (
        <span className="day-note" aria-hidden="true">
          {closed}
        </span>
      ) : billed ? (
        <span className="day-note" aria-hidden="true" title={BILLED_NOTE}>
          Facturée
        </span>
      ) : seats ? (
        <span className="day-note" aria-hidden="true">
          {seats}
        </span>
      ) : null}
      {error ? (
        <span className="day-error" aria-hidden="true">
          <Icon name="exclamation" /> refusé
        </span>
      ) : null}
    </>
  );
  const classes = `day day-${look.tone}${day.inMonth ? '' : ' day-outside'}${error ? ' day-invalid' : ''}`;
  if (bookable(day) || cancellable(day)) {
    return (
      <button
        type="button"
        className={`${classes} day-toggle`}
        aria-pressed={look === DAY_STATES.BOOKING_REQUESTED || look === DAY_STATES.CANCELLATION_REQUESTED}
        aria-label={spoken}
        onClick={() => onToggle(day)}
      >
        {content}
      </button>
    );
  }
  return (
    <span className={classes} role="img" aria-label={spoken}>
      {content}
    </span>
  );
}
