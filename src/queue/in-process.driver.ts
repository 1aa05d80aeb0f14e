import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { backoffDelayMs, DEFAULT_ATTEMPTS, EnqueueOptions, Job, JobHandler, JobQueueDriver, QueueName } from './job-queue.port';

interface Pending {
  id: string;
  name: string;
  data: unknown;
  attempt: number;
  maxAttempts: number;
}

interface Lane {
  handler?: JobHandler;
  concurrency: number;
  waiting: Pending[];
  running: number;
  delayed: number;
  ids: Set<string>;
  completed: string[];
  idle: Array<() => void>;
}

/**
 * Queues inside the process, for embedded defaults: same contract as BullMQ (ids deduplicate,
 * retries with backoff, concurrency per queue), nothing survives a restart — the outbox tables and
 * sweepers re-enqueue what was not done.
 */
export class InProcessQueueDriver implements JobQueueDriver {
  private readonly logger = new Logger('InProcessQueue');
  private readonly lanes = new Map<QueueName, Lane>();
  private started = false;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly runsWorkers: boolean) {}

  private lane(queue: QueueName): Lane {
    let lane = this.lanes.get(queue);
    if (!lane) {
      lane = { concurrency: 1, waiting: [], running: 0, delayed: 0, ids: new Set(), completed: [], idle: [] };
      this.lanes.set(queue, lane);
    }
    return lane;
  }

  async add<T>(queue: QueueName, name: string, data: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) return;
    const lane = this.lane(queue);
    const id = options.jobId ?? randomUUID();
    if (lane.ids.has(id)) return;
    lane.ids.add(id);
    const pending: Pending = { id, name, data, attempt: 1, maxAttempts: options.attempts ?? DEFAULT_ATTEMPTS };
    if (options.delayMs) this.later(queue, pending, options.delayMs);
    else lane.waiting.push(pending);
    this.pump(queue);
  }

  process(queue: QueueName, handler: JobHandler, concurrency: number): void {
    const lane = this.lane(queue);
    lane.handler = handler;
    lane.concurrency = concurrency;
  }

  async startWorkers(): Promise<void> {
    if (!this.runsWorkers) return;
    this.started = true;
    for (const queue of this.lanes.keys()) this.pump(queue);
  }

  whenIdle(queue: QueueName): Promise<void> {
    const lane = this.lane(queue);
    if (this.isIdle(lane)) return Promise.resolve();
    return new Promise((resolve) => lane.idle.push(resolve));
  }

  async ping(): Promise<string> {
    return 'in-process';
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // Nothing will run any more: whoever waits for idleness is released.
    for (const lane of this.lanes.values()) {
      lane.delayed = 0;
      lane.waiting = [];
      lane.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  private isIdle(lane: Lane) {
    return lane.waiting.length === 0 && lane.running === 0 && lane.delayed === 0;
  }

  private later(queue: QueueName, pending: Pending, delayMs: number) {
    const lane = this.lane(queue);
    lane.delayed++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      lane.delayed--;
      lane.waiting.push(pending);
      this.pump(queue);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private pump(queue: QueueName) {
    const lane = this.lane(queue);
    if (!this.started || this.closed || !lane.handler) return;
    while (lane.running < lane.concurrency && lane.waiting.length) {
      const pending = lane.waiting.shift()!;
      lane.running++;
      void this.run(queue, lane, pending);
    }
  }

  private async run(queue: QueueName, lane: Lane, pending: Pending) {
    const job: Job = {
      id: pending.id,
      name: pending.name,
      data: pending.data,
      attempt: pending.attempt,
      progress: async () => undefined,
    };
    try {
      await lane.handler!(job);
      // Like BullMQ, a completed job's id is remembered (the last 1,000): adding it again is a no-op.
      lane.completed.push(pending.id);
      if (lane.completed.length > 1000) lane.ids.delete(lane.completed.shift()!);
    } catch (err) {
      if (pending.attempt < pending.maxAttempts && !this.closed) {
        this.logger.warn(`${queue}/${pending.name} #${pending.id} a échoué (essai ${pending.attempt}) : ${(err as Error).message}`);
        this.later(queue, { ...pending, attempt: pending.attempt + 1 }, backoffDelayMs(pending.attempt));
      } else {
        lane.ids.delete(pending.id);
        this.logger.error(`${queue}/${pending.name} #${pending.id} abandonné après ${pending.attempt} essais : ${(err as Error).message}`);
      }
    } finally {
      lane.running--;
      this.pump(queue);
      if (this.isIdle(lane)) lane.idle.splice(0).forEach((resolve) => resolve());
    }
  }
}
