import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { ChildrenModule } from '../children/children.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { BookingContextLoader } from './booking-context.loader';
import { PlanningResolver } from './planning.resolver';
import { PlanningService } from './planning.service';
import { ReservationProcessor } from './reservation-processor.service';
import { ReservationStateKeeper } from './reservation-state-keeper.service';
import { ReservationsResolver } from './reservations.resolver';
import { ReservationsService } from './reservations.service';

@Module({
  imports: [ActivitiesModule, ChildrenModule, NotificationsModule],
  providers: [BookingContextLoader, ReservationsService, ReservationStateKeeper, ReservationProcessor, PlanningService, ReservationsResolver, PlanningResolver],
  exports: [ReservationsService],
})
export class ReservationsModule {}
