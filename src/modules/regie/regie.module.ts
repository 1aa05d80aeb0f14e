import { Module } from '@nestjs/common';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { PaymentSettingsStore } from './payment-settings.store';
import { RegieResolver } from './regie.resolver';
import { RegieSettings } from './regie-settings.service';
import { TreasuryIdentities } from './treasury-identities';

/** Each commune its own régie (SPEC §2): its payment settings; `RegieSettings` reads them, decrypted, for the modules that pay, export or debit. */
@Module({
  providers: [HealthDataCipher, PaymentSettingsStore, RegieSettings, TreasuryIdentities, RegieResolver],
  exports: [RegieSettings, TreasuryIdentities],
})
export class RegieModule {}
