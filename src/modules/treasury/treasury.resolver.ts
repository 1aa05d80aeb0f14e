import { OnModuleInit } from '@nestjs/common';
import { LoaderRegistry } from '../../common/graphql/loaders';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Roles } from '../../common/auth/decorators';
import { STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { GraphqlContext } from '../../common/graphql/graphql-context';
import { PageArgs } from '../../common/graphql/pagination';
import { InvoiceType } from '../billing/dto/billing.types';
import { InvoiceEntity } from '../billing/invoice.entity';
import { ExportToTreasuryInput, TreasuryExportPageType, TreasuryExportType } from './dto/treasury.types';
import { TreasuryExportEntity } from './treasury-export.entity';
import { TreasuryService } from './treasury.service';

@Resolver(() => TreasuryExportType)
export class TreasuryResolver implements OnModuleInit {
  constructor(
    private readonly treasury: TreasuryService,
    private readonly loaders: LoaderRegistry,
  ) {}

  /** The export an invoice went out in, for `Invoice.treasuryExport`. */
  onModuleInit() {
    this.loaders.register('invoiceTreasuryExport', (ids) => this.treasury.exportsOfInvoices(ids));
  }

  @Roles(...STAFF_ROLES)
  @Query(() => TreasuryExportPageType, { description: 'Les exports au Trésor Public de la commune, le plus récent d’abord.' })
  treasuryExports(@Ctx() ctx: RequestContext, @Args() args: PageArgs) {
    return this.treasury.exports(ctx, args);
  }

  @Roles(...STAFF_ROLES)
  @Mutation(() => TreasuryExportType, {
    description: 'Transmet au Trésor Public (fichier PES V2) les factures émises jusqu’à ce jour et pas encore transmises, et les avoirs sur des titres déjà transmis.',
  })
  exportToTreasury(@Ctx() ctx: RequestContext, @Args('input') input: ExportToTreasuryInput) {
    return this.treasury.exportToTreasury(ctx, input.upTo);
  }

  @ResolveField(() => String, { description: 'Le fichier : `GET` avec le même jeton (Authorization: Bearer …), personnel de la commune seulement.' })
  fileUrl(@Parent() row: TreasuryExportEntity) {
    return `/treasury-exports/${row.id}/file`;
  }
}

/** `Invoice.treasuryExport`: read on an invoice the reader may already see (its family's, or staff's commune). */
@Resolver(() => InvoiceType)
export class InvoiceTreasuryResolver {
  @ResolveField(() => TreasuryExportType, { nullable: true, description: 'L’export au Trésor Public où cette facture est partie comme titre, s’il y en a un.' })
  treasuryExport(@Parent() invoice: InvoiceEntity, @Context() gql: GraphqlContext) {
    return gql.loaders.get('invoiceTreasuryExport').load(invoice.id);
  }
}
