import { useState } from 'react';
import { useMutation, useQuery } from '../../../api/query';
import { BillingRunProgressDocument, RunBillingDocument, RunFieldsFragment } from '../../../api/generated';

const ASK_EVERY_MS = 600;
/** Asks in a row that may fail (each one later than the last) before the page says the progress cannot be read. */
const ASKS_BEFORE_LOST = 10;

export const isOver = (run: RunFieldsFragment) => run.state === 'DONE' || run.state === 'FAILED';

/**
 * A billing run started from this page, followed until it is done or failed. A failed ask is tried
 * again, later and later; after ten in a row `lost` says so, and `lookAgain` follows the run again.
 */
export function useBillingRun() {
  const launch = useMutation(RunBillingDocument);
  const [started, setStarted] = useState<RunFieldsFragment | null>(null);
  const [lookingAgain, setLookingAgain] = useState(false);
  const progress = useQuery(
    BillingRunProgressDocument,
    { id: started?.id ?? '' },
    {
      enabled: started !== null,
      refetchInterval: (d, answer) => (answer.failed || (d && isOver(d.billingRun)) ? false : ASK_EVERY_MS),
      retry: { times: ASKS_BEFORE_LOST - 1, delay: (attempt) => ASK_EVERY_MS * (1 + attempt) },
    },
  );
  const run = progress.data?.billingRun ?? started;
  const lost = progress.error !== null && !lookingAgain;
  const start = async (month: string): Promise<boolean> => {
    const done = await launch.mutate({ input: { month } });
    if (done) setStarted(done.runBilling);
    return done !== null;
  };
  const lookAgain = async () => {
    setLookingAgain(true);
    await progress.reload();
    setLookingAgain(false);
  };
  return { run, start, error: launch.error, following: launch.pending || (run !== null && !isOver(run) && !lost), lost, lookAgain };
}
