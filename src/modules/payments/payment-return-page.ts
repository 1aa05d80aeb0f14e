import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { UnitOfWork } from '../../database/unit-of-work';
import { PaymentsStore } from './payments.store';
import { CommuneDirectory } from '../communes/commune-directory.service';
import { portalLink } from '../communes/portal-link';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where the browser goes back from the bank: the payment page of the payment's commune, naming the
 * commune and the payment (`…/factures/paiement?domaine=CODE&paiement=ID`). A payment it does not
 * know: the deployment's front-end, nothing named.
 */
@Injectable()
export class PaymentReturnPage {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly payments: PaymentsStore,
    private readonly communes: CommuneDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async url(payment: string | undefined): Promise<string> {
    if (payment && UUID.test(payment)) {
      const [found] = await this.payments.paymentsByIds(this.uow.read, [payment]);
      const commune = found ? await this.communes.byId(found.communeId) : null;
      if (commune) return portalLink(commune, 'factures/paiement', { paiement: found.id });
    }
    return `${this.config.publicUrl.replace(/\/$/, '')}/factures/paiement`;
  }
}
