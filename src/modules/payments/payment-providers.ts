import { Injectable } from '@nestjs/common';
import type { SystempayAccount } from '../regie/regie-settings.service';
import { PayfipAccount, PayfipCheckoutRequest, PayfipProvider } from './payfip/payfip.provider';
import { PaymentProvider } from './payment-provider';
import { FormFields } from './systempay-signature';
import { SystempayCheckoutRequest, SystempayProvider } from './systempay.provider';

/**
 * The online providers by name (a commune's `onlineProvider`), each seen only through
 * `PaymentProvider`: the services that pay (`OnlinePayments`, `PayfipPayments`) ask them, never the
 * bank's client itself.
 */
@Injectable()
export class PaymentProviders {
  readonly systempay: PaymentProvider<SystempayAccount, SystempayCheckoutRequest, FormFields>;
  readonly payfip: PaymentProvider<PayfipAccount, PayfipCheckoutRequest, string>;

  constructor(systempay: SystempayProvider, payfip: PayfipProvider) {
    this.systempay = systempay;
    this.payfip = payfip;
  }
}
