import { Query, Resolver } from '@nestjs/graphql';
import { Ctx, Public } from '../../common/auth/decorators';
import { RequestContext } from '../../common/context/request-context';
import { CommunesService } from './communes.service';
import { CommuneType } from './dto/commune.type';

@Resolver(() => CommuneType)
export class CommunesResolver {
  constructor(private readonly communes: CommunesService) {}

  @Public()
  @Query(() => CommuneType, { description: 'La commune de la requête (en-tête X-Commune, paramètre domaine, ou celle du jeton).' })
  commune(@Ctx() ctx: RequestContext) {
    return this.communes.current(ctx);
  }
}
