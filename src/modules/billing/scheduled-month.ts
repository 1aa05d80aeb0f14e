import { todayIn } from '../../common/dates/local-date';

/** The scheduled run starts on the 1st from this hour, in the commune's time zone (at night). */
export const SCHEDULED_FROM_HOUR = 2;

/**
 * The month a scheduled run bills at `now` in a commune's time zone: the previous month, from the
 * 1st at 2 a.m. local time — and on any later day of the month too, so that a month whose 1st no
 * worker saw (a deployment, an outage) is still billed (one scheduled run per month: unique index).
 * Null on the 1st before 2 a.m.
 */
export function scheduledMonth(timeZone: string, now: Date): string | null {
  const today = todayIn(timeZone, now);
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
  if (today.endsWith('-01') && hour < SCHEDULED_FROM_HOUR) return null;
  const [y, m] = today.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
