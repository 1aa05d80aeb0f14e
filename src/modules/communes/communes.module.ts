import { Global, Module } from '@nestjs/common';
import { CommuneCountersStore } from './commune-counters.store';
import { CommuneDirectory } from './commune-directory.service';
import { CommunesResolver } from './communes.resolver';
import { CommunesService } from './communes.service';
import { CommunesStore } from './communes.store';

@Global()
@Module({
  providers: [CommunesStore, CommuneCountersStore, CommuneDirectory, CommunesService, CommunesResolver],
  exports: [CommuneDirectory, CommunesService, CommunesStore, CommuneCountersStore],
})
export class CommunesModule {}
