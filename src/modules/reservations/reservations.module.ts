import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ActivitiesModule } from '../activities/activities.module';
import { ChildrenModule } from '../children/children.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { BookingContextLoader } from './booking-context.loader';
import { DecideReservationJob } from './jobs/decide-reservation.job';
import { ProcessReservationJob } from './jobs/process-reservation.job';
import { DayHeadcountResolver } from './headcount.resolver';
import { PlanningResolver } from './planning.resolver';
import { PlanningService } from './planning.service';
import { PresencesStore } from './presences.store';
import { ReservationProcessor } from './reservation-processor.service';
import { ReservationMails } from './reservation-mails.service';
import { ReservationsStore } from './reservations.store';
import { ReservationLinksStore } from './reservation-links.store';
import { ReservationLineResolver } from './reservation-line.resolver';
import { ReservationsResolver } from './reservations.resolver';
import { ReservationsService } from './reservations.service';

@Module({
  imports: [AccountsModule, ActivitiesModule, ChildrenModule, RegistrationsModule, NotificationsModule],
  providers: [
    ReservationsStore,
    PresencesStore,
    ReservationLinksStore,
    ReservationLineResolver,
    BookingContextLoader,
    ReservationsService,
    ReservationProcessor,
    ProcessReservationJob,
    DecideReservationJob,
    ReservationMails,
    PlanningService,
    ReservationsResolver,
    PlanningResolver,
    DayHeadcountResolver,
  ],
  exports: [ReservationsService, PresencesStore],
})
export class ReservationsModule {}
