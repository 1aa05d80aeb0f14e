import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsUUID } from 'class-validator';
import { PaymentType } from '../../billing/dto/billing.types';

@InputType({ description: 'Les factures cochées dans « Payer en ligne ».' })
export class StartOnlinePaymentInput {
  @Field(() => [ID])
  @IsUUID('all', { each: true, message: 'Identifiant de facture invalide.' })
  @ArrayMinSize(1, { message: 'Cochez au moins une facture à payer.' })
  @ArrayMaxSize(50, { message: '50 factures au plus par paiement.' })
  invoiceIds: string[];
}

@ObjectType('FormField')
export class FormFieldType {
  @Field() name: string;
  @Field() value: string;
}

@ObjectType('PaymentCheckout', { description: 'Le formulaire que le navigateur poste à la banque (« Accéder au paiement »).' })
export class PaymentCheckoutType {
  @Field(() => PaymentType) payment: PaymentType;
  @Field({ description: 'Adresse de la page de paiement de la banque.' }) actionUrl: string;
  @Field({ description: 'POST' }) method: string;
  @Field(() => [FormFieldType], { description: 'Les champs vads_* et leur signature, à poster tels quels.' }) fields: FormFieldType[];
}
