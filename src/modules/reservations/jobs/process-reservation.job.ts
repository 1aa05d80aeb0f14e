import { Injectable, OnModuleInit } from '@nestjs/common';
import { Jobs } from '../../../queue/jobs';
import { ReservationProcessor } from '../reservation-processor.service';

/** A confirmed request: its seats taken (or NO_PLACE) by the processor; a retried job takes no second seat. */
@Injectable()
export class ProcessReservationJob implements OnModuleInit {
  constructor(
    private readonly processor: ReservationProcessor,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit() {
    this.jobs.handle('reservations.process', (data, ctx) => this.processor.process(ctx, data.reservationId));
  }
}
