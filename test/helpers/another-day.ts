import { startClockAt } from '../../src/common/dates/clock';

/**
 * Jest setup of the `e2e-another-day` project: the suites that book and bill run a second time in
 * `npm test`, as on a leap day at 10 a.m. in Paris (a Tuesday, two months before its month's end),
 * so that a test that quietly depends on the day it runs fails in CI on any day. `CLOCK_START` still
 * wins when given (`test/helpers/clock-setup.ts`).
 */
export const ANOTHER_DAY = '2028-02-29T10:00:00+01:00';
startClockAt(process.env.CLOCK_START ?? ANOTHER_DAY);
