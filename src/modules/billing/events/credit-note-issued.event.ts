import { DomainEvent } from '../../../common/events/event-bus';

/** A credit note was issued (a closure or an excused absence over billed days): mail and PDF, like an invoice. */
export class CreditNoteIssued extends DomainEvent {
  constructor(
    readonly creditNoteId: string,
    readonly communeId: string,
    readonly familyId: string,
  ) {
    super();
  }
}
