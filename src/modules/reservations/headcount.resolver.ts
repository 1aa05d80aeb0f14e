import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { DayHeadcountType } from '../activities/dto/activity.type';
import { ChildType } from '../children/dto/child.type';
import { DietCountType } from './dto/reservation.type';

/**
 * The kitchen's figures of a day (`dailyHeadcount`, `setDayCapacity`) by diet. The type is the
 * activities module's; the presences it counts are this module's.
 */
@Resolver(() => DayHeadcountType)
export class DayHeadcountResolver {
  @ResolveField(() => [ChildType], {
    description: 'Les enfants des présences acceptées (ceux comptés dans `booked`), par nom : classe, école, régime et note allergies / PAI, pour que la cuisine et les agents vérifient la liste.',
  })
  children(@Parent() day: DayHeadcountType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('childrenByDay').load({ activityId: day.activityId, date: day.date });
  }

  @ResolveField(() => [DietCountType], {
    description: 'Les enfants des présences acceptées (ceux comptés dans `booked`) par régime alimentaire : les quatre régimes, dans l’ordre STANDARD, NO_PORK, VEGETARIAN, NO_MEAT, 0 compris.',
  })
  diets(@Parent() day: DayHeadcountType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('dietsByDay').load({ activityId: day.activityId, date: day.date });
  }
}
