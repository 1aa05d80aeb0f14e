import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { Diet } from '../child.entity';

registerEnumType(Diet, { name: 'Diet', description: 'Régime alimentaire.' });

@ObjectType('Age')
export class AgeType {
  @Field(() => Int) years: number;
  @Field(() => Int) months: number;
}

@ObjectType('Child', { description: 'Un enfant de la famille ("Mes Enfants").' })
export class ChildType {
  @Field(() => ID) id: string;
  @Field() firstName: string;
  @Field() lastName: string;
  @Field(() => DateScalarType) birthDate: string;
  @Field(() => String, { nullable: true, description: 'École fréquentée.' }) school: string | null;
  @Field(() => String, { nullable: true, description: 'Classe (CP, CE1…).' }) grade: string | null;
  @Field(() => Diet) diet: Diet;
  @Field(() => String, { nullable: true, description: 'Allergies / PAI : donnée de santé, visible de la famille et des agents seulement.' })
  allergies: string | null;
  familyId: string;
  communeId: string;
}
