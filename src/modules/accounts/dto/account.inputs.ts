import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Role } from '../../../common/auth/role';

const EMAIL = { message: 'Adresse e-mail invalide.' };
const REQUIRED = (what: string) => ({ message: `${what} est obligatoire.` });
const MAX = (n: number) => ({ message: `${n} caractères au plus.` });
const NAME_PATTERN = /\S/;
/** A first or last name that may be left out, but not blank when given (profile, staff account). */
const OptionalPersonName = (what: string) => applyDecorators(Field({ nullable: true }), IsOptional(), IsString(), Matches(NAME_PATTERN, REQUIRED(what)), MaxLength(100, MAX(100)));

@InputType()
export class LoginInput {
  @Field({ description: 'Identifiant de connexion ou adresse e-mail.' })
  @IsString()
  @IsNotEmpty(REQUIRED('L’identifiant'))
  @MaxLength(254, MAX(254))
  identifier: string;
  @Field()
  @IsString()
  @IsNotEmpty(REQUIRED('Le mot de passe'))
  @MaxLength(200, MAX(200))
  password: string;
}

@InputType()
export class RefreshSessionInput {
  @Field()
  @IsString()
  @IsNotEmpty(REQUIRED('Le jeton'))
  @MaxLength(200, MAX(200))
  refreshToken: string;
}

@InputType()
export class ActivateAccountInput {
  @Field()
  @IsString()
  @IsNotEmpty(REQUIRED('Le jeton'))
  @MaxLength(200, MAX(200))
  token: string;
  @Field()
  @IsString()
  @MaxLength(200, MAX(200))
  password: string;
}

@InputType()
export class RequestPasswordResetInput {
  @Field()
  @IsEmail({}, EMAIL)
  @MaxLength(254, MAX(254))
  email: string;
}

@InputType()
export class ResetPasswordInput {
  @Field()
  @IsString()
  @IsNotEmpty(REQUIRED('Le jeton'))
  @MaxLength(200, MAX(200))
  token: string;
  @Field()
  @IsString()
  @MaxLength(200, MAX(200))
  newPassword: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString()
  @IsNotEmpty(REQUIRED('Le mot de passe actuel'))
  @MaxLength(200, MAX(200))
  currentPassword: string;
  @Field()
  @IsString()
  @MaxLength(200, MAX(200))
  newPassword: string;
  @Field()
  @IsString()
  @MaxLength(200, MAX(200))
  newPasswordConfirmation: string;
}

@InputType()
export class UpdateProfileInput {
  @OptionalPersonName('Le prénom')
  firstName?: string;
  @OptionalPersonName('Le nom')
  lastName?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+ ().-]{0,40}$/, { message: 'Numéro de téléphone invalide.' })
  phone?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300, MAX(300))
  address?: string;
}

@InputType()
export class RequestEmailChangeInput {
  @Field()
  @IsEmail({}, EMAIL)
  @MaxLength(254, MAX(254))
  newEmail: string;
  @Field()
  @IsString()
  @IsNotEmpty(REQUIRED('Le mot de passe actuel'))
  @MaxLength(200, MAX(200))
  currentPassword: string;
}

@InputType()
export class ConfirmEmailChangeInput {
  @Field()
  @IsString()
  @IsNotEmpty(REQUIRED('Le jeton'))
  @MaxLength(200, MAX(200))
  token: string;
}

/** Who a new account is for: staff type the address and the name. */
@InputType({ isAbstract: true })
abstract class NewPersonInput {
  @Field()
  @IsEmail({}, EMAIL)
  @MaxLength(254, MAX(254))
  email: string;
  @Field()
  @IsString()
  @Matches(NAME_PATTERN, REQUIRED('Le prénom'))
  @MaxLength(100, MAX(100))
  firstName: string;
  @Field()
  @IsString()
  @Matches(NAME_PATTERN, REQUIRED('Le nom'))
  @MaxLength(100, MAX(100))
  lastName: string;
}

@InputType()
export class CreateFamilyAccountInput extends NewPersonInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9+ ().-]{0,40}$/, { message: 'Numéro de téléphone invalide.' })
  phone?: string;
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300, MAX(300))
  address?: string;
  @Field({ nullable: true, description: 'Identifiant souhaité ; par défaut prénom.nom.' })
  @IsOptional()
  @IsString()
  @MaxLength(100, MAX(100))
  login?: string;
}

@InputType()
export class ResendActivationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant de compte invalide.' })
  accountId: string;
}

@InputType()
export class CreateStaffAccountInput extends NewPersonInput {
  @Field(() => Role)
  @IsEnum(Role, { message: 'Rôle invalide.' })
  role: Role;
}

@InputType()
export class UpdateStaffAccountInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'Identifiant de compte invalide.' })
  accountId: string;
  @OptionalPersonName('Le prénom')
  firstName?: string;
  @OptionalPersonName('Le nom')
  lastName?: string;
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role, { message: 'Rôle invalide.' })
  role?: Role;
  @Field({ nullable: true, description: 'Faux : désactive le compte (plus de connexion, sessions fermées) ; vrai : le réactive.' })
  @IsOptional()
  @IsBoolean({ message: 'Valeur invalide.' })
  active?: boolean;
}
