import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '../../common/auth/decorators';
import { StateLabelType } from './state-label.type';
import { STATE_LABELS } from './state-labels';

@Resolver(() => StateLabelType)
export class StateLabelsResolver {
  @Public()
  @Query(() => [StateLabelType], { description: 'Les mots de chaque état (légendes du guide), dans l’ordre des légendes : le portail les lit ici plutôt que de les recopier.' })
  stateLabels(): readonly StateLabelType[] {
    return STATE_LABELS;
  }
}
