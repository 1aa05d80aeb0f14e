import { Logger } from '@nestjs/common';
import { Job as BullJob, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { DEFAULT_ATTEMPTS, EnqueueOptions, JobHandler, JobQueueDriver, QueueName } from './job-queue.port';

/**
 * BullMQ on Redis: any number of API processes enqueue, any number of worker processes consume.
 * `QUEUE_PREFIX` separates deployments sharing one Redis.
 */
export class BullmqQueueDriver implements JobQueueDriver {
  private readonly logger = new Logger('BullMQ');
  private readonly connection: IORedis;
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
  }

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: {
          attempts: DEFAULT_ATTEMPTS,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 5000 },
        },
      });
      this.queues.set(name, q);
    }
    return q;
  }

  async add<T>(queue: QueueName, name: string, data: T, options: EnqueueOptions = {}): Promise<void> {
    await this.queue(queue).add(name, data, {
      jobId: options.jobId,
      delay: options.delayMs,
      ...(options.attempts ? { attempts: options.attempts } : {}),
    });
  }

  process(queue: QueueName, handler: JobHandler, concurrency: number): void {
    this.handlers.set(queue, { handler, concurrency });
  }

  async startWorkers(): Promise<void> {
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
      worker.on('failed', (job, err) =>
        this.logger.warn(`${name}/${job?.name} #${job?.id} a échoué (essai ${job?.attemptsMade}) : ${err.message}`),
      );
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
    return this.connection.ping();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await Promise.all([this.connection, ...this.workerConnections].map((c) => c.quit().catch(() => c.disconnect())));
  }
}
