import { Injectable, OnModuleInit } from '@nestjs/common';
import { Jobs } from '../../../queue/jobs';
import { ReservationProcessor } from '../reservation-processor.service';

/** A staff decision on pending days, applied by the processor to the lines still pending. */
@Injectable()
export class DecideReservationJob implements OnModuleInit {
  constructor(
    private readonly processor: ReservationProcessor,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit() {
    this.jobs.handle('reservations.decide', (data, ctx) => this.processor.decide(ctx, data));
  }
}
