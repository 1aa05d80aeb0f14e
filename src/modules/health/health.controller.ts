import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../../common/auth/decorators';
import { withTimeout } from '../../common/async/with-timeout';
import { UnitOfWork } from '../../database/unit-of-work';
import { JOB_QUEUE_DRIVER, JobQueueDriver } from '../../queue/job-queue.port';

const TIMEOUT_MS = 3000;

/**
 * Liveness and readiness: the database answers, the queue backend (Redis or in-process) answers.
 * Each dependency says in its own words whether it is up, so that an operator reads at once which
 * one is down (503 then).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly uow: UnitOfWork,
    @Inject(JOB_QUEUE_DRIVER) private readonly queue: JobQueueDriver,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () =>
        this.probe(
          'database',
          async () => {
            await this.uow.ping();
            return { message: 'La base de données répond.' };
          },
          'La base de données ne répond pas',
        ),
      () =>
        this.probe(
          'redis',
          async () => {
            const answer = await this.queue.ping();
            return answer === 'in-process' ? { mode: 'in-process', message: 'Files de tâches dans le processus (sans Redis).' } : { mode: 'redis', message: 'Redis répond.' };
          },
          'Redis ne répond pas : les demandes sont enregistrées et seront traitées à son retour',
        ),
    ]);
  }

  private async probe(key: string, check: () => Promise<Record<string, string>>, downMessage: string) {
    const indicator = this.indicators.check(key);
    try {
      const details = await withTimeout(check(), TIMEOUT_MS, 'délai dépassé');
      return indicator.up(details);
    } catch (err) {
      return indicator.down({ message: `${downMessage} (${(err as Error).message}).` });
    }
  }
}
