import { DomainEvent } from '../../../common/events/event-bus';

/** A reservation has no open line left (processed, decided or closed): its family is told once. */
export class ReservationSettled extends DomainEvent {
  constructor(readonly reservationId: string) {
    super();
  }
}
