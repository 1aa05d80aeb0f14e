import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { enumOf } from '../../common/graphql/enum-of';
import { STATE_KINDS, StateKind } from './state-labels';

export const StateKindEnum = enumOf(STATE_KINDS);
registerEnumType(StateKindEnum, {
  name: 'StateKind',
  description:
    'À quoi un état appartient : inscription, réservation, jour demandé (BOOKING_LINE) ou dont l’annulation est demandée (CANCELLATION_LINE), présence, jour du planning, facture, paiement, avoir, facturation.',
});

@ObjectType('StateLabel', { description: 'Les mots d’un état, tels que le portail les affiche (légendes, pastilles).' })
export class StateLabelType {
  @Field(() => StateKindEnum) kind: StateKind;
  @Field({ description: 'La valeur de l’énumération de cet état (ex. « ACCEPTED ») ; TOO_LATE pour un jour libre dont le délai de modification est dépassé.' })
  state: string;
  @Field({ description: '« Réservation acceptée », « Facture soldée »…' }) label: string;
}
