import { Global, Module } from '@nestjs/common';
import { EventBus } from '../common/events/event-bus';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({ providers: [UnitOfWork, EventBus], exports: [UnitOfWork, EventBus] })
export class DatabaseModule {}
