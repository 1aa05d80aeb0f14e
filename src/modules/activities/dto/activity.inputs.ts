import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DateScalarType } from '../../../common/graphql/date.scalar';

const NAME = /\S/;

@InputType()
export class CreateEstablishmentInput {
  @Field()
  @IsString()
  @Matches(NAME, { message: 'Le nom de l’établissement est obligatoire.' })
  @MaxLength(200, { message: '200 caractères au plus.' })
  name: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300, { message: '300 caractères au plus.' })
  address?: string;
}

@InputType()
export class CreateActivityInput {
  @Field()
  @IsString()
  @Matches(NAME, { message: 'Le nom de l’activité est obligatoire.' })
  @MaxLength(200, { message: '200 caractères au plus.' })
  name: string;
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’établissement invalide.' })
  establishmentId: string;
  @Field()
  @IsString()
  @Matches(/^\d{4}-\d{4}$/, { message: 'L’année scolaire s’écrit « 2021-2022 ».' })
  schoolYear: string;
  @Field(() => DateScalarType) @Allow() startDate: string;
  @Field(() => DateScalarType) @Allow() endDate: string;
  @Field(() => [Int])
  @ArrayMinSize(1, { message: 'Choisissez au moins un jour de service.' })
  @ArrayMaxSize(7, { message: 'Sept jours au plus.' })
  @IsInt({ each: true, message: 'Les jours de service sont des entiers de 1 (lundi) à 7 (dimanche).' })
  @Min(1, { each: true, message: 'Les jours de service vont de 1 (lundi) à 7 (dimanche).' })
  @Max(7, { each: true, message: 'Les jours de service vont de 1 (lundi) à 7 (dimanche).' })
  weekdays: number[];
  @Field(() => DateScalarType, { nullable: true }) @Allow() bookingOpensOn?: string;
  @Field(() => DateScalarType) @Allow() bookingClosesOn: string;
  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'Le délai de modification ne peut pas être négatif.' })
  @Max(365, { message: 'Délai de modification : 365 jours au plus.' })
  modificationLeadDays: number;
  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'La capacité ne peut pas être négative.' })
  @Max(100000, { message: 'Capacité : 100 000 au plus.' })
  dailyCapacity: number;
  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'Le prix ne peut pas être négatif.' })
  @Max(100000, { message: 'Prix du repas : 1 000 € au plus.' })
  mealPriceCents: number;
  @Field()
  @IsBoolean()
  autoAccept: boolean;
}

@InputType()
export class UpdateActivityInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  id: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: 'Le nom de l’activité est obligatoire.' })
  @MaxLength(200, { message: '200 caractères au plus.' })
  name?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{4}$/, { message: 'L’année scolaire s’écrit « 2021-2022 ».' })
  schoolYear?: string;
  @Field(() => DateScalarType, { nullable: true }) @Allow() startDate?: string;
  @Field(() => DateScalarType, { nullable: true }) @Allow() endDate?: string;
  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'Choisissez au moins un jour de service.' })
  @ArrayMaxSize(7, { message: 'Sept jours au plus.' })
  @IsInt({ each: true, message: 'Les jours de service sont des entiers de 1 (lundi) à 7 (dimanche).' })
  @Min(1, { each: true, message: 'Les jours de service vont de 1 (lundi) à 7 (dimanche).' })
  @Max(7, { each: true, message: 'Les jours de service vont de 1 (lundi) à 7 (dimanche).' })
  weekdays?: number[];
  @Field(() => DateScalarType, { nullable: true }) @Allow() bookingOpensOn?: string;
  @Field(() => DateScalarType, { nullable: true }) @Allow() bookingClosesOn?: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'Le délai de modification ne peut pas être négatif.' })
  @Max(365, { message: 'Délai de modification : 365 jours au plus.' })
  modificationLeadDays?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'La capacité ne peut pas être négative.' })
  @Max(100000, { message: 'Capacité : 100 000 au plus.' })
  dailyCapacity?: number;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'Le prix ne peut pas être négatif.' })
  @Max(100000, { message: 'Prix du repas : 1 000 € au plus.' })
  mealPriceCents?: number;
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  autoAccept?: boolean;
}

@InputType()
export class AddClosureInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
  @Field(() => DateScalarType) @Allow() from: string;
  @Field(() => DateScalarType) @Allow() to: string;
  @Field()
  @IsString()
  @Matches(NAME, { message: 'Le libellé de la fermeture est obligatoire.' })
  @MaxLength(200, { message: '200 caractères au plus.' })
  label: string;
}

@InputType({ description: 'Les fermetures comprises entre ces deux jours (inclus) : la période exacte d’une fermeture, ou une période qui en contient plusieurs.' })
export class RemoveClosureInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
  @Field(() => DateScalarType) @Allow() from: string;
  @Field(() => DateScalarType) @Allow() to: string;
}

@InputType()
export class SetDayCapacityInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
  @Field(() => DateScalarType) @Allow() date: string;
  @Field(() => Int)
  @IsInt()
  @Min(0, { message: 'La capacité ne peut pas être négative.' })
  @Max(100000, { message: 'Capacité : 100 000 au plus.' })
  capacity: number;
}

@InputType({ description: 'Une tranche de la tarification au quotient familial.' })
export class PriceBracketInput {
  @Field(() => Int, { nullable: true, description: 'Quotient le plus haut de la tranche, inclus ; vide pour la dernière tranche, sans plafond.' })
  upToQuotient?: number | null;
  @Field(() => Int, { description: 'Prix du repas en centimes.' })
  mealPriceCents: number;
}

@InputType()
export class SetPriceBracketsInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’activité invalide.' })
  activityId: string;
  // Checked as a whole by priceBracketsProblem, which names the bracket at fault (`brackets[2].upToQuotient`).
  @Field(() => [PriceBracketInput], { description: 'Les tranches dans l’ordre des quotients ; vide : le prix unique de l’activité pour tous.' })
  @IsArray()
  brackets: PriceBracketInput[];
}
