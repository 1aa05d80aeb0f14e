import { Logger } from '@nestjs/common';
import { InProcessQueueDriver } from './in-process.driver';
import { backoffDelayMs, DEFAULT_ATTEMPTS, Job } from './job-queue.port';

/** A promise the test settles by hand, to hold a job "running". */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets the driver's promise chains run (no timers involved). */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** Whether a promise has settled, without waiting for it. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await flush();
  return done;
}

describe('InProcessQueueDriver', () => {
  let driver: InProcessQueueDriver;
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    driver = new InProcessQueueDriver(true);
  });

  afterEach(async () => {
    await driver.close();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs the jobs of a queue with their name, data and first attempt', async () => {
    const seen: Array<Pick<Job, 'id' | 'name' | 'data' | 'attempt'>> = [];
    driver.process('mail', async ({ id, name, data, attempt }) => seen.push({ id, name, data, attempt }), 1);
    await driver.startWorkers();
    await driver.add('mail', 'send', { to: 'a@b.c' }, { jobId: 'mail-1' });
    await driver.whenIdle('mail');
    expect(seen).toEqual([{ id: 'mail-1', name: 'send', data: { to: 'a@b.c' }, attempt: 1 }]);
  });

  it('gives each job an id when none is given', async () => {
    const ids: string[] = [];
    driver.process('mail', async (job) => ids.push(job.id), 1);
    await driver.startWorkers();
    await driver.add('mail', 'send', 1);
    await driver.add('mail', 'send', 2);
    await driver.whenIdle('mail');
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  describe('deduplication by jobId', () => {
    it('ignores a job enqueued again while it waits', async () => {
      const runs: unknown[] = [];
      driver.process('billing', async (job) => runs.push(job.data), 1);
      await driver.add('billing', 'run', 'first', { jobId: 'run-2026-01' });
      await driver.add('billing', 'run', 'second', { jobId: 'run-2026-01' });
      await driver.add('billing', 'run', 'other', { jobId: 'run-2026-02' });
      await driver.startWorkers();
      await driver.whenIdle('billing');
      expect(runs).toEqual(['first', 'other']);
    });

    it('ignores a job enqueued again while it runs', async () => {
      const gate = deferred();
      const handler = jest.fn(() => gate.promise);
      driver.process('billing', handler, 4);
      await driver.startWorkers();
      await driver.add('billing', 'run', null, { jobId: 'same' });
      await flush();
      await driver.add('billing', 'run', null, { jobId: 'same' });
      gate.resolve();
      await driver.whenIdle('billing');
      expect(handler).toHaveBeenCalledTimes(1);
    });

    it('ignores a job enqueued again while it waits for a retry', async () => {
      jest.useFakeTimers();
      let calls = 0;
      driver.process(
        'billing',
        async () => {
          if (++calls === 1) throw new Error('bank down');
        },
        1,
      );
      await driver.startWorkers();
      await driver.add('billing', 'apply', null, { jobId: 'ipn-42' });
      await flush();
      expect(calls).toBe(1);
      await driver.add('billing', 'apply', null, { jobId: 'ipn-42' });
      await jest.advanceTimersByTimeAsync(backoffDelayMs(1));
      await driver.whenIdle('billing');
      expect(calls).toBe(2);
    });

    it('keeps queues apart: the same id in two queues is two jobs', async () => {
      const mail = jest.fn(async () => undefined);
      const accounts = jest.fn(async () => undefined);
      driver.process('mail', mail, 1);
      driver.process('accounts', accounts, 1);
      await driver.startWorkers();
      await driver.add('mail', 'x', null, { jobId: 'same' });
      await driver.add('accounts', 'x', null, { jobId: 'same' });
      await Promise.all([driver.whenIdle('mail'), driver.whenIdle('accounts')]);
      expect(mail).toHaveBeenCalledTimes(1);
      expect(accounts).toHaveBeenCalledTimes(1);
    });
  });

  describe('retries', () => {
    it('retries a failing job with exponential backoff, then succeeds', async () => {
      jest.useFakeTimers();
      const attempts: number[] = [];
      driver.process(
        'mail',
        async (job) => {
          attempts.push(job.attempt);
          if (job.attempt < 3) throw new Error(`SMTP down #${job.attempt}`);
        },
        1,
      );
      await driver.startWorkers();
      await driver.add('mail', 'send', null, { jobId: 'm1' });
      const idle = driver.whenIdle('mail');
      await flush();
      expect(attempts).toEqual([1]);

      await jest.advanceTimersByTimeAsync(backoffDelayMs(1) - 1);
      expect(attempts).toEqual([1]);
      await jest.advanceTimersByTimeAsync(1);
      expect(attempts).toEqual([1, 2]);

      await jest.advanceTimersByTimeAsync(backoffDelayMs(2) - 1);
      expect(attempts).toEqual([1, 2]);
      expect(await settled(idle)).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(attempts).toEqual([1, 2, 3]);

      expect(await settled(idle)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[0][0]).toContain('SMTP down #1');
      expect(error).not.toHaveBeenCalled();
    });

    it('gives up after the allowed attempts, logs it, and frees the id', async () => {
      jest.useFakeTimers();
      const handler = jest.fn(async () => {
        throw new Error('always');
      });
      driver.process('documents', handler, 1);
      await driver.startWorkers();
      await driver.add('documents', 'pdf', null, { jobId: 'pdf-1', attempts: 2 });
      const idle = driver.whenIdle('documents');
      await jest.advanceTimersByTimeAsync(backoffDelayMs(1));
      expect(await settled(idle)).toBe(true);
      expect(handler).toHaveBeenCalledTimes(2);
      expect(error).toHaveBeenCalledTimes(1);
      expect(error.mock.calls[0][0]).toContain('pdf-1');

      // Given up: the same id may be enqueued again (a sweeper re-enqueues what was not done).
      await driver.add('documents', 'pdf', null, { jobId: 'pdf-1', attempts: 1 });
      await flush();
      expect(handler).toHaveBeenCalledTimes(3);
    });

    it(`tries ${DEFAULT_ATTEMPTS} times by default, with growing delays`, async () => {
      jest.useFakeTimers();
      const handler = jest.fn(async () => {
        throw new Error('always');
      });
      driver.process('mail', handler, 1);
      await driver.startWorkers();
      await driver.add('mail', 'send', null);
      let total = 0;
      for (let attempt = 1; attempt < DEFAULT_ATTEMPTS; attempt++) total += backoffDelayMs(attempt);
      await jest.advanceTimersByTimeAsync(total - 1);
      expect(handler).toHaveBeenCalledTimes(DEFAULT_ATTEMPTS - 1);
      await jest.advanceTimersByTimeAsync(1);
      expect(handler).toHaveBeenCalledTimes(DEFAULT_ATTEMPTS);
      await jest.advanceTimersByTimeAsync(120_000);
      expect(handler).toHaveBeenCalledTimes(DEFAULT_ATTEMPTS);
      expect([1, 2, 3, 4, 10].map(backoffDelayMs)).toEqual([1000, 2000, 4000, 8000, 60_000]);
    });
  });

  describe('whenIdle', () => {
    it('resolves at once on an empty queue', async () => {
      expect(await settled(driver.whenIdle('reservations'))).toBe(true);
    });

    it('waits for the running job to finish', async () => {
      const gate = deferred();
      driver.process('reservations', () => gate.promise, 1);
      await driver.startWorkers();
      await driver.add('reservations', 'decide', null);
      const idle = driver.whenIdle('reservations');
      expect(await settled(idle)).toBe(false);
      gate.resolve();
      expect(await settled(idle)).toBe(true);
    });

    it('waits for delayed jobs', async () => {
      jest.useFakeTimers();
      const handler = jest.fn(async () => undefined);
      driver.process('accounts', handler, 1);
      await driver.startWorkers();
      await driver.add('accounts', 'later', null, { delayMs: 5000 });
      const idle = driver.whenIdle('accounts');
      await jest.advanceTimersByTimeAsync(4999);
      expect(handler).not.toHaveBeenCalled();
      expect(await settled(idle)).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(handler).toHaveBeenCalledTimes(1);
      expect(await settled(idle)).toBe(true);
    });

    it('waits for every job of the queue, not only the first', async () => {
      const gates = [deferred(), deferred()];
      let i = 0;
      driver.process('mail', () => gates[i++].promise, 1);
      await driver.startWorkers();
      await driver.add('mail', 'a', null);
      await driver.add('mail', 'b', null);
      const idle = driver.whenIdle('mail');
      gates[0].resolve();
      expect(await settled(idle)).toBe(false);
      gates[1].resolve();
      expect(await settled(idle)).toBe(true);
    });
  });

  describe('concurrency', () => {
    it('runs at most `concurrency` jobs of a queue at once, and all of them', async () => {
      let running = 0;
      let peak = 0;
      const gates = Array.from({ length: 5 }, () => deferred());
      const done: number[] = [];
      driver.process(
        'billing',
        async (job) => {
          const n = job.data as number;
          running++;
          peak = Math.max(peak, running);
          await gates[n].promise;
          running--;
          done.push(n);
        },
        2,
      );
      await driver.startWorkers();
      for (let n = 0; n < 5; n++) await driver.add('billing', 'family', n);
      await flush();
      expect(running).toBe(2);
      for (const g of gates) {
        g.resolve();
        await flush();
        expect(running).toBeLessThanOrEqual(2);
      }
      await driver.whenIdle('billing');
      expect(peak).toBe(2);
      expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    });

    it('runs jobs of a single-concurrency queue one after the other, in order', async () => {
      const order: string[] = [];
      driver.process(
        'billing',
        async (job) => {
          order.push(`start ${job.data}`);
          await new Promise((r) => setTimeout(r, 5));
          order.push(`end ${job.data}`);
        },
        1,
      );
      await driver.startWorkers();
      for (const n of [1, 2, 3]) await driver.add('billing', 'apply', n);
      await driver.whenIdle('billing');
      expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    });

    it('does not let a busy queue hold up another one', async () => {
      const gate = deferred();
      driver.process('billing', () => gate.promise, 1);
      const mail = jest.fn(async () => undefined);
      driver.process('mail', mail, 1);
      await driver.startWorkers();
      await driver.add('billing', 'long', null);
      await driver.add('mail', 'send', null);
      await driver.whenIdle('mail');
      expect(mail).toHaveBeenCalledTimes(1);
      gate.resolve();
      await driver.whenIdle('billing');
    });
  });

  describe('processes without workers, start and close', () => {
    it('keeps jobs until the workers start', async () => {
      const handler = jest.fn(async () => undefined);
      driver.process('mail', handler, 1);
      await driver.add('mail', 'send', null);
      await flush();
      expect(handler).not.toHaveBeenCalled();
      await driver.startWorkers();
      await driver.whenIdle('mail');
      expect(handler).toHaveBeenCalledTimes(1);
    });

    it('never runs jobs in a process without the worker role', async () => {
      const apiOnly = new InProcessQueueDriver(false);
      const handler = jest.fn(async () => undefined);
      apiOnly.process('mail', handler, 1);
      await apiOnly.startWorkers();
      await apiOnly.add('mail', 'send', null);
      await flush();
      expect(handler).not.toHaveBeenCalled();
      await apiOnly.close();
    });

    it('after close, ignores new jobs and cancels delayed ones', async () => {
      jest.useFakeTimers();
      const handler = jest.fn(async () => undefined);
      driver.process('mail', handler, 1);
      await driver.startWorkers();
      await driver.add('mail', 'later', null, { delayMs: 1000 });
      await driver.close();
      await driver.add('mail', 'now', null);
      await jest.advanceTimersByTimeAsync(10_000);
      expect(handler).not.toHaveBeenCalled();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('answers ping without any backend', async () => {
      await expect(driver.ping()).resolves.toBe('in-process');
    });
  });
});
