import { Injectable } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import { LocalDate } from '../../common/dates/local-date';
import { Db, Tx } from '../../database/unit-of-work';
import { Scope, scoped } from '../billing/scope';
import { PaymentAllocationEntity } from './payment-allocation.entity';
import { PaymentNotificationEntity } from './payment-notification.entity';
import { assertPaymentTransition, PaymentState } from './payment-rules';
import { PaymentEntity } from './payment.entity';

/** A payment's bank transaction, set for online payments only. */
type OnlineFields = 'siteId' | 'transDay' | 'transId' | 'transDate' | 'expiresAt' | 'flag' | 'settledAt' | 'reference' | 'issuer' | 'reason' | 'payfipIdOp';

/** The family's payments as SQL pieces, for billing's one-statement totals and history. */
export const PAYMENT_SQL = {
  /** `FROM …` of the family's payments in the given states (an array parameter). */
  ofFamilyIn: (familyId: string, states: string) => `FROM payment WHERE family_id = ${familyId} AND state = ANY(${states}::varchar[])`,
  /** The family's payments as history rows: kind, id, date, created_at, sort key. */
  historyOf: (familyId: string) => `SELECT 'PAYMENT', id, received_on, created_at, lpad(number::text, 10, '0') FROM payment WHERE family_id = ${familyId}`,
  /** The payment is still waiting for its outcome (a direct debit not yet collected nor rejected). */
  isPending: (paymentId: string) => `EXISTS (SELECT 1 FROM payment WHERE id = ${paymentId} AND state = 'PENDING')`,
};

/**
 * The payments module's tables: payments (online or recorded at the régie) and their allocations
 * to invoices, the bank's transaction-id counters and the notifications' trail. Writes take a `Tx`,
 * reads a `Db`; a payment moves by a guarded update of its locked row.
 */
@Injectable()
export class PaymentsStore {
  payment(db: Db, id: string, scope: Scope): Promise<PaymentEntity | null> {
    return db.manager.findOneBy(PaymentEntity, { id, ...scoped(scope) });
  }

  paymentsByIds(db: Db, ids: readonly string[]): Promise<PaymentEntity[]> {
    return db.manager.findBy(PaymentEntity, { id: In([...ids]) });
  }

  insertPayment(tx: Tx, row: Omit<PaymentEntity, 'id' | 'createdAt' | 'commune' | 'family' | 'recorder' | OnlineFields> & Partial<Pick<PaymentEntity, OnlineFields>>): Promise<PaymentEntity> {
    return tx.manager.save(
      tx.manager.create(PaymentEntity, {
        siteId: null,
        transDay: null,
        transId: null,
        transDate: null,
        expiresAt: null,
        flag: null,
        settledAt: null,
        reference: null,
        issuer: null,
        payfipIdOp: null,
        ...row,
      }),
    );
  }

  async insertAllocations(tx: Tx, paymentId: string, allocations: ReadonlyArray<{ invoiceId: string; cents: number }>): Promise<void> {
    if (allocations.length)
      await tx.manager.insert(
        PaymentAllocationEntity,
        allocations.map((a) => ({ paymentId, invoiceId: a.invoiceId, amountCents: a.cents })),
      );
  }

  /** The payment a bank notification names (site, UTC day, transaction id), locked until the transaction ends. */
  lockPaymentByTransaction(tx: Tx, siteId: string, transDay: LocalDate, transId: string): Promise<PaymentEntity | null> {
    return tx.manager.findOne(PaymentEntity, { where: { siteId, transDay, transId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The payment PayFiP's `idOp` names. */
  paymentByPayfipIdOp(db: Db, idOp: string): Promise<PaymentEntity | null> {
    return db.manager.findOneBy(PaymentEntity, { payfipIdOp: idOp });
  }

  async setPayfipIdOp(tx: Tx, paymentId: string, idOp: string): Promise<void> {
    await tx.manager.query(`UPDATE payment SET payfip_id_op = $2 WHERE id = $1 AND payfip_id_op IS NULL`, [paymentId, idOp]);
  }

  /** PENDING PayFiP payments created more than `minutes` ago, not yet expired: their `idOp`. */
  async payfipToReconcile(db: Db, minutes: number, limit: number): Promise<string[]> {
    const rows = (await db.manager.query(
      `SELECT payfip_id_op FROM payment WHERE state = 'PENDING' AND provider = 'PAYFIP' AND payfip_id_op IS NOT NULL
         AND created_at < now() - make_interval(mins => $1::int) AND (expires_at IS NULL OR expires_at >= now()) ORDER BY created_at LIMIT $2`,
      [minutes, limit],
    )) as Array<{ payfip_id_op: string }>;
    return rows.map((r) => r.payfip_id_op);
  }

  lockPayment(tx: Tx, id: string): Promise<PaymentEntity | null> {
    return tx.manager.findOne(PaymentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Moves a payment locked by the caller, guarded by the state it was read in. */
  /** `reason`: why it did not go through (REFUSED, CANCELLED); a validated payment has none. */
  async updatePayment(tx: Tx, payment: PaymentEntity, to: PaymentState, change: { flag?: string; reason?: string } = {}): Promise<void> {
    assertPaymentTransition(payment.state, to);
    const reason = to === 'VALIDATED' ? null : (change.reason ?? null);
    const [, count] = (await tx.manager.query(`UPDATE payment SET state = $3, flag = COALESCE($4, flag), reason = $5, settled_at = now() WHERE id = $1 AND state = $2`, [
      payment.id,
      payment.state,
      to,
      change.flag ?? null,
      reason,
    ])) as [unknown, number];
    if (count !== 1) throw new Error(`payment ${payment.id} is no longer ${payment.state}`);
    payment.state = to;
    payment.reason = reason;
    if (change.flag) payment.flag = change.flag;
  }

  /** What a validated payment really gave each invoice (what it meant to give may have changed meanwhile). */
  async replaceAllocations(tx: Tx, paymentId: string, allocations: ReadonlyArray<{ invoiceId: string; cents: number }>): Promise<void> {
    await tx.manager.delete(PaymentAllocationEntity, { paymentId });
    await this.insertAllocations(
      tx,
      paymentId,
      allocations.filter((a) => a.cents > 0),
    );
  }

  /** PENDING payments past their expiry. */
  async expiredPending(db: Db, limit: number): Promise<string[]> {
    const rows = (await db.manager.query(`SELECT id FROM payment WHERE state = 'PENDING' AND expires_at < now() ORDER BY expires_at LIMIT $1`, [limit])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Staff's list of the commune's payments, newest first; `flagged`: only those staff must look at. */
  paymentsPage(db: Db, where: { communeId: string; familyId?: string; state?: PaymentState; flagged?: boolean }, offset: number, limit: number) {
    return db.manager.findAndCount(PaymentEntity, {
      where: {
        communeId: where.communeId,
        ...(where.familyId ? { familyId: where.familyId } : {}),
        ...(where.state ? { state: where.state } : {}),
        ...(where.flagged === undefined ? {} : { flag: where.flagged ? Not(IsNull()) : IsNull() }),
      },
      order: { createdAt: 'DESC', number: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  allocationsOf(db: Db, paymentIds: readonly string[]): Promise<PaymentAllocationEntity[]> {
    return db.manager.find(PaymentAllocationEntity, { where: { paymentId: In([...paymentIds]) } });
  }

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
