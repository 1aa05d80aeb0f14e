import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { ChildrenModule } from '../children/children.module';
import { ChildRegistrationsResolver } from './child-registrations.resolver';
import { RegistrationsResolver } from './registrations.resolver';
import { RegistrationsService } from './registrations.service';
import { RegistrationsStore } from './registrations.store';

@Module({
  imports: [ChildrenModule, ActivitiesModule],
  providers: [RegistrationsStore, RegistrationsService, RegistrationsResolver, ChildRegistrationsResolver],
  exports: [RegistrationsService, RegistrationsStore],
})
export class RegistrationsModule {}
