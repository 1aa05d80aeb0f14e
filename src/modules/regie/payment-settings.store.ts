import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/unit-of-work';
import { CommunePaymentSettingsEntity } from './commune-payment-settings.entity';

export type PaymentSettingsRow = Omit<CommunePaymentSettingsEntity, 'commune' | 'updatedAt'>;

/** The `commune_payment_settings` table: one row per commune that set its régie. */
@Injectable()
export class PaymentSettingsStore {
  ofCommune(db: Db, communeId: string): Promise<CommunePaymentSettingsEntity | null> {
    return db.manager.findOneBy(CommunePaymentSettingsEntity, { communeId });
  }

  /** The row, locked until the transaction ends (two ADMINs saving at once: one after the other). */
  lockOfCommune(tx: Tx, communeId: string): Promise<CommunePaymentSettingsEntity | null> {
    return tx.manager.findOne(CommunePaymentSettingsEntity, { where: { communeId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The communes whose stored Systempay shop is this site (whatever their provider today: a late notification still verifies). */
  withSystempaySite(db: Db, siteId: string): Promise<CommunePaymentSettingsEntity[]> {
    return db.manager.find(CommunePaymentSettingsEntity, { where: { systempaySiteId: siteId }, order: { communeId: 'ASC' } });
  }

  async save(tx: Tx, row: PaymentSettingsRow): Promise<void> {
    await tx.manager.upsert(CommunePaymentSettingsEntity, { ...row, updatedAt: new Date() }, ['communeId']);
  }
}
