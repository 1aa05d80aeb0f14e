import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/unit-of-work';
import { BillingFailure, BillingRunEntity, BillingRunState } from './billing-run.entity';
import { BILLING_RUN_MACHINE } from './billing-rules';

/** A RUNNING run with no family billed for this long lost its worker: another execution takes it over. */
const STALLED_RUN_MINUTES = 5;

/**
 * Billing runs: one execution at a time, their progress and failures (an invoice issued moves its
 * run's counters in the same statement: `InvoicesStore.issueInvoice`). Writes take a `Tx`, reads a `Db`.
 */
@Injectable()
export class BillingRunsStore {
  run(db: Db, id: string, communeId?: string): Promise<BillingRunEntity | null> {
    return db.manager.findOneBy(BillingRunEntity, { id, ...(communeId ? { communeId } : {}) });
  }

  /** The commune's runs, newest first. */
  runsPage(db: Db, communeId: string, offset: number, limit: number): Promise<[BillingRunEntity[], number]> {
    return db.manager.findAndCount(BillingRunEntity, { where: { communeId }, order: { createdAt: 'DESC', id: 'DESC' }, skip: offset, take: limit });
  }

  insertRun(tx: Tx, row: Pick<BillingRunEntity, 'communeId' | 'month' | 'trigger' | 'createdBy'>): Promise<BillingRunEntity> {
    return tx.manager.save(tx.manager.create(BillingRunEntity, { ...row, state: 'QUEUED' }));
  }

  /** The scheduled run of a month, created once whatever the number of workers (unique index). */
  async insertScheduledRun(tx: Tx, communeId: string, month: string): Promise<string | null> {
    const rows = (await tx.manager.query(
      `INSERT INTO billing_run (commune_id, month, state, trigger) VALUES ($1, $2, 'QUEUED', 'SCHEDULED')
       ON CONFLICT (commune_id, month) WHERE trigger = 'SCHEDULED' DO NOTHING RETURNING id`,
      [communeId, month],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /**
   * A catch-up run of a month already billed (a DONE run) or being billed (a RUNNING one chose its
   * families when it started), for days booked since: none when the month was never billed, and at
   * most one waiting per commune and month (unique index) — the one waiting bills every day booked
   * before it starts. `unlessRecent` (the chore): none either while another run of the month waits
   * or runs, or when a catch-up of the month ran in the last hour (a family whose billing fails is
   * tried again hourly, listed in each run's failures, not every ten minutes).
   */
  async insertCatchUpRun(tx: Tx, communeId: string, month: string, unlessRecent = false): Promise<string | null> {
    const rows = (await tx.manager.query(
      `INSERT INTO billing_run (commune_id, month, state, trigger)
       SELECT $1::uuid, $2::varchar, 'QUEUED', 'CATCH_UP'
        WHERE EXISTS (SELECT 1 FROM billing_run WHERE commune_id = $1::uuid AND month = $2::varchar AND state IN ('DONE', 'RUNNING'))
          AND NOT ($3 AND EXISTS (SELECT 1 FROM billing_run WHERE commune_id = $1::uuid AND month = $2::varchar
                AND (state IN ('QUEUED', 'RUNNING') OR (trigger = 'CATCH_UP' AND updated_at > now() - interval '1 hour'))))
       ON CONFLICT (commune_id, month) WHERE trigger = 'CATCH_UP' AND state = 'QUEUED' DO NOTHING RETURNING id`,
      [communeId, month, unlessRecent],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /**
   * QUEUED → RUNNING, or a RUNNING run taken over when it made no progress for five minutes (its
   * worker died): one execution at a time — a duplicate job finds it taken and ends. Each family
   * billed moves `updated_at` (the heartbeat). The total is what is done plus what is left.
   */
  async startRun(tx: Tx, id: string, familiesLeft: number): Promise<boolean> {
    const [, count] = (await tx.manager.query(
      `UPDATE billing_run SET state = 'RUNNING', families_total = families_processed + $2, updated_at = now()
        WHERE id = $1 AND (state = 'QUEUED' OR (state = 'RUNNING' AND updated_at < now() - interval '${STALLED_RUN_MINUTES} minutes'))`,
      [id, familiesLeft],
    )) as [unknown, number];
    return count === 1;
  }

  /** One family done, in that family's transaction (with its invoice, if any). */
  async countFamily(tx: Tx, runId: string, invoices: number, failure?: BillingFailure): Promise<void> {
    await tx.manager.query(
      `UPDATE billing_run SET families_processed = families_processed + 1, invoices_created = invoices_created + $2,
              failures = CASE WHEN $3::jsonb IS NULL THEN failures ELSE failures || $3::jsonb END, updated_at = now()
        WHERE id = $1`,
      [runId, invoices, failure ? JSON.stringify([failure]) : null],
    );
  }

  async finishRun(tx: Tx, id: string, state: Extract<BillingRunState, 'DONE' | 'FAILED'>, failure?: BillingFailure): Promise<void> {
    await tx.manager.query(
      `UPDATE billing_run SET state = $2, finished_at = now(), updated_at = now(),
              failures = CASE WHEN $3::jsonb IS NULL THEN failures ELSE failures || $3::jsonb END
        WHERE id = $1 AND state = ANY($4::varchar[])`,
      [id, state, failure ? JSON.stringify([failure]) : null, BILLING_RUN_MACHINE.fromStates(state)],
    );
  }

  /** Runs whose job may have been lost: queued for a minute, or running without progress for five. */
  async staleRuns(db: Db): Promise<string[]> {
    const rows = (await db.manager.query(
      `SELECT id FROM billing_run WHERE (state = 'QUEUED' AND updated_at < now() - interval '1 minute')
          OR (state = 'RUNNING' AND updated_at < now() - interval '${STALLED_RUN_MINUTES} minutes') LIMIT 50`,
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }
}
