import { IsMonth } from '../../../common/graphql/month';
import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Allow, ArrayMaxSize, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { PageArgs } from '../../../common/graphql/pagination';
import { ReservationStateEnum } from './reservation.type';
import type { ReservationState } from '../reservation-rules';

@InputType()
export class SubmitReservationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’enfant invalide.' })
  childId: string;
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
  @Field({ description: '« 2021-09 »' })
  @IsString()
  @IsMonth()
  month: string;
  @Field(() => [DateScalarType], { nullable: true, description: 'Jours à réserver.' })
  @Allow()
  @IsOptional()
  @ArrayMaxSize(62)
  book?: string[];
  @Field(() => [DateScalarType], { nullable: true, description: 'Jours réservés à annuler.' })
  @Allow()
  @IsOptional()
  @ArrayMaxSize(62)
  cancel?: string[];
  @Field({ nullable: true, description: 'Même clé, même réservation : une confirmation rejouée ne réserve rien deux fois.' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'La clé d’idempotence fait 100 caractères au plus.' })
  idempotencyKey?: string;
}

@InputType()
export class WithdrawReservationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant de réservation invalide.' })
  reservationId: string;
}

@InputType()
export class DecideReservationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant de réservation invalide.' })
  reservationId: string;
  @Field(() => [DateScalarType], { nullable: true })
  @Allow()
  @IsOptional()
  @ArrayMaxSize(62)
  accept?: string[];
  @Field(() => [DateScalarType], { nullable: true })
  @Allow()
  @IsOptional()
  @ArrayMaxSize(62)
  refuse?: string[];
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'Le motif fait 500 caractères au plus.' })
  reason?: string;
}

@ArgsType()
export class ReservationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId?: string;
  @Field(() => ID, { nullable: true, description: 'Les réservations des enfants de cette famille.' })
  @IsOptional()
  @IsUUID('all', { message: 'Identifiant de famille invalide.' })
  familyId?: string;
  @Field(() => ReservationStateEnum, { nullable: true })
  @IsOptional()
  @IsEnum(ReservationStateEnum)
  state?: ReservationState;
}

@ArgsType()
export class PlanningArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’enfant invalide.' })
  childId: string;
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
  @Field()
  @IsString()
  @IsMonth()
  month: string;
}

@ArgsType()
export class HeadcountArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
  @Field(() => DateScalarType) @Allow() from: string;
  @Field(() => DateScalarType) @Allow() to: string;
}
