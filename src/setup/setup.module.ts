import { Module } from '@nestjs/common';
import { AccountsModule } from '../modules/accounts/accounts.module';
import { CommuneOnboarding } from './commune-onboarding.service';
import { DemoSeeder } from './demo-seeder';

@Module({ imports: [AccountsModule], providers: [CommuneOnboarding, DemoSeeder], exports: [CommuneOnboarding, DemoSeeder] })
export class SetupModule {}
