import { DomainEvent } from '../../../common/events/event-bus';

/**
 * An invoice's money or state moved (a payment, a credit note, the Trésor Public): its stored PDF
 * went with the change; it is rendered again, once committed, as `version` (`documentVersion`).
 */
export class InvoiceChanged extends DomainEvent {
  constructor(
    readonly invoiceId: string,
    readonly version: string,
  ) {
    super();
  }
}
