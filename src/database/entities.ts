import { CommuneEntity } from '../modules/communes/commune.entity';
import { AccountEntity } from '../modules/accounts/account.entity';
import { AccountTokenEntity } from '../modules/accounts/account-token.entity';
import { FamilyEntity } from '../modules/accounts/family.entity';
import { RateLimitCounterEntity } from '../modules/accounts/rate-limit-counter.entity';
import { SessionEntity } from '../modules/accounts/session.entity';
import { MailMessageEntity } from '../modules/notifications/mail-message.entity';

/** Every entity, in one list shared by the app, the CLI, the migrations check and the tests. */
export const ENTITIES = [
  CommuneEntity,
  FamilyEntity,
  AccountEntity,
  SessionEntity,
  AccountTokenEntity,
  RateLimitCounterEntity,
  MailMessageEntity,
];
