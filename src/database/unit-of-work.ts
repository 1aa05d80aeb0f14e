import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A transaction in progress: its manager, and work to do once it has committed. */
export class Tx {
  private readonly hooks: Array<() => unknown> = [];
  constructor(readonly manager: EntityManager) {}

  /** Side effects (queue jobs, mails) run only after commit, never for work that rolled back. */
  afterCommit(hook: () => unknown): void {
    this.hooks.push(hook);
  }

  /** @internal */
  async runHooks(logger: Logger): Promise<void> {
    for (const hook of this.hooks) {
      try {
        await hook();
      } catch (err) {
        // The data is committed; a lost enqueue is picked up by the sweepers that re-enqueue work.
        logger.error(`after-commit hook failed: ${(err as Error).message}`);
      }
    }
  }
}

/**
 * One short explicit transaction per mutation. Everything inside uses `tx.manager`: a second
 * connection inside a transaction deadlocks on the embedded database and hides bugs on the real one.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    let tx!: Tx;
    const result = await this.dataSource.transaction(async (manager) => {
      tx = new Tx(manager);
      return work(tx);
    });
    await tx.runHooks(this.logger);
    return result;
  }

  /**
   * Work made of statements that are each safe alone (idempotent, guarded): run without BEGIN and
   * COMMIT round trips; the hooks run at the end as for a transaction.
   */
  async autocommit<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = new Tx(this.dataSource.manager);
    const result = await work(tx);
    await tx.runHooks(this.logger);
    return result;
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
