import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Commune', { description: 'La commune (mairie) qui gère le portail : l’en-tête des écrans et des courriers.' })
export class CommuneType {
  @Field() code: string;
  @Field() name: string;
  @Field() address: string;
  @Field() postalCode: string;
  @Field() city: string;
  @Field() phone: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field() timezone: string;
}
