import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalarType } from '../../../common/graphql/date.scalar';

@ObjectType('Establishment', { description: 'Établissement : école, restaurant scolaire.' })
export class EstablishmentType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) address: string | null;
}

@ObjectType('Closure', { description: 'Fermeture : vacances, jour férié, fermeture exceptionnelle.' })
export class ClosureType {
  @Field(() => DateScalarType) from: string;
  @Field(() => DateScalarType) to: string;
  @Field() label: string;
  @Field({ description: 'Vrai pour une fermeture décidée par la commune (`removeClosure`) ; faux pour un jour férié.' }) removable: boolean;
}

@ObjectType('PriceBracket', { description: 'Une tranche de la tarification au quotient familial.' })
export class PriceBracketType {
  @Field(() => Int, { nullable: true, description: 'Quotient le plus haut de la tranche, inclus ; vide : sans plafond (la dernière tranche).' })
  upToQuotient: number | null;
  @Field(() => Int, { description: 'Prix du repas en centimes.' }) mealPriceCents: number;
}

@ObjectType('Activity', { description: 'Une prestation réservable, ex. « RESTAURATION SCOLAIRE 2021-2022 ».' })
export class ActivityType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() schoolYear: string;
  @Field(() => DateScalarType) startDate: string;
  @Field(() => DateScalarType) endDate: string;
  @Field(() => [Int], { description: 'Jours de service : 1 = lundi … 7 = dimanche.' }) weekdays: number[];
  @Field(() => DateScalarType, { nullable: true }) bookingOpensOn: string | null;
  @Field(() => DateScalarType, { description: '« Vous avez jusqu’au … pour valider vos réservations ».' }) bookingClosesOn: string;
  @Field(() => Int, { description: 'Délai de modification en jours avant le repas.' }) modificationLeadDays: number;
  @Field(() => Int) dailyCapacity: number;
  @Field(() => Int, { description: 'Prix du repas en centimes.' }) mealPriceCents: number;
  @Field({ description: 'Vrai : demandes acceptées automatiquement dans la limite des places ; faux : décision des agents.' })
  autoAccept: boolean;
  establishmentId: string;
  communeId: string;
}

@ObjectType('DayHeadcount', { description: 'Effectif d’un jour : les chiffres de la cuisine.' })
export class DayHeadcountType {
  @Field(() => DateScalarType) date: string;
  @Field(() => Int) capacity: number;
  @Field(() => Int, { description: 'Places des présences acceptées.' }) booked: number;
  @Field(() => Int, { description: 'Places retenues par des demandes en attente de décision.' }) pending: number;
  /** The day's activity, for the fields resolved from it (`diets`, in the reservations module). */
  activityId: string;
}
