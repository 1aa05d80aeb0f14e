import { Module } from '@nestjs/common';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { ChildrenResolver } from './children.resolver';
import { ChildrenService } from './children.service';
import { ChildrenStore } from './children.store';

@Module({
  providers: [HealthDataCipher, ChildrenStore, ChildrenService, ChildrenResolver],
  exports: [ChildrenService, ChildrenStore],
})
export class ChildrenModule {}
