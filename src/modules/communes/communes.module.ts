import { Global, Module } from '@nestjs/common';
import { CommuneDirectory } from './commune-directory.service';
import { CommunesResolver } from './communes.resolver';
import { CommunesService } from './communes.service';

@Global()
@Module({
  providers: [CommuneDirectory, CommunesService, CommunesResolver],
  exports: [CommuneDirectory, CommunesService],
})
export class CommunesModule {}
