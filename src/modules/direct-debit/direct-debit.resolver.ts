import { OnModuleInit } from '@nestjs/common';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { Args, ArgsType, Context, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { Ctx, Roles } from '../../common/auth/decorators';
import { Role, STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { DateScalarType } from '../../common/graphql/date.scalar';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { PageArgs, pageRequest } from '../../common/graphql/pagination';
import { FamilyType } from '../accounts/dto/account.type';
import { InvoiceType, PaymentType } from '../billing/dto/billing.types';
import { InvoiceEntity } from '../billing/invoice.entity';
import { DirectDebitBatchEntity } from './direct-debit-batch.entity';
import { DirectDebits } from './direct-debits.service';
import { CreateDirectDebitBatchInput, CreateMandateInput, MandateIdInput, RecordDirectDebitRejectInput } from './dto/direct-debit.inputs';
import { DirectDebitBatchPageType, DirectDebitBatchType, MandateType } from './dto/direct-debit.types';
import { MandateEntity } from './mandate.entity';

@ArgsType()
class MandatesArgs {
  @Field(() => ID) @IsUUID('all', { message: 'Identifiant de famille invalide.' }) familyId: string;
}

/** « Prélèvements » (SPEC §8) and the family's mandate in « Mon compte » (§7). */
@Resolver(() => MandateType)
export class DirectDebitResolver implements OnModuleInit {
  constructor(
    private readonly directDebits: DirectDebits,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The module's batch reads, for the fields of batches and invoices. */
  onModuleInit() {
    this.loaders.register('directDebitBatchPayments', (ids) => this.directDebits.paymentsOfBatches(ids));
    this.loaders.register('invoiceDirectDebitOn', (ids) => this.directDebits.collectionDatesOf(ids));
  }

  @Roles(...STAFF_ROLES)
  @Query(() => [MandateType], { description: 'Les mandats de prélèvement d’une famille, les plus récents d’abord.' })
  mandates(@Ctx() ctx: RequestContext, @Args() args: MandatesArgs) {
    return this.directDebits.mandatesOf(ctx, args.familyId);
  }

  @Roles(Role.FAMILY)
  @Query(() => [MandateType], { description: '« Mon compte » : les mandats de prélèvement de ma famille.' })
  myMandates(@Ctx() ctx: RequestContext) {
    return this.directDebits.myMandates(ctx);
  }

  @Roles(...STAFF_ROLES)
  @Query(() => DirectDebitBatchPageType, { description: 'Les lots de prélèvements de la commune, les plus récents d’abord.' })
  directDebitBatches(@Ctx() ctx: RequestContext, @Args() args: PageArgs) {
    return this.directDebits.batches(ctx, pageRequest(args));
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => MandateType, { description: 'Enregistre le mandat signé d’une famille (RUM générée) ; il remplace (révoque) son mandat actif.' })
  createMandate(@Ctx() ctx: RequestContext, @Args('input') input: CreateMandateInput) {
    return this.directDebits.createMandate(ctx, input);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => MandateType, { description: 'Révoque un mandat : plus aucun prélèvement ne sera présenté avec lui.' })
  revokeMandate(@Ctx() ctx: RequestContext, @Args('input') input: MandateIdInput) {
    return this.directDebits.revokeMandate(ctx, input.mandateId);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => DirectDebitBatchType, { description: 'Crée le lot de prélèvements d’une date : les factures restant dues des familles ayant un mandat actif.' })
  createDirectDebitBatch(@Ctx() ctx: RequestContext, @Args('input') input: CreateDirectDebitBatchInput) {
    return this.directDebits.createBatch(ctx, input.collectionDate);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => PaymentType, { description: 'Enregistre le rejet d’un prélèvement par la banque : le paiement est refusé, la facture de nouveau due, la famille prévenue.' })
  recordDirectDebitReject(@Ctx() ctx: RequestContext, @Args('input') input: RecordDirectDebitRejectInput) {
    return this.directDebits.recordReject(ctx, input.paymentId, input.reasonCode);
  }

  @ResolveField(() => FamilyType)
  family(@Parent() mandate: MandateEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('familyById').load(mandate.familyId);
  }
}

@Resolver(() => DirectDebitBatchType)
export class DirectDebitBatchResolver {
  @ResolveField(() => String, { description: 'Le fichier pain.008 : `GET` avec le même jeton (personnel de la commune).' })
  fileUrl(@Parent() batch: DirectDebitBatchEntity) {
    return `/direct-debit-batches/${batch.id}/file`;
  }

  @ResolveField(() => [PaymentType], { description: 'Ses paiements, un par facture présentée.' })
  payments(@Parent() batch: DirectDebitBatchEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('directDebitBatchPayments').load(batch.id);
  }
}

@Resolver(() => InvoiceType)
export class InvoiceDirectDebitResolver {
  @ResolveField(() => DateScalarType, { nullable: true, description: '« Prélèvement prévu le … » : la date du prélèvement en attente de cette facture.' })
  directDebitOn(@Parent() invoice: InvoiceEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('invoiceDirectDebitOn').load(invoice.id);
  }
}
