import { capitalize, WEEKDAYS } from '../../../ui/format';

/** « Jours de service »: Monday to Saturday, each a checkbox. */
export function WeekdaysField({ weekdays, onChange }: { weekdays: number[]; onChange: (weekdays: number[]) => void }) {
  return (
    <fieldset>
      <legend>Jours de service</legend>
      <div className="inline-choice">
        {[1, 2, 3, 4, 5, 6].map((w) => (
          <label key={w}>
            <input type="checkbox" checked={weekdays.includes(w)} onChange={() => onChange(weekdays.includes(w) ? weekdays.filter((x) => x !== w) : [...weekdays, w].sort())} />{' '}
            {capitalize(WEEKDAYS[w])}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
