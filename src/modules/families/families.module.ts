import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ChildrenModule } from '../children/children.module';
import { FamiliesResolver } from './families.resolver';
import { FamiliesService } from './families.service';
import { FamiliesStore } from './families.store';

@Module({
  imports: [AccountsModule, ChildrenModule],
  providers: [FamiliesStore, FamiliesService, FamiliesResolver],
  exports: [FamiliesService],
})
export class FamiliesModule {}
