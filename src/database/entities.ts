import { CommuneEntity } from '../modules/communes/commune.entity';
import { AccountEntity } from '../modules/accounts/account.entity';
import { AccountTokenEntity } from '../modules/accounts/account-token.entity';
import { FamilyEntity } from '../modules/accounts/family.entity';
import { RateLimitCounterEntity } from '../modules/accounts/rate-limit-counter.entity';
import { RateLimitEventEntity } from '../modules/accounts/rate-limit-event.entity';
import { SessionEntity } from '../modules/accounts/session.entity';
import { MailMessageEntity } from '../modules/notifications/mail-message.entity';
import { ActivityClosureEntity } from '../modules/activities/activity-closure.entity';
import { ActivityDayEntity } from '../modules/activities/activity-day.entity';
import { ActivityEntity } from '../modules/activities/activity.entity';
import { EstablishmentEntity } from '../modules/activities/establishment.entity';
import { ChildEntity } from '../modules/children/child.entity';
import { RegistrationEntity } from '../modules/registrations/registration.entity';
import { PresenceEntity } from '../modules/reservations/presence.entity';
import { ReservationLineEntity } from '../modules/reservations/reservation-line.entity';
import { ReservationEntity } from '../modules/reservations/reservation.entity';
import { CommuneCounterEntity } from './commune-counter.entity';

/** Every entity, in one list shared by the app, the CLI, the migrations check and the tests. */
export const ENTITIES = [
  CommuneEntity,
  FamilyEntity,
  AccountEntity,
  SessionEntity,
  AccountTokenEntity,
  RateLimitCounterEntity,
  RateLimitEventEntity,
  MailMessageEntity,
  ChildEntity,
  EstablishmentEntity,
  ActivityEntity,
  ActivityClosureEntity,
  ActivityDayEntity,
  RegistrationEntity,
  CommuneCounterEntity,
  ReservationEntity,
  ReservationLineEntity,
  PresenceEntity,
];
