import { IsMonth } from '../../../common/graphql/month';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Allow, ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { PAYMENT_METHODS, PaymentMethod } from '../../payments/payment-rules';
import { PaymentMethodEnum } from './billing.types';

@InputType()
export class RunBillingInput {
  @Field({ description: 'Le mois à facturer, « 2026-11 ».' })
  @IsString()
  @IsMonth()
  month: string;
}

@InputType()
export class InvoiceIdInput {
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant de facture invalide.' }) invoiceId: string;
}

@InputType({ description: 'Un paiement reçu à la régie, pour une ou plusieurs factures d’une famille.' })
export class RecordPaymentInput {
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant de famille invalide.' }) familyId: string;
  @Field(() => [ID])
  @IsUUID('all', { each: true, message: 'Identifiant de facture invalide.' })
  @ArrayMinSize(1, { message: 'Choisissez au moins une facture.' })
  @ArrayMaxSize(50, { message: '50 factures au plus par paiement.' })
  invoiceIds: string[];
  @Field(() => Int, { description: 'En centimes.' })
  @IsInt({ message: 'Le montant est un nombre entier de centimes.' })
  @Min(1, { message: 'Le montant doit être positif.' })
  amountCents: number;
  @Field(() => PaymentMethodEnum) @IsIn(PAYMENT_METHODS as unknown as string[], { message: 'Moyen de paiement inconnu.' }) method: PaymentMethod;
  @Field(() => DateScalarType, { description: 'Jour de réception.' }) @Allow() receivedOn: string;
  @Field({ nullable: true, description: 'N° du chèque (obligatoire pour un chèque), référence du virement ou du titre CESU.' })
  @IsOptional()
  @IsString()
  @MaxLength(40, { message: 'La référence fait 40 caractères au plus.' })
  reference?: string;
  @Field({ nullable: true, description: 'Banque ou émetteur du chèque (facultatif).' })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'La banque fait 100 caractères au plus.' })
  issuer?: string;
}

@InputType({ description: 'Une absence excusée (certificat médical) : permise après le délai et après facturation.' })
export class ExcuseAbsenceInput {
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant d’enfant invalide.' }) childId: string;
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant d’activité invalide.' }) activityId: string;
  @Field(() => [DateScalarType])
  @ArrayMinSize(1, { message: 'Choisissez au moins un jour.' })
  @ArrayMaxSize(62, { message: '62 jours au plus à la fois.' })
  @Allow()
  dates: string[];
  @Field({ description: '« certificat médical »' })
  @IsString()
  @MaxLength(200, { message: 'Motif : 200 caractères au plus.' })
  reason: string;
}
