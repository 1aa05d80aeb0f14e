import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { BillingModule } from '../billing/billing.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OnlinePayments } from './online-payments.service';
import { OnlinePaymentsResolver } from './online-payments.resolver';
import { PaymentReturnPage } from './payment-return-page';
import { PaymentMails } from './payment-mails.service';
import { PaymentNotificationsController } from './payment-notifications.controller';
import { PaymentProviders } from './payment-providers';
import { PaymentsStoreModule } from './payments-store.module';
import { RegieModule } from '../regie/regie.module';
import { SystempayProvider } from './systempay.provider';
import { TestBankController } from './test-bank.controller';
import { PayfipClient } from './payfip/payfip.client';
import { PayfipProvider } from './payfip/payfip.provider';
import { PayfipPayments } from './payfip/payfip-payments.service';
import { PaymentOutcomes } from './payment-outcomes.service';
import { TestPayfipController, TestPayfipOperations } from './payfip/test-payfip.controller';

/** Online payments (SPEC §2 "Payments"): checkout, the bank's notifications, the return, the test bank. */
@Module({
  imports: [AccountsModule, BillingModule, NotificationsModule, PaymentsStoreModule, RegieModule],
  controllers: [PaymentNotificationsController, TestBankController, TestPayfipController],
  providers: [
    SystempayProvider,
    PayfipProvider,
    PaymentProviders,
    PaymentOutcomes,
    OnlinePayments,
    PayfipPayments,
    PaymentMails,
    OnlinePaymentsResolver,
    PaymentReturnPage,
    PayfipClient,
    TestPayfipOperations,
  ],
  // Direct debits settle their payments the same way (validated, refused, taken back).
  exports: [OnlinePayments, PaymentOutcomes],
})
export class PaymentsModule {}
