import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageArgs } from '../../../common/graphql/pagination';
import { RegistrationState } from '../registration.entity';

@InputType()
export class RegisterChildInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’enfant invalide.' })
  childId: string;
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
}

@InputType()
export class DecideRegistrationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’inscription invalide.' })
  registrationId: string;
  @Field()
  @IsBoolean()
  accept: boolean;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'Le motif fait 500 caractères au plus.' })
  reason?: string;
}

@ArgsType()
export class RegistrationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId?: string;
  @Field(() => ID, { nullable: true, description: 'Les inscriptions des enfants de cette famille.' })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant de famille invalide.' })
  familyId?: string;
  @Field(() => RegistrationState, { nullable: true })
  @IsOptional()
  @IsEnum(RegistrationState)
  state?: RegistrationState;
}
