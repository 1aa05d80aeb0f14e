import { Module } from '@nestjs/common';
import { AccountsModule } from '../modules/accounts/accounts.module';
import { ActivitiesModule } from '../modules/activities/activities.module';
import { ChildrenModule } from '../modules/children/children.module';
import { RegistrationsModule } from '../modules/registrations/registrations.module';
import { BillingModule } from '../modules/billing/billing.module';
import { PaymentsStoreModule } from '../modules/payments/payments-store.module';
import { CommuneOnboarding } from './commune-onboarding.service';
import { DemoSeeder } from './demo-seeder';

@Module({
  imports: [AccountsModule, ActivitiesModule, ChildrenModule, RegistrationsModule, BillingModule, PaymentsStoreModule],
  providers: [CommuneOnboarding, DemoSeeder],
  exports: [CommuneOnboarding, DemoSeeder],
})
export class SetupModule {}
