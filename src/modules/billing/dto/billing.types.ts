import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateScalarType } from '../../../common/graphql/date.scalar';
import { enumOf } from '../../../common/graphql/enum-of';
import { PageType } from '../../../common/graphql/pagination';
import { BILLING_RUN_STATES, BillingRunState } from '../billing-run.entity';
import { INVOICE_STATES, InvoiceState } from '../billing-rules';
import { PAYMENT_METHODS, PAYMENT_STATES, PaymentState } from '../../payments/payment-rules';

export const InvoiceStateEnum = enumOf(INVOICE_STATES);
export const PaymentStateEnum = enumOf(PAYMENT_STATES);
export const PaymentMethodEnum = enumOf(PAYMENT_METHODS);
export const BillingRunStateEnum = enumOf(BILLING_RUN_STATES);
registerEnumType(InvoiceStateEnum, {
  name: 'InvoiceState',
  description: 'UNPAID « Facture non soldée », PAYMENT_PENDING « en attente de validation du paiement », PAID « Facture soldée », TREASURY « géré par le Trésor Public ».',
});
registerEnumType(PaymentStateEnum, { name: 'PaymentState', description: 'PENDING « Règlement en attente de validation », VALIDATED « Règlement validé », REFUSED, CANCELLED « Règlement annulé ».' });
registerEnumType(PaymentMethodEnum, { name: 'PaymentMethod', description: 'Paiements reçus à la régie : espèces (300 € au plus), chèque, virement, CESU.' });
registerEnumType(BillingRunStateEnum, { name: 'BillingRunState' });

@ObjectType('InvoiceLine', { description: 'Un enfant × une activité × un prix unitaire.' })
export class InvoiceLineType {
  @Field() childName: string;
  @Field() activityName: string;
  @Field(() => Int) quantity: number;
  @Field(() => Int) unitPriceCents: number;
  @Field(() => Int) amountCents: number;
  @Field(() => [DateScalarType], { description: 'Les jours facturés (ou crédités) par cette ligne, dans l’ordre.' }) dates: string[];
}

@ObjectType('Invoice', { description: 'Une facture (« Facture n° 2026-00001 »).' })
export class InvoiceType {
  @Field(() => ID) id: string;
  @Field() number: string;
  @Field(() => DateScalarType) issuedOn: string;
  @Field(() => Int) amountCents: number;
  @Field(() => InvoiceStateEnum) state: InvoiceState;
  @Field(() => DateScalarType) periodStart: string;
  @Field(() => DateScalarType) periodEnd: string;
  @Field({ description: 'Les enfants (le « Référent » du guide) : « DEMO Emilie / DEMO Tom ».' }) childrenLabel: string;
  @Field({ description: '« RESTAURANT / MULTI ACCUEIL »' }) establishmentsLabel: string;
  @Field({ description: 'L’« Accueil » du guide : « Restaurant / REGULIER ».' }) accueilLabel: string;
  @Field(() => Int, { description: 'Réglé par des paiements.' }) paidCents: number;
  @Field(() => Int, { description: 'Déduit par des avoirs.' }) creditedCents: number;
  @Field(() => Int, { description: 'Réglé à sa création par le crédit de la famille.' }) fromBalanceCents: number;
  familyId: string;
}

export const InvoicePageType = PageType(InvoiceType, 'InvoicePage');

@ObjectType('CreditNote', { description: 'Un avoir (« Avoir n° AV-2026-00001 ») sur la facture qui avait facturé ses jours.' })
export class CreditNoteType {
  @Field(() => ID) id: string;
  @Field() number: string;
  @Field(() => DateScalarType) issuedOn: string;
  @Field(() => Int) amountCents: number;
  @Field(() => Int, { description: 'La part déduite du restant dû de la facture ; le reste est allé au crédit de la famille.' }) appliedCents: number;
  @Field() reason: string;
  invoiceId: string;
  familyId: string;
}

export const CreditNotePageType = PageType(CreditNoteType, 'CreditNotePage');

