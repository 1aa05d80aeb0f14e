import { Global, Module } from '@nestjs/common';
import { CommuneLookup, CommuneResolver } from '../../common/tenancy/commune-resolver';
import { CommuneCountersStore } from './commune-counters.store';
import { CommuneDirectory } from './commune-directory.service';
import { CommunesResolver } from './communes.resolver';
import { CommunesService } from './communes.service';
import { CommunesStore } from './communes.store';

@Global()
@Module({
  providers: [CommunesStore, CommuneCountersStore, CommuneDirectory, { provide: CommuneLookup, useExisting: CommuneDirectory }, CommuneResolver, CommunesService, CommunesResolver],
  exports: [CommuneDirectory, CommuneResolver, CommunesService, CommunesStore, CommuneCountersStore],
})
export class CommunesModule {}
