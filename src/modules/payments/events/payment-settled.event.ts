import { DomainEvent } from '../../../common/events/event-bus';
import { PaymentState } from '../payment-rules';

/** An online payment reached a final state (validated, refused, cancelled): the family is told. */
export class PaymentSettled extends DomainEvent {
  constructor(
    readonly paymentId: string,
    readonly communeId: string,
    readonly familyId: string,
    readonly state: PaymentState,
  ) {
    super();
  }
}
