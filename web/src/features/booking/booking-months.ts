import { nextMonth } from '../../ui/format';

/** The activity's dates, as the booking choice needs them. */
export interface ActivityDates {
  id: string;
  startDate: string;
  endDate: string;
}

/** « 2026-12 »: this month, on the family's clock. */
export function currentMonth(): string {
  const t = new Date();
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}`;
}

/** The months the activity runs, from `today`'s month on (14 at most). */
export function monthsOf(activity: ActivityDates, today: string): string[] {
  const first = activity.startDate.slice(0, 7);
  const last = activity.endDate.slice(0, 7);
  let m = first > today ? first : today;
  const out: string[] = [];
  while (m <= last && out.length < 14) {
    out.push(m);
    m = nextMonth(m);
  }
  return out;
}

/** The month kept when the activity changes: the one chosen if it still runs, else the next month (the first when it is the only one). */
export function keepMonth(chosen: string, months: string[]): string {
  if (!months.length || months.includes(chosen)) return chosen;
  return months.length > 1 ? months[1] : months[0];
}
