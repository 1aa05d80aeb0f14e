import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { ChildType } from '../children/dto/child.type';
import { RegistrationType } from './dto/registration.type';
import { RegistrationsService } from './registrations.service';

/** `Child.registrations`, resolved here so that the children module need not depend on this one. */
@Resolver(() => ChildType)
export class ChildRegistrationsResolver {
  constructor(private readonly registrations: RegistrationsService) {}

  @ResolveField('registrations', () => [RegistrationType])
  childRegistrations(@Parent() child: ChildType, @Context() gql: GraphqlContext) {
    return gql.loaders.custom('registrationsByChild', (ids: readonly string[]) => this.registrations.byChildren(ids)).load(child.id);
  }
}
