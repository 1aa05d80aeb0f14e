import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { ReservationLineType, ReservationType, toReservationType } from './dto/reservation.type';
import { ReservationsService } from './reservations.service';

/** What became of a day after its own request: a later request that cancelled it, or the town hall (a closure, an excused absence). */
@Resolver(() => ReservationLineType)
export class ReservationLineResolver {
  constructor(private readonly service: ReservationsService) {}

  @ResolveField(() => ReservationType, {
    nullable: true,
    description: 'La demande ultérieure dont l’annulation acceptée a annulé ce jour réservé (« annulée par la demande n° 000002 ») ; null sinon.',
  })
  async cancelledBy(@Parent() line: ReservationLineType, @Context() gql: GraphqlContext): Promise<ReservationType | null> {
    const found = await gql.loaders.custom('cancelledBy', (ids: readonly string[]) => this.service.cancelledBy(ids)).load(line.id);
    return found ? toReservationType(found) : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Ce que la mairie a fait depuis d’un jour réservé : « Jour fermé par la mairie : Grève » (non facturé, ou crédité par un avoir), « Absence excusée par la mairie » ; null sinon.',
  })
  townHallNote(@Parent() line: ReservationLineType, @Context() gql: GraphqlContext): Promise<string | null> {
    return gql.loaders.custom('townHallNote', (ids: readonly string[]) => this.service.townHallNotes(ids)).load(line.id);
  }
}
