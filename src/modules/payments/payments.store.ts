import { Injectable } from '@nestjs/common';
import { LocalDate } from '../../common/dates/local-date';
import { Tx } from '../../database/unit-of-work';
import { PaymentNotificationEntity } from './payment-notification.entity';

/** The payments module's tables: the bank's transaction-id counters and the notifications' trail. */
@Injectable()
export class PaymentsStore {
  /**
   * The next transaction id of a site and UTC day (000000–899999), in one guarded statement: two
   * checkouts at once never get the same one. Past 899999 the CHECK refuses the day's next checkout.
   */
  async nextTransactionId(tx: Tx, siteId: string, day: LocalDate): Promise<string> {
    const [row] = (await tx.manager.query(
      `INSERT INTO payment_transaction_counter (site_id, day, value) VALUES ($1, $2, 0)
       ON CONFLICT (site_id, day) DO UPDATE SET value = payment_transaction_counter.value + 1 RETURNING value`,
      [siteId, day],
    )) as Array<{ value: number }>;
    return String(row.value).padStart(6, '0');
  }

  async recordNotification(tx: Tx, row: Omit<PaymentNotificationEntity, 'id' | 'receivedAt' | 'payment'>): Promise<void> {
    await tx.manager.insert(PaymentNotificationEntity, row);
  }
}
