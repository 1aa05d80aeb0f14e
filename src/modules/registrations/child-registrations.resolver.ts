import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { ChildType } from '../children/dto/child.type';
import { RegistrationType } from './dto/registration.type';

/** `Child.registrations`, resolved here so that the children module need not depend on this one. */
@Resolver(() => ChildType)
export class ChildRegistrationsResolver {
  @ResolveField('registrations', () => [RegistrationType])
  childRegistrations(@Parent() child: ChildType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('registrationsByChild').load(child.id);
  }
}
