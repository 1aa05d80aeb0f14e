import { Injectable, OnModuleInit } from '@nestjs/common';
import { Jobs } from '../../../queue/jobs';
import { BillingRuns } from '../billing-runs.service';

/** A queued billing run, executed family by family (each in its own transaction). */
@Injectable()
export class BillingRunJob implements OnModuleInit {
  constructor(
    private readonly runs: BillingRuns,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit() {
    this.jobs.handle('billing.run', (data) => this.runs.execute(data.runId));
  }
}
