import { Global, Module } from '@nestjs/common';
import { CommuneDirectory } from './commune-directory.service';
import { CommunesResolver } from './communes.resolver';
import { CommunesService } from './communes.service';
import { CommunesStore } from './communes.store';

@Global()
@Module({
  providers: [CommunesStore, CommuneDirectory, CommunesService, CommunesResolver],
  exports: [CommuneDirectory, CommunesService, CommunesStore],
})
export class CommunesModule {}
