import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageType } from '../../../common/graphql/pagination';
import { RegistrationState } from '../registration.entity';

registerEnumType(RegistrationState, { name: 'RegistrationState', description: 'État d’une inscription.' });

@ObjectType('Registration', { description: 'Inscription d’un enfant à une activité ("Les inscriptions").' })
export class RegistrationType {
  @Field(() => ID) id: string;
  @Field(() => RegistrationState) state: RegistrationState;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: 'Motif donné par les agents.' }) reason: string | null;
  childId: string;
  activityId: string;
}

export const RegistrationPageType = PageType(RegistrationType, 'RegistrationPage');
