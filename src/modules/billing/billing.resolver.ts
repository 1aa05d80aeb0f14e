import { IsMonth } from '../../common/graphql/month';
import { OnModuleInit } from '@nestjs/common';
import { Args, ArgsType, Context, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { Ctx, Roles } from '../../common/auth/decorators';
import { Role, STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { frenchDate } from '../../common/dates/local-date';
import { DateScalarType } from '../../common/graphql/date.scalar';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { PageArgs } from '../../common/graphql/pagination';
import { ParseUuidPipe } from '../../common/http/parse-uuid.pipe';
import { FamilyType } from '../accounts/dto/account.type';
import { BillingRuns } from './billing-runs.service';
import { INVOICE_STATE_LABELS, INVOICE_STATES, InvoiceState } from './billing-rules';
import { formatPaymentNumber, PAYMENT_STATE_LABELS, PAYMENT_STATES, PaymentState, PROVIDER_LABELS } from '../payments/payment-rules';
import { BillingService } from './billing.service';
import { CreditNotes } from './credit-notes.service';
import { ExcuseAbsenceInput, InvoiceIdInput, RecordPaymentInput, RunBillingInput } from './dto/billing.inputs';
import {
  BillingHistoryPageType,
  BillingRunPageType,
  BillingRunType,
  BillingSummaryType,
  CreditNotePageType,
  CreditNoteType,
  InvoiceLineType,
  InvoicePageType,
  InvoiceStateEnum,
  InvoiceType,
  PaymentPageType,
  PaymentStateEnum,
  PaymentType,
} from './dto/billing.types';
import { InvoiceEntity, remainingOf } from './invoice.entity';
import { PaymentEntity } from '../payments/payment.entity';
import { Payments } from './payments.service';

@ArgsType()
class PaymentsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'Identifiant de famille invalide.' }) familyId?: string;
  @Field(() => PaymentStateEnum, { nullable: true }) @IsOptional() @IsIn(PAYMENT_STATES as unknown as string[]) state?: PaymentState;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() flagged?: boolean | null;
}

@ArgsType()
class InvoicesArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'Identifiant de famille invalide.' }) familyId?: string;
  @Field(() => InvoiceStateEnum, { nullable: true }) @IsOptional() @IsIn(INVOICE_STATES as unknown as string[]) state?: InvoiceState;
  @Field({ nullable: true, description: 'Les factures dont la période touche ce mois, « 2026-11 ».' })
  @IsOptional()
  @IsMonth()
  month?: string;
}

@ArgsType()
class CreditNotesArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'Identifiant de famille invalide.' }) familyId?: string;
  @Field({ nullable: true, description: 'Les avoirs émis ce mois, « 2026-11 ».' })
  @IsOptional()
  @IsMonth()
  month?: string;
}

/** A family's invoices, payments and credit notes name their family (staff lists); batched per request. */
const familyOf = (gql: GraphqlContext, familyId: string) => gql.loaders.get('familyById').load(familyId);

@Resolver(() => InvoiceType)
export class BillingResolver implements OnModuleInit {
  constructor(
    private readonly billing: BillingService,
    private readonly runs: BillingRuns,
    private readonly offline: Payments,
    private readonly credits: CreditNotes,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The billing module's batch reads, for the field resolvers of invoices, credit notes, payments and families. */
  onModuleInit() {
    this.loaders.register('invoiceById', (ids) => this.billing.invoicesByIds(ids));
    this.loaders.register('invoiceDueOn', (invoices) => this.billing.dueOnOf(invoices));
    this.loaders.register('invoiceLines', (ids) => this.billing.linesOf(ids));
    this.loaders.register('invoiceCreditNotes', (ids) => this.billing.creditNotesOf(ids));
    this.loaders.register('creditNoteLines', (ids) => this.billing.creditNoteLinesOf(ids));
    this.loaders.register('paymentInvoices', (ids) => this.billing.invoicesOfPayments(ids));
    this.loaders.register('familyCreditBalance', (ids) => this.billing.creditBalancesOf(ids));
  }

  // ---- families -------------------------------------------------------------------------------

  @Roles(Role.FAMILY)
  @Query(() => BillingSummaryType, { description: '« Total facturé / payé / restant dû » de ma famille.' })
  billingSummary(@Ctx() ctx: RequestContext) {
    return this.billing.summary(ctx);
  }

  @Roles(Role.FAMILY)
  @Query(() => BillingHistoryPageType, { description: 'Factures, paiements et avoirs de ma famille, les plus récents d’abord (5 par page).' })
  billingHistory(@Ctx() ctx: RequestContext, @Args() args: PageArgs) {
    return this.billing.history(ctx, args);
  }

  @Roles(Role.FAMILY)
  @Query(() => [InvoiceType], { description: '« Payer en ligne » : mes factures non soldées, les plus anciennes d’abord.' })
  payableInvoices(@Ctx() ctx: RequestContext) {
    return this.billing.payable(ctx);
  }

  @Query(() => InvoiceType, { description: '« Détail de la facture » (la famille : les siennes ; le personnel : celles de la commune).' })
  invoice(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, ParseUuidPipe) id: string) {
    return this.billing.invoice(ctx, id);
  }

