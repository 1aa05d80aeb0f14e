/**
 * The calendar's clock: what "today" and "this month" mean for every date rule (deadlines, booking
 * windows, the scheduled billing run, ages, issue dates).
 *
 * It is the real time, unless the process was started with its calendar moved (`CLOCK_START`, for
 * tests and demonstrations; refused in production): the clock then starts at that instant and ticks
 * at the real speed. Expiries of sessions, links, leases and locks are not calendar rules: they keep
 * the real time (`Date.now()`), which the database's `now()` shares.
 */
let offsetMs = 0;
let startedAt: string | null = null;

export const clock = {
  now: (): Date => new Date(Date.now() + offsetMs),
};

/**
 * Moves the calendar so that it reads `instant` now. Called again with the same instant (a second
 * app in the same process, a test helper and the app), it keeps the first start: the clock never jumps.
 */
export function startClockAt(instant: string): void {
  if (startedAt === instant) return;
  const at = Date.parse(instant);
  if (Number.isNaN(at)) throw new Error(`instant illisible pour l’horloge : ${instant}`);
  offsetMs = at - Date.now();
  startedAt = instant;
}

/** The instant the calendar was moved to, or null when it follows the real time. */
export const clockStart = (): string | null => startedAt;
