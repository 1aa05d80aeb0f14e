import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { frenchMonthLabel } from '../../../common/dates/local-date';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { PageType } from '../../../common/graphql/pagination';
import { ReservationEntity } from '../reservation.entity';
import { DAY_STATES, DayState, formatReservationNumber, LINE_KINDS, LINE_STATES, LineKind, LineState, RESERVATION_STATES, ReservationState } from '../reservation-rules';
import { enumOf } from '../../../common/graphql/enum-of';
import { Diet } from '../../children/child.entity';

export const ReservationStateEnum = enumOf(RESERVATION_STATES);
export const ReservationLineKindEnum = enumOf(LINE_KINDS);
export const ReservationLineStateEnum = enumOf(LINE_STATES);
export const DayStateEnum = enumOf(DAY_STATES);
registerEnumType(ReservationStateEnum, { name: 'ReservationState' });
registerEnumType(ReservationLineKindEnum, { name: 'ReservationLineKind', description: 'BOOK : « Demande de réservation » ; CANCEL : « Demande d’annulation ».' });
registerEnumType(ReservationLineStateEnum, { name: 'ReservationLineState' });
registerEnumType(DayStateEnum, { name: 'DayState', description: 'L’état de la présence d’un jour du planning.' });

@ObjectType('ReservationLine')
export class ReservationLineType {
  @Field(() => DateScalarType) date: string;
  @Field(() => ReservationLineKindEnum) kind: LineKind;
  @Field(() => ReservationLineStateEnum) state: LineState;
  @Field(() => String, { nullable: true }) reason: string | null;
  /** Not shown: the key of the line's own fields (`cancelledBy`). */
  id: string;
}

@ObjectType('Reservation', { description: 'Une demande confirmée sur des jours d’un mois pour un enfant.' })
export class ReservationType {
  @Field(() => ID) id: string;
  @Field({ description: 'Numéro sur 6 chiffres, ex. « 025288 ».' }) number: string;
  @Field({ description: '« septembre 2021 »' }) periodLabel: string;
  @Field() createdAt: Date;
  @Field(() => DateScalarType) firstDate: string;
  @Field(() => DateScalarType) lastDate: string;
  /** Stored (settled by the database with its lines); answered from the lines of the same answer: see the resolver. */
  state: ReservationState;
  childId: string;
  activityId: string;
}

export const toReservationType = (r: ReservationEntity): ReservationType => ({
  id: r.id,
  number: formatReservationNumber(r.number),
  periodLabel: frenchMonthLabel(r.month),
  createdAt: r.createdAt,
  firstDate: r.firstDate,
  lastDate: r.lastDate,
  state: r.state,
  childId: r.childId,
  activityId: r.activityId,
});

export const ReservationPageType = PageType(ReservationType, 'ReservationPage');

@ObjectType('ReservationPreviewLine')
export class ReservationPreviewLineType {
  @Field(() => DateScalarType) date: string;
  @Field(() => ReservationLineKindEnum) kind: LineKind;
  @Field() ok: boolean;
  @Field(() => String, { nullable: true, description: 'Motif du refus (INVALID_DAYS), ex. DEADLINE_PASSED.' }) reason: string | null;
  @Field(() => String, { nullable: true, description: 'Le motif en mots, après la date : « le délai de modification est dépassé ».' }) message: string | null;
}

@ObjectType('ReservationPreview', { description: '« Validation du planning » : le récapitulatif avant confirmation.' })
export class ReservationPreviewType {
  @Field() valid: boolean;
  @Field(() => [ReservationPreviewLineType]) lines: ReservationPreviewLineType[];
}

@ObjectType('PlanningDay')
export class PlanningDayType {
  @Field(() => DateScalarType) date: string;
  @Field({ description: 'Faux pour les jours des mois voisins qui complètent la première et la dernière semaine.' }) inMonth: boolean;
  @Field(() => DayStateEnum) state: DayState;
  @Field() modifiable: boolean;
  @Field(() => DateScalarType, { nullable: true, description: 'Dernier jour pour modifier ce jour.' }) modifiableUntil: string | null;
  @Field(() => Int, { nullable: true, description: 'Places restantes (jours de service).' }) seatsLeft: number | null;
  @Field(() => String, { nullable: true }) closureLabel: string | null;
  @Field({ description: 'Jour déjà facturé : il ne peut plus être modifié sur le portail.' }) billed: boolean;
}

@ObjectType('PlanningWeek')
export class PlanningWeekType {
  @Field(() => Int, { description: 'Numéro de semaine ISO (lignes 35 à 39 du guide).' }) isoWeek: number;
  @Field(() => [PlanningDayType]) days: PlanningDayType[];
}

@ObjectType('Planning')
export class PlanningType {
  @Field() month: string;
  @Field(() => [PlanningWeekType]) weeks: PlanningWeekType[];
  childId: string;
  activityId: string;
  bookingClosesOn: string;
  weekdays: number[];
}

@ObjectType('DietCount', { description: 'Combien d’enfants ont ce régime alimentaire, un jour de service.' })
export class DietCountType {
  @Field(() => Diet) diet: Diet;
  @Field(() => Int) count: number;
}
