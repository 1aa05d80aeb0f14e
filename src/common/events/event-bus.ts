import { Injectable, Logger } from '@nestjs/common';
import type { Tx, TransactionEvents } from '../../database/tx';
import { DomainEvent } from './domain-event';

// Events keep importing their base class from here.
export { DomainEvent };

type EventType<E extends DomainEvent> = abstract new (...args: never[]) => E;
type InTransactionHandler = (tx: Tx, event: DomainEvent) => Promise<unknown>;
type CommittedHandler = (event: DomainEvent) => Promise<unknown>;

/**
 * Domain events, published through the transaction that made them happen (`tx.publish`):
 * - in-transaction handlers run at once, in that transaction: what must commit or roll back with
 *   the event (a closure cancels the days it covers; a mail's outbox row is written with the
 *   change it tells about, so it can be neither lost nor sent for work that rolled back);
 * - subscribers run once the transaction has committed, for reactions a failure of which must not
 *   undo the change and that something else recovers (no production subscriber yet: billing's
 *   "invoice issued → render its PDF", whose sweeper renders what is missing, is the first).
 *   They see committed data only, and must be idempotent: a retried job publishes again.
 */
@Injectable()
export class EventBus implements TransactionEvents {
  private readonly logger = new Logger(EventBus.name);
  private readonly inTransaction = new Map<EventType<DomainEvent>, InTransactionHandler[]>();
  private readonly committed = new Map<EventType<DomainEvent>, CommittedHandler[]>();

  onInTransaction<E extends DomainEvent>(type: EventType<E>, handler: (tx: Tx, event: E) => Promise<unknown>): void {
    this.listOf(this.inTransaction, type).push(handler as InTransactionHandler);
  }

  subscribe<E extends DomainEvent>(type: EventType<E>, handler: (event: E) => Promise<unknown>): void {
    this.listOf(this.committed, type).push(handler as CommittedHandler);
  }

  /** @internal called by `Tx.publish`. */
  async runInTransaction(tx: Tx, event: DomainEvent): Promise<void> {
    for (const handler of this.handlersOf(this.inTransaction, event)) await handler(tx, event);
  }

  /** @internal called by the unit of work once the publishing transaction has committed. */
  async dispatchCommitted(event: DomainEvent): Promise<void> {
    for (const handler of this.handlersOf(this.committed, event)) {
      try {
        await handler(event);
      } catch (err) {
        this.logger.error(`${event.constructor.name} : ${(err as Error).message}`);
      }
    }
  }

  private listOf<H>(map: Map<EventType<DomainEvent>, H[]>, type: EventType<DomainEvent>): H[] {
    let list = map.get(type);
    if (!list) map.set(type, (list = []));
    return list;
  }

  private handlersOf<H>(map: Map<EventType<DomainEvent>, H[]>, event: DomainEvent): H[] {
    return map.get(event.constructor as EventType<DomainEvent>) ?? [];
  }
}
