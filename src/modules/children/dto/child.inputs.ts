import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { Diet } from '../child.entity';

const NAME = /\S/;

@InputType()
export class AddChildInput {
  @Field()
  @IsString()
  @Matches(NAME, { message: 'Le prénom est obligatoire.' })
  @MaxLength(100, { message: 'Le prénom fait 100 caractères au plus.' })
  firstName: string;
  @Field()
  @IsString()
  @Matches(NAME, { message: 'Le nom est obligatoire.' })
  @MaxLength(100, { message: 'Le nom fait 100 caractères au plus.' })
  lastName: string;
  @Field(() => DateScalarType) @Allow() birthDate: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'Le nom de l’école fait 200 caractères au plus.' })
  school?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50, { message: 'La classe fait 50 caractères au plus.' })
  grade?: string;
  @Field(() => Diet, { nullable: true, description: 'STANDARD par défaut.' })
  @IsOptional()
  @IsEnum(Diet, { message: 'Régime inconnu.' })
  diet?: Diet;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'La note allergies / PAI fait 2000 caractères au plus.' })
  allergies?: string;
}

@InputType()
export class UpdateChildInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant d’enfant invalide.' })
  id: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: 'Le prénom est obligatoire.' })
  @MaxLength(100, { message: 'Le prénom fait 100 caractères au plus.' })
  firstName?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: 'Le nom est obligatoire.' })
  @MaxLength(100, { message: 'Le nom fait 100 caractères au plus.' })
  lastName?: string;
  @Field(() => DateScalarType, { nullable: true }) @Allow() birthDate?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'Le nom de l’école fait 200 caractères au plus.' })
  school?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50, { message: 'La classe fait 50 caractères au plus.' })
  grade?: string;
  @Field(() => Diet, { nullable: true })
  @IsOptional()
  @IsEnum(Diet, { message: 'Régime inconnu.' })
  diet?: Diet;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'La note allergies / PAI fait 2000 caractères au plus.' })
  allergies?: string;
}
