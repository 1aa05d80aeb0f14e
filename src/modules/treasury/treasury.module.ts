import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { BillingModule } from '../billing/billing.module';
import { CommunesModule } from '../communes/communes.module';
import { RegieModule } from '../regie/regie.module';
import { TreasuryIdentities } from '../regie/treasury-identities';
import { HELIOS_IDENTITY_LOOKUP } from './helios-identity';
import { TreasuryExportsController } from './treasury-exports.controller';
import { InvoiceTreasuryResolver, TreasuryResolver } from './treasury.resolver';
import { TreasuryService } from './treasury.service';
import { TreasuryStore } from './treasury.store';

/** The Trésor Public (SPEC « PES V2 titles for Hélios »): exports of titles as PES V2 files. */
@Module({
  imports: [AccountsModule, BillingModule, CommunesModule, RegieModule],
  controllers: [TreasuryExportsController],
  providers: [TreasuryStore, TreasuryService, TreasuryResolver, InvoiceTreasuryResolver, { provide: HELIOS_IDENTITY_LOOKUP, useExisting: TreasuryIdentities }],
  exports: [TreasuryService],
})
export class TreasuryModule {}
