import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { enumOf } from '../../../common/graphql/enum-of';
import { PageType } from '../../../common/graphql/pagination';
import { MANDATE_STATES, MandateState } from '../mandate.entity';

export const MandateStateEnum = enumOf(MANDATE_STATES);
registerEnumType(MandateStateEnum, { name: 'MandateState', description: 'ACTIVE « Mandat actif », REVOKED « Mandat révoqué ».' });

@ObjectType('Mandate', { description: 'Un mandat de prélèvement SEPA d’une famille.' })
export class MandateType {
  @Field(() => ID) id: string;
  @Field({ description: 'La référence unique du mandat (RUM), qui ne change jamais.' }) reference: string;
  @Field() debtorName: string;
  @Field({ description: '« FR76 •••• •••• •••• •••• •••• 189 »' }) ibanMasked: string;
  @Field(() => String, { nullable: true }) bic: string | null;
  @Field(() => DateScalarType) signedOn: string;
  @Field(() => MandateStateEnum) state: MandateState;
  familyId: string;
}

@ObjectType('DirectDebitBatch', { description: 'Un lot de prélèvements : son fichier pain.008 pour la banque, ses paiements.' })
export class DirectDebitBatchType {
  @Field(() => ID) id: string;
  @Field(() => Int) number: number;
  @Field() createdAt: Date;
  @Field(() => DateScalarType) collectionDate: string;
  @Field(() => Int) paymentCount: number;
  @Field(() => Int) amountCents: number;
  @Field() fileName: string;
}

export const DirectDebitBatchPageType = PageType(DirectDebitBatchType, 'DirectDebitBatchPage');
