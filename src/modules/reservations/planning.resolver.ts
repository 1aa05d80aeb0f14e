import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx } from '../../common/auth/decorators';
import { RequestContext } from '../../common/context/request-context';
import { DateScalarType } from '../../common/graphql/date.scalar';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { toActivityType } from '../activities/activities.service';
import { ActivityType } from '../activities/dto/activity.type';
import { ChildType } from '../children/dto/child.type';
import { PlanningArgs } from './dto/reservation.inputs';
import { PlanningType } from './dto/reservation.type';
import { PlanningService } from './planning.service';

@Resolver(() => PlanningType)
export class PlanningResolver {
  constructor(private readonly planning: PlanningService) {}

  @Query(() => PlanningType, { name: 'planning', description: 'Le planning d’un mois : semaines ISO, jours de service, état de chaque présence.' })
  async monthPlanning(@Ctx() ctx: RequestContext, @Args() args: PlanningArgs): Promise<PlanningType & { activity: ActivityType }> {
    const p = await this.planning.planning(ctx, args.childId, args.activityId, args.month);
    return {
      month: p.month,
      weeks: p.weeks,
      childId: p.childId,
      activityId: p.activity.id,
      activity: toActivityType(p.activity),
      bookingClosesOn: p.activity.bookingClosesOn,
      weekdays: p.activity.weekdays,
    };
  }

  @ResolveField(() => ChildType)
  child(@Parent() p: PlanningType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('children').load(p.childId);
  }

  @ResolveField(() => ActivityType)
  activity(@Parent() p: PlanningType & { activity: ActivityType }) {
    return p.activity;
  }

  @ResolveField(() => DateScalarType, { description: '« Vous avez jusqu’au … pour valider vos réservations ».' })
  bookingClosesOn(@Parent() p: PlanningType) {
    return p.bookingClosesOn;
  }

  @ResolveField(() => [Int], { description: 'Les colonnes : jours de service (1 = lundi).' })
  weekdays(@Parent() p: PlanningType) {
    return p.weekdays;
  }
}
