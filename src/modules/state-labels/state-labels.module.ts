import { Module } from '@nestjs/common';
import { STATE_LABEL_FIELD_RESOLVERS } from './state-label-fields.resolver';
import { StateLabelsResolver } from './state-labels.resolver';

/** The French words of every state (the `stateLabels` query, the `stateLabel` fields), read from each module's declarations. */
@Module({ providers: [StateLabelsResolver, ...STATE_LABEL_FIELD_RESOLVERS] })
export class StateLabelsModule {}
