import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module';
import { FamiliesResolver } from './families.resolver';
import { FamiliesService } from './families.service';
import { FamiliesStore } from './families.store';

@Module({
  imports: [ChildrenModule],
  providers: [FamiliesStore, FamiliesService, FamiliesResolver],
  exports: [FamiliesService],
})
export class FamiliesModule {}
