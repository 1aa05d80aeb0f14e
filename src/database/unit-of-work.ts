import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DataSource, EntityManager } from 'typeorm';
import { EventBus } from '../common/events/event-bus';
import { Tx } from './tx';

// The transaction lives in its own file (the event bus's handlers take it, and the unit of work
// hands it the bus); stores keep importing it from here.
export { Tx };

/**
 * The three ways a store reaches the database, as types:
 * - `Tx`: a transaction in progress (or, for `autocommit`, statements each safe alone), for writes;
 * - `ReadDb`: reads outside any transaction, one autocommit statement each;
 * - `Db`: either, for reads that may run inside a caller's transaction.
 * A store's write methods take a `Tx`, its reads a `Db`: nothing else reaches the database.
 */
export type Db = Tx | ReadDb;

const activeTx = new AsyncLocalStorage<Tx>();

/**
 * Reads outside any transaction. Used while a transaction of the same call chain is open, it would
 * take a second connection: a hang on the embedded database (one connection) and an inconsistent
 * read on PostgreSQL. With the guard on (`DB_TRANSACTION_GUARD`: embedded database and tests), that
 * mistake throws at once instead.
 */
export class ReadDb {
  constructor(
    private readonly dataSource: DataSource,
    private readonly guarded: boolean,
  ) {}

  get manager(): EntityManager {
    const tx = this.guarded ? activeTx.getStore() : undefined;
    if (tx?.open && tx.transactional) {
      throw new Error('read handle used inside a transaction: pass the transaction (tx) to the store instead');
    }
    return this.dataSource.manager;
  }
}

/**
 * One short explicit transaction per mutation; everything inside goes through its `Tx`. Reads
 * outside a transaction go through `read`.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  readonly read: ReadDb;

  private readonly guarded: boolean;
  /** Connections in the pool: how many transactions can be open at once (1 on the embedded database). */
  readonly poolSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.guarded = config.transactionGuard;
    this.poolSize = config.dbPoolSize;
    this.read = new ReadDb(dataSource, this.guarded);
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    this.refuseInsideTransaction('transaction');
    let tx!: Tx;
    try {
      const result = await this.dataSource.transaction((manager) => {
        tx = this.open(manager, true);
        return this.guarded ? activeTx.run(tx, () => work(tx)) : work(tx);
      });
      await tx.settle(this.logger);
      return result;
    } finally {
      if (tx) tx.open = false;
    }
  }

  /**
   * Work made of statements that are each safe alone (idempotent, guarded): no BEGIN/COMMIT round
   * trips of ours (TypeORM's `save` still wraps itself in one). Its hooks and post-commit events
   * follow once the work has returned; if it throws after some statements committed, they do not
   * run — which is why such work must be safe to redo (a retried job does it again).
   */
  async autocommit<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    this.refuseInsideTransaction('autocommit statements');
    const tx = this.open(this.dataSource.manager, false);
    const result = await work(tx);
    await tx.settle(this.logger);
    return result;
  }

  /** The database answers (health check). */
  async ping(): Promise<void> {
    this.refuseInsideTransaction('ping');
    await this.dataSource.query('SELECT 1');
  }

  /** A second connection taken inside a transaction of the same call chain: a mistake (see ReadDb). */
  private refuseInsideTransaction(what: string): void {
    const outer = this.guarded ? activeTx.getStore() : undefined;
    if (outer?.open && outer.transactional) {
      throw new Error(`${what} opened inside a transaction: pass the outer transaction (tx) down instead`);
    }
  }

  private open(manager: EntityManager, transactional: boolean): Tx {
    const tx = new Tx(manager, transactional);
    tx.bus = this.bus;
    return tx;
  }
}
