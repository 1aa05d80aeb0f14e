import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { RequestContext } from '../common/context/request-context';

interface Task {
  name: string;
  everyMs: number;
  run: (ctx: RequestContext) => Promise<unknown>;
  atStart: boolean;
}

/**
 * Background chores (sweepers, purges), run only in processes that run workers: an API process
 * never does them. Each runs on an interval registered with @nestjs/schedule; a failure is logged
 * and the next run tries again. They are idempotent, so several workers may run them at once.
 */
@Injectable()
export class PeriodicTasks implements OnApplicationBootstrap {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly tasks: Task[] = [];

  constructor(
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Registers a chore; `atStart` runs it once soon after start (work left by a crash or restart). */
  every(name: string, everyMs: number, run: (ctx: RequestContext) => Promise<unknown>, options: { atStart?: boolean } = {}): void {
    this.tasks.push({ name, everyMs, run, atStart: options.atStart ?? false });
  }

  onApplicationBootstrap() {
    if (this.config.role === 'api') return;
    for (const task of this.tasks) {
      const safe = () => void task.run(RequestContext.system(`schedule:${task.name}`)).catch((err) => this.logger.warn(`${task.name} : ${(err as Error).message}`));
      const interval = setInterval(safe, task.everyMs);
      interval.unref();
      this.registry.addInterval(task.name, interval);
      if (task.atStart) {
        const timeout = setTimeout(safe, 2_000);
        timeout.unref();
        this.registry.addTimeout(`${task.name}:start`, timeout);
      }
    }
  }
}
