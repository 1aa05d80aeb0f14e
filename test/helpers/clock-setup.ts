import { startClockAt } from '../../src/common/dates/clock';

/**
 * Jest setup (every test file): `CLOCK_START=2028-02-29T10:00:00+01:00 npx jest …` runs the suite as
 * on that day. The tests and the app they start in this process read one calendar clock
 * (`src/common/dates/clock.ts`); processes they spawn inherit `CLOCK_START` through the environment,
 * and the browser's clock is set to it too (`openScreen`).
 */
if (process.env.CLOCK_START) startClockAt(process.env.CLOCK_START);
