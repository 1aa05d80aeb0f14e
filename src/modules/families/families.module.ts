import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChildrenModule } from '../children/children.module';
import { FamiliesResolver } from './families.resolver';
import { FamiliesService } from './families.service';

@Module({
  imports: [AccountsModule, ChildrenModule],
  providers: [FamiliesService, FamiliesResolver],
  exports: [FamiliesService],
})
export class FamiliesModule {}
