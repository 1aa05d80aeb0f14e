import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { ReservationLineType, ReservationType, toReservationType } from './dto/reservation.type';
import { ReservationsService } from './reservations.service';

/** What became of a day after its own request: a later request that cancelled it. */
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
}
