import type { PlanningQuery } from '../../api/generated';

export type Planning = PlanningQuery['planning'];
export type Day = Planning['weeks'][number]['days'][number];

/** A day of these states can be asked for (again): free, or refused before. */
export const BOOKABLE = new Set(['FREE', 'REFUSED', 'NO_PLACE']);

/** A day of the month the family may still ask for. */
export const bookable = (d: Day) => d.inMonth && d.modifiable && BOOKABLE.has(d.state);

/** A booked day of the month whose cancellation may still be asked for. */
export const cancellable = (d: Day) => d.inMonth && d.modifiable && d.state === 'BOOKED';

/** 1 (Monday) … 7 (Sunday), the API's weekday numbers. */
export function isoWeekday(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}
