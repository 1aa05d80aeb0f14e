import { Field, ID, InputType } from '@nestjs/graphql';
import { Allow, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DateScalarType } from '../../../common/graphql/date.scalar';

@InputType({ description: 'Un mandat de prélèvement SEPA signé par la famille (le formulaire papier reçu à la régie).' })
export class CreateMandateInput {
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant de famille invalide.' }) familyId: string;
  @Field({ description: 'Le titulaire du compte à débiter.' })
  @IsString()
  @MaxLength(200, { message: 'Le nom du titulaire ne peut pas dépasser 70 caractères.' })
  debtorName: string;
  @Field({ description: 'L’IBAN du compte à débiter (pays, longueur et clé vérifiés).' })
  @IsString()
  @MaxLength(60, { message: 'IBAN invalide : trop long.' })
  iban: string;
  @Field({ nullable: true, description: 'Le BIC de la banque (facultatif).' })
  @IsOptional()
  @IsString()
  @MaxLength(20, { message: 'BIC invalide : 8 ou 11 caractères.' })
  bic?: string;
  @Field(() => DateScalarType, { description: 'Date de signature du mandat (pas dans le futur).' }) @Allow() signedOn: string;
}

@InputType()
export class MandateIdInput {
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant de mandat invalide.' }) mandateId: string;
}

@InputType({ description: 'Un lot de prélèvements pour une date d’échéance.' })
export class CreateDirectDebitBatchInput {
  @Field(() => DateScalarType, { description: 'La date de prélèvement demandée à la banque (pas dans le passé).' }) @Allow() collectionDate: string;
}

@InputType({ description: 'Le rejet d’un prélèvement par la banque, avec son code motif ISO (AM04 « Provision insuffisante »…).' })
export class RecordDirectDebitRejectInput {
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant de paiement invalide.' }) paymentId: string;
  @Field({ description: 'Code motif ISO 20022 : AC01, AC04, AC06, AM04, MD01, MD06, MS02, MS03, SL01…' })
  @IsString()
  @MaxLength(8, { message: 'Code de rejet inconnu (4 caractères, ex. AM04).' })
  reasonCode: string;
}
