import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { BillingDocumentView } from './billing-document.view';
import type { RenderReply, RenderRequest } from './pdf-render.worker';

/**
 * Renders invoice and credit-note PDFs on worker threads (a piscina pool): a render takes tens of
 * milliseconds of CPU, which must not stall the caller's event loop (HTTP requests, queue jobs).
 *
 * Up to `size` threads, started on first need and kept; each renders one document at a time and the
 * others wait in a queue. A thread that dies is replaced, and the request it was rendering is
 * rejected (a render that fails answers its error instead: see pdf-render.worker). Idle threads
 * never keep the process alive; call `close()` on shutdown all the same (Nest calls
 * `onApplicationShutdown` when the pool is a provider).
 */
export class PdfRenderPool {
  private threads: Piscina<RenderRequest, RenderReply> | undefined;
  private closed = false;

  /** `workerFile`: the compiled worker script; by default found beside this file or in dist/ (see `defaultWorkerFile`). */
  constructor(
    private readonly size = 1,
    private readonly workerFile = defaultWorkerFile(),
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`PdfRenderPool: size must be a positive integer (${size})`);
  }

  async render(view: BillingDocumentView): Promise<Buffer> {
    if (this.closed) throw new Error('PdfRenderPool is closed');
    if (!existsSync(this.workerFile)) {
      throw new Error(
        `PDF render worker not found at ${this.workerFile}: run npm run build ` +
          '(TypeScript sources, under jest or ts-node, use the compiled worker from dist/ since a worker thread cannot load .ts files)',
      );
    }
    let reply: RenderReply;
    try {
      reply = await this.started().run({ view });
    } catch (error) {
      // The worker answers render errors: a rejection means that the thread itself stopped.
      const message = (error as Error).message;
      const exitCode = /^worker exited with code: (-?\d+)$/.exec(message)?.[1];
      const why = this.closed ? 'the pool was closed' : exitCode ? `it exited with code ${exitCode}` : `it crashed: ${message}`;
      throw new Error(`PDF rendering failed: the render thread stopped (${why})`, { cause: error });
    }
    if ('error' in reply) throw new Error(`PDF rendering failed: ${reply.error.message}`, { cause: reply.error });
    return Buffer.from(reply);
  }

  /** Rejects what is waiting or rendering, and stops the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.threads?.destroy();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /**
   * The threads, started on the first render. piscina keeps `minThreads` alive and starts a new one
   * when one dies (with fewer, a request queued behind a crashed render would wait for ever).
   */
  private started(): Piscina<RenderRequest, RenderReply> {
    if (!this.threads) {
      this.threads = new Piscina({ filename: this.workerFile, minThreads: this.size, maxThreads: this.size, concurrentTasksPerWorker: 1 });
      // A thread that dies between two renders is replaced; nobody was waiting on it.
      this.threads.on('error', () => undefined);
    }
    return this.threads;
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
