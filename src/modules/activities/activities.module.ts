import { Module } from '@nestjs/common';
import { ActivitiesResolver } from './activities.resolver';
import { ActivitiesService } from './activities.service';
import { ActivitiesStore } from './activities.store';

@Module({ providers: [ActivitiesStore, ActivitiesService, ActivitiesResolver], exports: [ActivitiesService, ActivitiesStore] })
export class ActivitiesModule {}
