import { Module } from '@nestjs/common';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { AccountsModule } from '../accounts/accounts.module';
import { BillingModule } from '../billing/billing.module';
import { CommunesModule } from '../communes/communes.module';
import { PaymentsModule } from '../payments/payments.module';
import { PaymentsStoreModule } from '../payments/payments-store.module';
import { DirectDebitFilesController } from './direct-debit-files.controller';
import { DirectDebitBatchResolver, DirectDebitResolver, InvoiceDirectDebitResolver } from './direct-debit.resolver';
import { DirectDebitStore } from './direct-debit.store';
import { DirectDebits } from './direct-debits.service';
import { DirectDebitCollectionChore } from './jobs/direct-debit-collection.chore';
import { SepaCreditorLookup } from './sepa-creditor.lookup';
import { RegieModule } from '../regie/regie.module';
import { TreasuryIdentities } from '../regie/treasury-identities';

/** SEPA direct debit (SPEC "The Trésor Public… SEPA direct debit"): mandates, batches and their pain.008 files, collection, rejects. */
@Module({
  imports: [AccountsModule, BillingModule, CommunesModule, PaymentsModule, PaymentsStoreModule, RegieModule],
  controllers: [DirectDebitFilesController],
  providers: [
    HealthDataCipher,
    DirectDebitStore,
    DirectDebits,
    // The commune's creditor identity, from its « Régie » settings.
    { provide: SepaCreditorLookup, useExisting: TreasuryIdentities },
    DirectDebitCollectionChore,
    DirectDebitResolver,
    DirectDebitBatchResolver,
    InvoiceDirectDebitResolver,
  ],
})
export class DirectDebitModule {}
