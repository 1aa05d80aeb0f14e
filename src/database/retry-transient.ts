import { pgErrorCode } from '../common/errors/pg-errors';

/** Deadlock detected, serialization failure: the database undid the work, which can simply run again. */
const TRANSIENT = new Set(['40P01', '40001']);

/**
 * Runs a transaction again (up to 5 times, with a short random pause) when PostgreSQL broke a
 * deadlock or a serialization conflict by rolling it back; any other error is thrown at once.
 */
export async function retryTransient<T>(work: () => Promise<T>, onRetry?: (code: string, attempt: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = pgErrorCode(err);
      if (!code || !TRANSIENT.has(code) || attempt >= 5) throw err;
      onRetry?.(code, attempt);
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}