  @Query(() => CreditNoteType, { description: 'Un avoir (la famille : les siens ; le personnel : ceux de la commune).' })
  creditNote(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, ParseUuidPipe) id: string) {
    return this.billing.creditNote(ctx, id);
  }

  @Query(() => PaymentType, { description: 'Un paiement (la famille : les siens ; le personnel : ceux de la commune).' })
  payment(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, ParseUuidPipe) id: string) {
    return this.offline.get(ctx, id);
  }

  // ---- staff ----------------------------------------------------------------------------------

  @Roles(...STAFF_ROLES)
  @Query(() => InvoicePageType, { description: 'Les factures de la commune (d’une famille, d’un état, d’un mois), les plus récentes d’abord.' })
  invoices(@Ctx() ctx: RequestContext, @Args() args: InvoicesArgs) {
    return this.billing.invoices(ctx, { familyId: args.familyId, state: args.state, month: args.month }, args);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => PaymentPageType, { description: 'Les paiements de la commune, les plus récents d’abord ; `flagged` : ceux qui demandent un regard.' })
  payments(@Ctx() ctx: RequestContext, @Args() args: PaymentsArgs) {
    return this.billing.payments(ctx, { familyId: args.familyId, state: args.state, flagged: args.flagged ?? undefined }, args);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => CreditNotePageType, { description: 'Les avoirs de la commune (d’une famille, émis un mois), les plus récents d’abord.' })
  creditNotes(@Ctx() ctx: RequestContext, @Args() args: CreditNotesArgs) {
    return this.billing.creditNotes(ctx, { familyId: args.familyId, month: args.month }, args);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => BillingRunType, { description: 'Facture un mois (file d’attente) : une facture par famille ayant des jours réservés non encore facturés.' })
  runBilling(@Ctx() ctx: RequestContext, @Args('input') input: RunBillingInput) {
    return this.runs.request(ctx, input.month);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => BillingRunPageType, { description: 'Les facturations de la commune, les plus récentes d’abord.' })
  billingRuns(@Ctx() ctx: RequestContext, @Args() args: PageArgs) {
    return this.runs.list(ctx, args);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => BillingRunType, { description: 'Où en est une facturation.' })
  billingRun(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }, ParseUuidPipe) id: string) {
    return this.runs.get(ctx, id);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => InvoiceType, { description: 'Transmet une facture non soldée au Trésor Public : elle ne se paie plus en ligne, elle reste due.' })
  transferInvoiceToTreasury(@Ctx() ctx: RequestContext, @Args('input') input: InvoiceIdInput) {
    return this.billing.transferToTreasury(ctx, input.invoiceId);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => PaymentType, { description: 'Enregistre un paiement reçu à la régie, réparti sur les factures les plus anciennes d’abord.' })
  recordPayment(@Ctx() ctx: RequestContext, @Args('input') input: RecordPaymentInput) {
    return this.offline.record(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => [CreditNoteType], { description: 'Excuse l’absence d’un enfant sur des jours réservés ; les jours déjà facturés donnent un avoir.' })
  excuseAbsence(@Ctx() ctx: RequestContext, @Args('input') input: ExcuseAbsenceInput) {
    return this.credits.excuse(ctx, input);
  }

  // ---- invoice fields -------------------------------------------------------------------------

  @ResolveField(() => Int, { description: 'Restant dû.' })
  remainingCents(@Parent() invoice: InvoiceEntity) {
    return remainingOf(invoice);
  }

  @ResolveField(() => DateScalarType, { description: 'À régler avant ce jour : 30 jours après la plus tardive de sa date et du dernier jour qu’elle facture.' })
  dueOn(@Parent() invoice: InvoiceEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('invoiceDueOn').load(invoice);
  }

  @ResolveField(() => String, { description: '« du 01/11/2009 au 30/11/2009 »' })
  periodLabel(@Parent() invoice: InvoiceEntity) {
    return `du ${frenchDate(invoice.periodStart)} au ${frenchDate(invoice.periodEnd)}`;
  }

  @ResolveField(() => String, { description: '« Facture non soldée », « Facture soldée »…' })
  stateLabel(@Parent() invoice: InvoiceEntity) {
    return INVOICE_STATE_LABELS[invoice.state];
  }

  @ResolveField(() => String, { description: 'Le PDF : `GET` avec le même jeton (Authorization: Bearer …).' })
  pdfUrl(@Parent() invoice: InvoiceEntity) {
    return `/invoices/${invoice.id}/pdf`;
  }

  @ResolveField(() => [InvoiceLineType])
  lines(@Parent() invoice: InvoiceEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('invoiceLines').load(invoice.id);
  }

  @ResolveField('creditNotes', () => [CreditNoteType])
  invoiceCreditNotes(@Parent() invoice: InvoiceEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('invoiceCreditNotes').load(invoice.id);
  }

  @ResolveField(() => FamilyType, { description: 'La famille facturée.' })
  family(@Parent() invoice: InvoiceEntity, @Context() gql: GraphqlContext) {
    return familyOf(gql, invoice.familyId);
  }
}

