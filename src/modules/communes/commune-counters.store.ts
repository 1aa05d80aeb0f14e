import { Injectable } from '@nestjs/common';
import { Tx } from '../../database/unit-of-work';

/**
 * The next number of a commune series as SQL, for a hot statement that must stay one round trip
 * (a reservation, a billing run's invoice): the body of a CTE returning `value`. The counter row
 * stays locked until the transaction ends: a rollback gives the number back (gapless).
 */
export const COUNTER_SQL = {
  next: (communeId: string, series: string) =>
    `INSERT INTO commune_counter (commune_id, name, value) VALUES (${communeId}, ${series}, 1)
         ON CONFLICT (commune_id, name) DO UPDATE SET value = commune_counter.value + 1 RETURNING value`,
};

/**
 * The communes' number series (`commune_counter`): reservations, invoices and credit notes of each
 * year, payments. The one writer of that table; the modules that number something call it, or
 * compose `COUNTER_SQL` into their statement.
 */
@Injectable()
export class CommuneCountersStore {
  /**
   * The next number of a commune series, in the caller's transaction: the counter row stays locked
   * until it ends, so a rollback gives the number back and numbers stay gapless. Draw it last.
   */
  async nextNumber(tx: Tx, communeId: string, series: string): Promise<number> {
    const [row] = (await tx.manager.query(COUNTER_SQL.next('$1', '$2'), [communeId, series])) as Array<{ value: number }>;
    return row.value;
  }

  /**
   * The next `count` numbers of a series at once (a file's titles), in the caller's transaction and
   * held like `nextNumber`'s: returns the first; the others follow it.
   */
  async nextNumbers(tx: Tx, communeId: string, series: string, count: number): Promise<number> {
    const [row] = (await tx.manager.query(
      `INSERT INTO commune_counter (commune_id, name, value) VALUES ($1, $2, $3)
       ON CONFLICT (commune_id, name) DO UPDATE SET value = commune_counter.value + EXCLUDED.value RETURNING value`,
      [communeId, series, count],
    )) as Array<{ value: number }>;
    return row.value - count + 1;
  }

  /** Starts a series after numbers already used elsewhere (demo data imported from a former system). */
  async raiseCounter(tx: Tx, communeId: string, series: string, atLeast: number): Promise<void> {
    await tx.manager.query(
      `INSERT INTO commune_counter (commune_id, name, value) VALUES ($1, $2, $3)
       ON CONFLICT (commune_id, name) DO UPDATE SET value = GREATEST(commune_counter.value, EXCLUDED.value)`,
      [communeId, series, atLeast],
    );
  }
}
