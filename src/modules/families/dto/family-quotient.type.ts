import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateScalarType } from '../../../common/graphql/date.scalar';

@ObjectType('FamilyQuotient', { description: 'Un quotient familial et sa période de validité.' })
export class FamilyQuotientType {
  @Field(() => Int) quotient: number;
  @Field(() => DateScalarType, { description: 'Premier jour couvert.' }) validFrom: string;
  @Field(() => DateScalarType, { nullable: true, description: 'Dernier jour couvert, inclus ; vide : sans date de fin.' }) validTo: string | null;
}
