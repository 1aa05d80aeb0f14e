import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../../common/auth/role';

@ObjectType('Account', { description: 'Un compte de connexion : famille ou agent de la mairie.' })
export class AccountType {
  @Field(() => ID) id: string;
  @Field({ description: 'Identifiant de connexion.' }) login: string;
  @Field() email: string;
  @Field({ description: 'Vrai une fois l’adresse confirmée par le lien reçu par e-mail.' }) emailVerified: boolean;
  @Field(() => Role) role: Role;
  @Field() firstName: string;
  @Field() lastName: string;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) address: string | null;
  @Field({ description: 'Faux pour un compte agent désactivé par un administrateur : il ne peut plus se connecter.' }) active: boolean;
  familyId: string | null;
}

@ObjectType('Family', { description: 'Un foyer : l’unité de facturation, ses comptes et ses enfants.' })
export class FamilyType {
  @Field(() => ID) id: string;
  @Field() name: string;
}

@ObjectType('AuthPayload')
export class AuthPayloadType {
  @Field({ description: 'Jeton d’accès (15 minutes), à envoyer en `Authorization: Bearer …`.' }) accessToken: string;
  @Field({ description: 'Jeton de renouvellement (30 jours), changé à chaque refreshSession.' }) refreshToken: string;
  @Field({ description: 'Fin de validité du jeton d’accès.' }) expiresAt: Date;
  @Field(() => AccountType) account: AccountType;
}
