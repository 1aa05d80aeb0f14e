import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../common/auth/decorators';
import { JOB_QUEUE_DRIVER, JobQueueDriver } from '../../queue/job-queue.port';

/** Liveness and readiness: the database answers, the queue backend (Redis or in-process) answers. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(JOB_QUEUE_DRIVER) private readonly queue: JobQueueDriver,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          const answer = await Promise.race([
            this.queue.ping(),
            new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000)),
          ]);
          return indicator.up({ mode: answer === 'in-process' ? 'in-process' : 'redis' });
        } catch (err) {
          return indicator.down({ message: (err as Error).message });
        }
      },
    ]);
  }
}
