import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '../common/context/request-context';
import { EnqueueOptions, Job, JOB_QUEUE_DRIVER, JobQueueDriver, QueueName } from './job-queue.port';

/**
 * Every job of the product, declared once: its name, and its payload (ids, never entities). A
 * payload names what to do; the handler reads the current state and does only what is still to do.
 */
export interface JobPayloads {
  'mail.send': { mailId: string };
  /** `requestId` is drawn by the API when the family asks: one request, at most one mail. */
  'accounts.password-reset': { requestId: string; communeId: string; email: string };
  'reservations.process': { reservationId: string };
  'reservations.decide': { reservationId: string; accept: string[]; refuse: string[]; reason: string | null };
  'billing.run': { runId: string };
  /** Renders and stores the PDF of an invoice or a credit note (its id). */
  'documents.render': { kind: 'INVOICE' | 'CREDIT_NOTE'; id: string };
}

export type JobName = keyof JobPayloads;
export type JobData<N extends JobName> = JobPayloads[N];
/** A job's handler: its payload, the system context it acts in (no account: nobody triggered it), the job. */
export type JobHandlerOf<N extends JobName> = (data: JobData<N>, ctx: RequestContext, job: Job<JobData<N>>) => Promise<unknown>;

/** Which queue carries each job (each queue has its own workers and concurrency). */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  'mail.send': 'mail',
  'accounts.password-reset': 'accounts',
  'reservations.process': 'reservations',
  'reservations.decide': 'reservations',
  'billing.run': 'billing',
  'documents.render': 'documents',
};

export const QUEUE_CONCURRENCY: Readonly<Record<QueueName, number>> = {
  mail: 4,
  accounts: 2,
  reservations: 8,
  billing: 1,
  documents: 2,
};

/**
 * Typed jobs over the queue driver: `enqueue` checks the payload against the job's name, and each
 * queue's worker dispatches a job to the handler registered for its name. A job of an unknown name
 * (left by an older version) ends quietly with a warning.
 */
@Injectable()
export class Jobs {
  private readonly logger = new Logger(Jobs.name);
  private readonly handlers = new Map<JobName, JobHandlerOf<JobName>>();
  private readonly queues = new Set<QueueName>();

  constructor(@Inject(JOB_QUEUE_DRIVER) private readonly driver: JobQueueDriver) {}

  /** Enqueues a job; throws when the queue backend cannot take it (Redis down: at once, not after the outage). */
  enqueue<N extends JobName>(name: N, data: JobData<N>, options?: EnqueueOptions): Promise<void> {
    return this.driver.add(JOB_QUEUE[name], name, data, options);
  }

  /**
   * For work already recorded in the database, that a sweeper enqueues again when its job is lost:
   * a failed enqueue is logged and the caller goes on.
   */
  async enqueueOrLeaveToSweeper<N extends JobName>(name: N, data: JobData<N>, options?: EnqueueOptions): Promise<void> {
    try {
      await this.enqueue(name, data, options);
    } catch (err) {
      this.logger.warn(`${name} non mis en file (${(err as Error).message}) : repris par le balayage`);
    }
  }

  /**
   * For work recorded nowhere else: when the queue cannot take it, it is done here and now —
   * awaited, or, with `detached`, after the answer (the caller's timing must not tell what the job
   * found, e.g. whether an address has an account).
   */
  async enqueueOrRunNow<N extends JobName>(name: N, data: JobData<N>, options?: EnqueueOptions & { detached?: boolean }): Promise<void> {
    try {
      await this.enqueue(name, data, options);
    } catch (err) {
      this.logger.warn(`${name} non mis en file (${(err as Error).message}) : exécuté tout de suite`);
      const handler = this.handlers.get(name) as JobHandlerOf<N> | undefined;
      if (!handler) throw err;
      const run = () => handler(data, RequestContext.system(`job:${name}`), { id: options?.jobId ?? 'inline', name, data, attempt: 1, progress: async () => undefined });
      if (!options?.detached) return void (await run());
      setImmediate(() => void run().catch((e: Error) => this.logger.error(`${name} : ${e.message}`)));
    }
  }

  /** Registers the handler of a job (in every process; workers run only where the role says so). */
  handle<N extends JobName>(name: N, handler: JobHandlerOf<N>): void {
    if (this.handlers.has(name)) throw new Error(`job ${name}: a handler is already registered`);
    this.handlers.set(name, handler as unknown as JobHandlerOf<JobName>);
    const queue = JOB_QUEUE[name];
    if (this.queues.has(queue)) return;
    this.queues.add(queue);
    this.driver.process(queue, (job) => this.dispatch(job), QUEUE_CONCURRENCY[queue]);
  }

  private async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) {
      this.logger.warn(`tâche inconnue « ${job.name} » ignorée`);
      return undefined;
    }
    return handler(job.data as never, RequestContext.system(`job:${job.name}`), job as Job<never>);
  }
}
