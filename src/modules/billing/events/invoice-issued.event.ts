import { DomainEvent } from '../../../common/events/event-bus';

/** A billing run issued an invoice: its mail is written with it; its PDF is rendered once it has committed. */
export class InvoiceIssued extends DomainEvent {
  constructor(
    readonly invoiceId: string,
    readonly communeId: string,
    readonly familyId: string,
  ) {
    super();
  }
}
