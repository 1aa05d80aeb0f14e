import { DomainEvent } from '../../../common/events/event-bus';

/**
 * A staff decision booked days (pending bookings accepted). Billing bills them by itself when their
 * month was already billed (SPEC §2: a catch-up run follows, without staff starting it).
 */
export class DaysBookedByDecision extends DomainEvent {
  constructor(
    readonly communeId: string,
    readonly dates: readonly string[],
  ) {
    super();
  }
}
