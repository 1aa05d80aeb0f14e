import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { BILLING_RUN_MACHINE } from '../billing/billing-rules';
import { BillingEntryType, BillingRunType } from '../billing/dto/billing.types';
import { RegistrationType } from '../registrations/dto/registration.type';
import { REGISTRATION_MACHINE } from '../registrations/registration-transitions';
import { PlanningDayType, ReservationLineType } from '../reservations/dto/reservation.type';
import { dayLabel, lineOutcomeLabel } from '../reservations/reservation-rules';
import { STATE_LABELS, StateKind } from './state-labels';

/**
 * The `stateLabel` of the types whose state is a plain value, read from the declarations (invoices
 * and payments: `billing.resolver.ts`; a reservation's, derived from its lines: `reservations.resolver.ts`).
 */
@Resolver(() => RegistrationType)
export class RegistrationStateLabelResolver {
  @ResolveField(() => String, { description: '« Inscription en attente de traitement »…' })
  stateLabel(@Parent() r: RegistrationType): string {
    return REGISTRATION_MACHINE.labels[r.state];
  }
}

@Resolver(() => ReservationLineType)
export class ReservationLineStateLabelResolver {
  @ResolveField(() => String, {
    description: 'Ce que la demande a obtenu pour ce jour : « Présence acceptée », « Demande d’annulation »… (une annulation venue ensuite : `cancelledBy`, `townHallNote`).',
  })
  stateLabel(@Parent() line: ReservationLineType): string {
    return lineOutcomeLabel(line.kind, line.state);
  }
}

@Resolver(() => PlanningDayType)
export class PlanningDayStateLabelResolver {
  @ResolveField(() => String, { description: '« Libre », « Présence acceptée », « Délai de modification dépassé » (un jour libre qui ne peut plus être réservé)…' })
  stateLabel(@Parent() day: PlanningDayType): string {
    return dayLabel(day);
  }
}

@Resolver(() => BillingRunType)
export class BillingRunStateLabelResolver {
  @ResolveField(() => String, { description: '« Facturation en cours »…' })
  stateLabel(@Parent() run: BillingRunType): string {
    return BILLING_RUN_MACHINE.labels[run.state];
  }
}

const ENTRY_KINDS: Readonly<Record<string, StateKind>> = { INVOICE: 'INVOICE', PAYMENT: 'PAYMENT', CREDIT_NOTE: 'CREDIT_NOTE' };

@Resolver(() => BillingEntryType)
export class BillingEntryStateLabelResolver {
  @ResolveField(() => String, { description: '« Facture soldée », « Règlement validé », « Avoir émis »…' })
  stateLabel(@Parent() entry: BillingEntryType): string {
    const kind = ENTRY_KINDS[entry.kind];
    return STATE_LABELS.find((l) => l.kind === kind && l.state === entry.state)?.label ?? entry.state;
  }
}

export const STATE_LABEL_FIELD_RESOLVERS = [
  RegistrationStateLabelResolver,
  ReservationLineStateLabelResolver,
  PlanningDayStateLabelResolver,
  BillingRunStateLabelResolver,
  BillingEntryStateLabelResolver,
];