@ObjectType('Payment', { description: 'Un paiement (« Paiement n° 04083 (par PAYLINE) »).' })
export class PaymentType {
  @Field(() => ID) id: string;
  @Field() createdAt: Date;
  @Field(() => DateScalarType, { description: 'Jour de réception (régie) ou du paiement.' }) receivedOn: string;
  @Field({ description: 'SYSTEMPAY, PAYLINE, CASH, CHECK, TRANSFER ou CESU.' }) provider: string;
  @Field(() => Int) amountCents: number;
  @Field(() => PaymentStateEnum) state: PaymentState;
  @Field(() => String, { nullable: true, description: 'Paiement enregistré à la régie : n° du chèque, référence du virement ou du titre CESU.' }) reference: string | null;
  @Field(() => String, { nullable: true, description: 'Paiement enregistré à la régie : banque ou émetteur du chèque.' }) issuer: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Pourquoi il n’a pas abouti : « Paiement refusé par la banque », « Paiement abandonné », « Délai de paiement dépassé »… ; null s’il est validé ou en attente.',
  })
  reason: string | null;
  /** Staff only: see PaymentResolver.flag. */
  flag: string | null;
  familyId: string;
}

export const PaymentPageType = PageType(PaymentType, 'PaymentPage');

@ObjectType('BillingSummary', {
  description: 'Les totaux de « Mes Factures & Paiements », qui s’additionnent : grossInvoicedCents − creditedCents − paidCents = dueCents − creditBalanceCents.',
})
export class BillingSummaryType {
  @Field(() => Int, { description: '« Total facturé » : le montant des factures, avant avoirs.' }) grossInvoicedCents: number;
  @Field(() => Int, { description: 'Total facturé, net des avoirs.' }) invoicedCents: number;
  @Field(() => Int) invoiceCount: number;
  @Field(() => Int, { description: 'Total payé (paiements en attente ou validés).' }) paidCents: number;
  @Field(() => Int) paymentCount: number;
  @Field(() => Int, { description: 'Total restant dû (factures non soldées ou au Trésor Public).' }) dueCents: number;
  @Field(() => Int) unsettledInvoiceCount: number;
  @Field(() => Int, { description: '« Total des avoirs ».' }) creditedCents: number;
  @Field(() => Int) creditNoteCount: number;
  @Field(() => Int, { description: '« Avoir disponible » : crédit de la famille, déduit de ses prochaines factures.' }) creditBalanceCents: number;
}

@ObjectType('BillingEntry', { description: 'Une ligne de l’historique : facture, paiement ou avoir.' })
export class BillingEntryType {
  @Field(() => DateScalarType) date: string;
  @Field({ description: 'INVOICE, PAYMENT ou CREDIT_NOTE.' }) kind: string;
  @Field({ description: '« Facture n° 2006-00098 », « Paiement n° 04083 (par PAYLINE) », « Avoir n° AV-2026-00001 ».' }) label: string;
  @Field(() => Int, { nullable: true }) invoiceAmountCents: number | null;
  @Field(() => Int, { nullable: true }) paymentAmountCents: number | null;
  @Field(() => Int, { nullable: true }) creditAmountCents: number | null;
  @Field({ description: 'L’état de la facture ou du paiement ; ISSUED pour un avoir.' }) state: string;
  @Field(() => InvoiceType, { nullable: true }) invoice: InvoiceType | null;
  @Field(() => PaymentType, { nullable: true }) payment: PaymentType | null;
  @Field(() => CreditNoteType, { nullable: true }) creditNote: CreditNoteType | null;
}

export const BillingHistoryPageType = PageType(BillingEntryType, 'BillingHistoryPage');

@ObjectType('BillingFailure', { description: 'Une famille que la facturation n’a pas pu facturer, et pourquoi.' })
export class BillingFailureType {
  @Field(() => ID) familyId: string;
  @Field() familyName: string;
  @Field() message: string;
}

@ObjectType('BillingRun', { description: 'Une facturation d’un mois : file d’attente, progression, résultat.' })
export class BillingRunType {
  @Field(() => ID) id: string;
  @Field({ description: '« 2026-11 »' }) month: string;
  @Field(() => BillingRunStateEnum) state: BillingRunState;
  @Field(() => Int) invoicesCreated: number;
  @Field(() => Int) familiesProcessed: number;
  @Field(() => Int) familiesTotal: number;
  @Field(() => [BillingFailureType]) failures: BillingFailureType[];
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

export const BillingRunPageType = PageType(BillingRunType, 'BillingRunPage');
