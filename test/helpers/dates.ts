import { frenchHoliday } from '../../src/common/dates/french-holidays';
import { clock, clockStart } from '../../src/common/dates/clock';
import { addDays, isoWeekday, LocalDate, todayIn } from '../../src/common/dates/local-date';

/**
 * Today in the demo's and the tests' communes (Europe/Paris), on the injected calendar clock
 * (`src/common/dates/clock.ts`): the app under test reads the same one, and `CLOCK_START` moves both.
 */
export const parisToday = (): LocalDate => todayIn('Europe/Paris', clock.now());

/** `count` consecutive service weekdays (Mon–Fri, no public holiday) starting at least `minDaysAhead` from today, in one month. */
export function futureWeekdays(count: number, minDaysAhead = 21): string[] {
  for (let start = addDays(parisToday(), minDaysAhead); ; start = addDays(start, 1)) {
    const days: string[] = [];
    for (let d = start; days.length < count; d = addDays(d, 1)) {
      if (isoWeekday(d) <= 5 && !frenchHoliday(d)) days.push(d);
    }
    if (days[0].slice(0, 7) === days[days.length - 1].slice(0, 7)) return days;
  }
}

/**
 * The environment a process spawned by a test needs to share its calendar: the instant the tests'
 * clock reads now (not the run's `CLOCK_START`, which the child would start later), or nothing.
 */
export const calendarEnv = (): Record<string, string> => (clockStart() ? { CLOCK_START: clock.now().toISOString() } : {});