@Resolver(() => CreditNoteType)
export class CreditNoteResolver {
  @ResolveField(() => FamilyType, { description: 'La famille créditée.' })
  family(@Parent() note: CreditNoteType, @Context() gql: GraphqlContext) {
    return familyOf(gql, note.familyId);
  }

  @ResolveField(() => InvoiceType)
  invoice(@Parent() note: CreditNoteType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('invoiceById').load(note.invoiceId);
  }

  @ResolveField(() => [InvoiceLineType])
  lines(@Parent() note: CreditNoteType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('creditNoteLines').load(note.id);
  }

  @ResolveField(() => String, { description: 'Le PDF : `GET` avec le même jeton.' })
  pdfUrl(@Parent() note: CreditNoteType) {
    return `/credit-notes/${note.id}/pdf`;
  }
}

@Resolver(() => PaymentType)
export class PaymentResolver {
  @ResolveField(() => FamilyType, { description: 'La famille qui a payé.' })
  family(@Parent() payment: PaymentEntity, @Context() gql: GraphqlContext) {
    return familyOf(gql, payment.familyId);
  }

  @ResolveField(() => String, { description: '« 04083 »' })
  number(@Parent() payment: PaymentEntity) {
    return formatPaymentNumber(payment.number);
  }

  @ResolveField(() => String, { description: '« Paiement n° 04083 (par PAYLINE) »' })
  label(@Parent() payment: PaymentEntity) {
    return `Paiement n° ${formatPaymentNumber(payment.number)} (par ${PROVIDER_LABELS[payment.provider]})`;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Pour le personnel (null pour une famille) : pourquoi ce paiement demande un regard, ex. accepté par la banque après son expiration.',
  })
  flag(@Parent() payment: PaymentEntity, @Ctx() ctx: RequestContext) {
    return ctx.isStaff ? payment.flag : null;
  }

  @ResolveField(() => String, { description: '« Règlement validé »…' })
  stateLabel(@Parent() payment: PaymentEntity) {
    return PAYMENT_STATE_LABELS[payment.state];
  }

  @ResolveField(() => [InvoiceType], { description: 'Les factures qu’il règle, les plus anciennes d’abord.' })
  invoices(@Parent() payment: PaymentEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('paymentInvoices').load(payment.id);
  }
}

@Resolver(() => FamilyType)
export class FamilyCreditResolver {
  @ResolveField(() => Int, { description: 'Crédit de la famille (avoirs au-delà de ce qui restait dû), déduit de ses prochaines factures.' })
  creditBalanceCents(@Parent() family: FamilyType, @Context() gql: GraphqlContext) {
    return gql.loaders.get('familyCreditBalance').load(family.id);
  }
}
