import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Allow, IsInt, IsUUID, Max, Min } from 'class-validator';
import { DateScalarType } from '../../../common/graphql/date.scalar';

@InputType({ description: 'Le quotient familial d’une famille et sa période de validité (attestation CAF).' })
export class SetFamilyQuotientInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant de famille invalide.' })
  familyId: string;
  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'Le quotient familial ne peut pas être négatif.' })
  @Max(100000, { message: 'Le quotient familial ne peut pas dépasser 100 000.' })
  quotient: number;
  @Field(() => DateScalarType, { description: 'Premier jour couvert.' }) @Allow() validFrom: string;
  @Field(() => DateScalarType, { nullable: true, description: 'Dernier jour couvert, inclus ; vide : sans date de fin.' }) @Allow() validTo?: string | null;
}
