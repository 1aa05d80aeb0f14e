import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent } from '../common/events/domain-event';

/**
 * Where a transaction hands the events published through it: the event bus (`EventBus`), seen here
 * through this interface so that the bus (whose handlers take a `Tx`) and the transaction do not
 * import each other.
 */
export interface TransactionEvents {
  runInTransaction(tx: Tx, event: DomainEvent): Promise<void>;
  dispatchCommitted(event: DomainEvent): Promise<void>;
}

/** Work to do once a transaction has committed; none of it runs for work that rolled back. */
export class Tx {
  private readonly hooks: Array<() => unknown> = [];
  private readonly events: DomainEvent[] = [];
  /** @internal false once committed or rolled back. */
  open = true;

  constructor(
    readonly manager: EntityManager,
    /** false for `autocommit`: each statement commits on its own. */
    readonly transactional: boolean,
  ) {}

  /** Side effects (queue jobs) run only after commit, never for work that rolled back. */
  afterCommit(hook: () => unknown): void {
    this.hooks.push(hook);
  }

  /**
   * A domain event ("reservation processed", "invoice issued"…): its in-transaction handlers run
   * now, in this transaction; its other subscribers once the transaction has committed.
   */
  async publish(event: DomainEvent): Promise<void> {
    this.events.push(event);
    await this.bus?.runInTransaction(this, event);
  }

  /**
   * Waits for, then holds until this transaction ends, an application-wide lock named by `key`
   * (e.g. "only one process loads the demo data at a time").
   */
  async lockUntilEnd(key: number): Promise<void> {
    if (!this.transactional) throw new Error('lockUntilEnd needs a transaction (uow.run)');
    await this.manager.query('SELECT pg_advisory_xact_lock($1)', [key]);
  }

  /** @internal */
  bus: TransactionEvents | null = null;

  /** @internal */
  async settle(logger: Logger): Promise<void> {
    this.open = false;
    for (const hook of this.hooks) {
      try {
        await hook();
      } catch (err) {
        // The data is committed; a lost enqueue is picked up by the sweepers that re-enqueue work.
        logger.error(`after-commit hook failed: ${(err as Error).message}`);
      }
    }
    for (const event of this.events) await this.bus?.dispatchCommitted(event);
  }
}
