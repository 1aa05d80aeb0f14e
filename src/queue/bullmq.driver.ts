import { Logger } from '@nestjs/common';
import { Job as BullJob, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { withTimeout } from '../common/async/with-timeout';
import { DEFAULT_ATTEMPTS, EnqueueOptions, JobHandler, JobQueueDriver, QueueName } from './job-queue.port';

/** Beyond this an enqueue is given up: the caller falls back (sweeper, or the work done at once). */
const ENQUEUE_TIMEOUT_MS = 500;
const SILENT_AFTER_TIMEOUT_MS = 5000;

/**
 * BullMQ on Redis: any number of API processes enqueue, any number of worker processes consume.
 * `QUEUE_PREFIX` separates deployments sharing one Redis.
 */
export class BullmqQueueDriver implements JobQueueDriver {
  private readonly logger = new Logger('BullMQ');
  private readonly connection: IORedis;
  /** Producers fail fast: with Redis down, an enqueue errors at once instead of waiting out the outage. */
  private readonly producer: IORedis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly handlers = new Map<QueueName, { handler: JobHandler; concurrency: number }>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: IORedis[] = [];

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly runsWorkers: boolean,
  ) {
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
    this.connection.on('error', (err) => this.logger.error(`Redis : ${err.message}`));
    this.producer = new IORedis(redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2000,
      lazyConnect: false,
    });
    this.producer.on('error', () => undefined); // reported by the other connection and by /health
  }

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.producer,
        prefix: this.prefix,
        defaultJobOptions: {
          attempts: DEFAULT_ATTEMPTS,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        },
      });
      // Connection errors are reported once by the main connection and by /health, not per queue.
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  async add<T>(queue: QueueName, name: string, data: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.producer.status !== 'ready') throw new Error(`Redis indisponible (${this.producer.status})`);
    // A Redis that hangs (paused, partitioned) keeps its connection "ready": after one timeout,
    // enqueues fail at once for a while instead of each waiting out the timeout again.
    if (Date.now() < this.silentUntil) throw new Error('Redis ne répond pas (dernier essai il y a moins de 5 s)');
    try {
      await withTimeout(
        this.queue(queue).add(name, data, {
          jobId: options.jobId,
          delay: options.delayMs,
          ...(options.attempts ? { attempts: options.attempts } : {}),
        }),
        ENQUEUE_TIMEOUT_MS,
        'Redis ne répond pas',
      );
    } catch (err) {
      this.silentUntil = Date.now() + SILENT_AFTER_TIMEOUT_MS;
      throw err;
    }
  }
  private silentUntil = 0;

  process(queue: QueueName, handler: JobHandler, concurrency: number): void {
    this.handlers.set(queue, { handler, concurrency });
  }

  async startWorkers(): Promise<void> {
    // Enqueues fail fast when Redis is not ready: wait for the first connection (briefly: with Redis
    // down at start, the process still starts and /health says so).
    if (this.producer.status !== 'ready') {
      await withTimeout(new Promise((resolve) => this.producer.once('ready', resolve)), 5000, '').catch(() =>
        this.logger.error('Redis injoignable au démarrage : les tâches seront reprises par les balayages'),
      );
    }
    if (!this.runsWorkers) return;
    for (const [name, { handler, concurrency }] of this.handlers) {
      const connection = this.connection.duplicate();
      this.workerConnections.push(connection);
      const worker = new Worker(
        name,
        async (job: BullJob) =>
          handler({
            id: job.id!,
            name: job.name,
            data: job.data,
            attempt: job.attemptsMade + 1,
            progress: (p: number) => job.updateProgress(p),
          }),
        {
          connection,
          prefix: this.prefix,
          concurrency,
        },
      );
      worker.on('failed', (job, err) => this.logger.warn(`${name}/${job?.name} #${job?.id} a échoué (essai ${job?.attemptsMade}) : ${err.message}`));
      worker.on('error', (err) => this.logger.error(`worker ${name} : ${err.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`Workers démarrés : ${[...this.handlers.keys()].join(', ')}`);
  }

  async whenIdle(queue: QueueName): Promise<void> {
    const q = this.queue(queue);
    for (;;) {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async ping(): Promise<string> {
    if (this.producer.status !== 'ready') throw new Error(`Redis injoignable (connexion : ${this.producer.status})`);
    return withTimeout(this.producer.ping(), ENQUEUE_TIMEOUT_MS, 'Redis ne répond pas');
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all([this.connection, this.producer, ...this.workerConnections].map((c) => c.quit().catch(() => c.disconnect())));
  }
}
