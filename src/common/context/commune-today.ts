import { clock } from '../dates/clock';
import { todayIn, LocalDate } from '../dates/local-date';
import { RequestContext } from './request-context';

/** Today in the request's commune: every date rule uses the commune's calendar, not the server's. */
export const communeToday = (ctx: RequestContext, now: Date = clock.now()): LocalDate => todayIn(ctx.commune.timezone, now);
