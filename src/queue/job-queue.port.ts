/** The queues of the product. Each has its own workers and retry policy. */
export type QueueName = 'mail' | 'accounts' | 'reservations' | 'billing' | 'documents';

export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
  /** 1 on the first try. */
  attempt: number;
  /** Reports progress (0–100) for long jobs such as a billing run. */
  progress(percent: number): Promise<void>;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<unknown>;

export interface EnqueueOptions {
  /** Same id, same job: enqueueing it again while it exists is a no-op. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

/**
 * One small interface, two drivers chosen by configuration: BullMQ on Redis (several processes) and
 * in-process (embedded defaults). Delivery is at least once: handlers must be idempotent.
 */
export interface JobQueueDriver {
  add<T>(queue: QueueName, name: string, data: T, options?: EnqueueOptions): Promise<void>;
  /** Registers the handler of a queue; workers only run in processes whose role includes `worker`. */
  process(queue: QueueName, handler: JobHandler, concurrency: number): void;
  startWorkers(): Promise<void>;
  /** Resolves when nothing is waiting or running (tests, CLI). */
  whenIdle(queue: QueueName): Promise<void>;
  ping(): Promise<string>;
  close(): Promise<void>;
}

export const JOB_QUEUE_DRIVER = Symbol('JOB_QUEUE_DRIVER');

export const DEFAULT_ATTEMPTS = 5;

/** Exponential backoff: 1 s, 2 s, 4 s… capped at one minute. */
export const backoffDelayMs = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1));
