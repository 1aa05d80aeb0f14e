import { DomainEvent } from '../../../common/events/event-bus';

/**
 * Reservations went through a processing step (seats taken, staff decision, closure). Once no line
 * of one is open, its family is told — once, whatever the number of steps or retries.
 */
export class ReservationProcessed extends DomainEvent {
  constructor(readonly reservationIds: readonly string[]) {
    super();
  }
}
