import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BillingDocumentView } from './billing-document.view';
import type { RenderReply, RenderRequest } from './pdf-render.worker';

interface Job {
  id: number;
  view: BillingDocumentView;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

/**
 * Renders invoice and credit-note PDFs on worker threads: a render takes tens of milliseconds of
 * CPU, which must not stall the caller's event loop (HTTP requests, queue jobs).
 *
 * Up to `size` threads, started on first need; each renders one document at a time and the others
 * wait in a queue. A thread that dies is replaced, and the request it was rendering is rejected.
 * Idle threads are unref'd, so an idle pool never keeps the process alive; call `close()` on shutdown
 * all the same (Nest calls `onApplicationShutdown` when the pool is a provider).
 */
export class PdfRenderPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  /** `workerFile`: the compiled worker script; by default found beside this file or in dist/ (see `defaultWorkerFile`). */
  constructor(
    private readonly size = 1,
    private readonly workerFile = defaultWorkerFile(),
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`PdfRenderPool: size must be a positive integer (${size})`);
  }

  render(view: BillingDocumentView): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('PdfRenderPool is closed'));
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, view, resolve, reject });
      this.dispatch();
    });
  }

  /** Rejects what is waiting or rendering, and stops the threads. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('PdfRenderPool closed before rendering this document'));
    const workers = [...this.idle.splice(0), ...this.busy.keys()];
    // terminate() makes each busy thread exit: its 'exit' handler rejects its request.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** Hands waiting requests to idle threads, starting threads while fewer than `size` run. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.busy.size >= this.size) return; // all busy: the request waits for one to answer
        try {
          worker = this.spawn();
        } catch (error) {
          // Cannot start a thread at all (worker script missing): nothing queued could ever be rendered.
          for (const job of this.queue.splice(0)) job.reject(error as Error);
          return;
        }
      }
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.ref(); // a render in progress keeps the process alive, as pending I/O does
      worker.postMessage({ id: job.id, view: job.view } satisfies RenderRequest);
    }
  }

  private spawn(): Worker {
    if (!existsSync(this.workerFile)) {
      throw new Error(
        `PDF render worker not found at ${this.workerFile}: run npm run build ` +
          '(TypeScript sources, under jest or ts-node, use the compiled worker from dist/ since a worker thread cannot load .ts files)',
      );
    }
    const worker = new Worker(this.workerFile);
    let crash: Error | undefined;
    worker.on('message', (reply: RenderReply) => {
      const job = this.busy.get(worker);
      if (!job || job.id !== reply.id) return; // cannot happen: one request per thread at a time
      this.busy.delete(worker);
      if ('pdf' in reply) job.resolve(Buffer.from(reply.pdf));
      else job.reject(new Error(`PDF rendering failed: ${reply.error.message}`, { cause: reply.error }));
      if (this.closed) return;
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
    });
    // An uncaught exception in the thread: 'error', then 'exit'. The request is settled on 'exit'.
    worker.on('error', (error) => (crash = error));
    worker.on('exit', (code) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      if (job) {
        const why = this.closed ? 'the pool was closed' : crash ? `it crashed: ${crash.message}` : `it exited with code ${code}`;
        job.reject(new Error(`PDF rendering failed: the render thread stopped (${why})`, { cause: crash }));
      }
      // The next waiting request (if any) gets a new thread.
      if (!this.closed) this.dispatch();
    });
    return worker;
  }
}

/**
 * The compiled worker script. From dist/ (`npm start`, the queue worker) this file is
 * pdf-render-pool.js and the worker is beside it. From the TypeScript sources (ts-jest, ts-node),
 * a worker thread cannot load the .ts worker: use the build's copy in
 * <repo>/dist/src/modules/billing/documents/ (`npm test` builds first), which must be up to date.
 */
export function defaultWorkerFile(): string {
  if (__filename.endsWith('.js')) return join(__dirname, 'pdf-render.worker.js');
  const repo = join(__dirname, '..', '..', '..', '..');
  return join(repo, 'dist', 'src', 'modules', 'billing', 'documents', 'pdf-render.worker.js');
}
