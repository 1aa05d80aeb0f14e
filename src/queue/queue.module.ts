import { Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { BullmqQueueDriver } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { JOB_QUEUE_DRIVER, JobQueueDriver } from './job-queue.port';
import { Jobs } from './jobs';
import { PeriodicTasks } from './periodic-tasks.service';
import { ScheduleModule } from '@nestjs/schedule';

/**
 * Chooses the queue driver from the configuration. Modules register their handlers in
 * `onModuleInit`; workers start once every module has done so, and only in worker processes.
 */
@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    PeriodicTasks,
    Jobs,
    {
      provide: JOB_QUEUE_DRIVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): JobQueueDriver => {
        const runsWorkers = config.role !== 'api';
        return config.redisUrl ? new BullmqQueueDriver(config.redisUrl, config.queuePrefix, runsWorkers) : new InProcessQueueDriver(runsWorkers);
      },
    },
  ],
  exports: [JOB_QUEUE_DRIVER, PeriodicTasks, Jobs],
})
export class QueueModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE_DRIVER) private readonly driver: JobQueueDriver) {}

  async onApplicationBootstrap() {
    await this.driver.startWorkers();
  }

  async onApplicationShutdown() {
    await this.driver.close();
  }
}
