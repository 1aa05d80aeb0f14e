/** Something that happened in the domain ("reservation processed", "closure added"…). */
export abstract class DomainEvent {}
