import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { ReservationLineType, ReservationType, toReservationType } from './dto/reservation.type';

/** What became of a day after its own request: a later request that cancelled it, or the town hall (a closure, an excused absence). */
@Resolver(() => ReservationLineType)
export class ReservationLineResolver {
  @ResolveField(() => ReservationType, {
    nullable: true,
    description: 'La demande ultérieure dont l’annulation acceptée a annulé ce jour réservé (« annulée par la demande n° 000002 ») ; null sinon.',
  })
  async cancelledBy(@Parent() line: ReservationLineType, @Context() gql: GraphqlContext): Promise<ReservationType | null> {
    const found = await gql.loaders.get('cancelledBy').load(line.id);
    return found ? toReservationType(found) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Ce que la mairie a fait depuis d’un jour réservé : « Jour fermé par la mairie : Grève » (non facturé, ou crédité par un avoir), « Absence excusée par la mairie » ; null sinon.',
  })
  townHallNote(@Parent() line: ReservationLineType, @Context() gql: GraphqlContext): Promise<string | null> {
    return gql.loaders.get('townHallNote').load(line.id);
  }
}
