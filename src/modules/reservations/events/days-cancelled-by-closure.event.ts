import { DomainEvent } from '../../../common/events/event-bus';

/** A closure added by staff cancelled days that were booked or requested: each family is told once. */
export class DaysCancelledByClosure extends DomainEvent {
  constructor(
    readonly communeId: string,
    readonly activityName: string,
    readonly closure: { id: string; label: string },
    /** `billed`: the day was already invoiced (it is credited by an avoir), else it simply will not be billed. */
    readonly days: ReadonlyArray<{ familyId: string; childId: string; date: string; billed: boolean }>,
  ) {
    super();
  }
}
