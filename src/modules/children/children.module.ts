import { Module } from '@nestjs/common';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { ActivitiesModule } from '../activities/activities.module';
import { RegistrationsResolver } from '../registrations/registrations.resolver';
import { RegistrationsService } from '../registrations/registrations.service';
import { FamiliesResolver } from '../families/families.resolver';
import { FamiliesService } from '../families/families.service';
import { ChildrenResolver } from './children.resolver';
import { ChildrenService } from './children.service';

/**
 * Children, their registrations and the staff's family views: one module because a child's
 * registrations and a family's children resolve through each other.
 */
@Module({
  imports: [ActivitiesModule],
  providers: [HealthDataCipher, ChildrenService, ChildrenResolver, RegistrationsService, RegistrationsResolver, FamiliesService, FamiliesResolver],
  exports: [ChildrenService, RegistrationsService],
})
export class ChildrenModule {}
