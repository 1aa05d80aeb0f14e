import { DomainEvent } from '../../../common/events/event-bus';
import { ActivityClosureEntity } from '../activity-closure.entity';
import { ActivityEntity } from '../activity.entity';

/** Staff closed days of an activity; in-transaction handlers undo what the closed days had booked. */
export class ClosureAdded extends DomainEvent {
  constructor(
    readonly activity: ActivityEntity,
    readonly closure: ActivityClosureEntity,
  ) {
    super();
  }
}
