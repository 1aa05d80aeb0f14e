import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { LocalDate } from '../../common/dates/local-date';
import { Db, Tx } from '../../database/unit-of-work';
import { PAYMENT_SQL } from '../payments/payments.store';
import { DirectDebitBatchEntity } from './direct-debit-batch.entity';
import { DirectDebitPaymentEntity } from './direct-debit-payment.entity';
import { MandateEntity } from './mandate.entity';

/** A payment the chore may collect: its batch's date, its commune (whose calendar says "today"). */
export interface CollectCandidate {
  paymentId: string;
  communeId: string;
  collectionDate: LocalDate;
}

/**
 * The direct-debit module's tables: mandates, batches (with their pain.008 file) and the link of
 * each payment presented to its batch, mandate and invoice. Writes take a `Tx`, reads a `Db`.
 */
@Injectable()
export class DirectDebitStore {
  mandatesOfFamily(db: Db, communeId: string, familyId: string): Promise<MandateEntity[]> {
    return db.manager.find(MandateEntity, { where: { communeId, familyId }, order: { createdAt: 'DESC', reference: 'DESC' } });
  }

  mandatesByIds(db: Db, ids: readonly string[]): Promise<MandateEntity[]> {
    return db.manager.findBy(MandateEntity, { id: In([...ids]) });
  }

  lockMandate(tx: Tx, communeId: string, id: string): Promise<MandateEntity | null> {
    return tx.manager.findOne(MandateEntity, { where: { id, communeId }, lock: { mode: 'pessimistic_write' } });
  }

  activeMandateOf(db: Db, familyId: string): Promise<MandateEntity | null> {
    return db.manager.findOneBy(MandateEntity, { familyId, state: 'ACTIVE' });
  }

  /** The commune's active mandates, by family id (the lock order of the families). */
  activeMandates(db: Db, communeId: string): Promise<MandateEntity[]> {
    return db.manager.find(MandateEntity, { where: { communeId, state: 'ACTIVE' }, order: { familyId: 'ASC' } });
  }

  insertMandate(tx: Tx, row: Omit<MandateEntity, 'id' | 'createdAt' | 'commune' | 'family' | 'state' | 'revokedAt'>): Promise<MandateEntity> {
    return tx.manager.save(tx.manager.create(MandateEntity, { ...row, state: 'ACTIVE', revokedAt: null }));
  }

  /** ACTIVE → REVOKED, once: a second revocation finds nothing to change. */
  async revokeMandate(tx: Tx, id: string): Promise<boolean> {
    const [, count] = (await tx.manager.query(`UPDATE mandate SET state = 'REVOKED', revoked_at = now() WHERE id = $1 AND state = 'ACTIVE'`, [id])) as [unknown, number];
    return count === 1;
  }

  /**
   * Batches of a commune are made one at a time (to the commit): the second waits, then finds the
   * invoices the first presented already waiting for their debit. A transaction-scoped advisory lock
   * on the commune, taken before any family or invoice row (the money lock order follows it).
   */
  async lockCommuneBatches(tx: Tx, communeId: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('direct-debit-batch:' || $1, 0))`, [communeId]);
  }

  insertBatch(tx: Tx, row: Omit<DirectDebitBatchEntity, 'id' | 'createdAt' | 'commune'> & { createdAt: Date }): Promise<DirectDebitBatchEntity> {
    return tx.manager.save(tx.manager.create(DirectDebitBatchEntity, row));
  }

  async insertPayments(tx: Tx, rows: ReadonlyArray<Pick<DirectDebitPaymentEntity, 'paymentId' | 'batchId' | 'mandateId' | 'invoiceId'>>): Promise<void> {
    if (rows.length) await tx.manager.insert(DirectDebitPaymentEntity, [...rows]);
  }

  batchesPage(db: Db, communeId: string, offset: number, limit: number): Promise<[DirectDebitBatchEntity[], number]> {
    return db.manager.findAndCount(DirectDebitBatchEntity, { where: { communeId }, order: { number: 'DESC' }, skip: offset, take: limit });
  }

  /** The batch's file, of the commune only. */
  async batchFile(db: Db, communeId: string, id: string): Promise<{ fileName: string; file: Buffer } | null> {
    const [row] = (await db.manager.query(`SELECT file_name AS "fileName", file FROM direct_debit_batch WHERE id = $1 AND commune_id = $2`, [id, communeId])) as Array<{
      fileName: string;
      file: Buffer;
    }>;
    return row ?? null;
  }

  linksOfBatches(db: Db, batchIds: readonly string[]): Promise<DirectDebitPaymentEntity[]> {
    return db.manager.find(DirectDebitPaymentEntity, { where: { batchId: In([...batchIds]) } });
  }

  link(db: Db, paymentId: string): Promise<DirectDebitPaymentEntity | null> {
    return db.manager.findOneBy(DirectDebitPaymentEntity, { paymentId });
  }

  /** Pending direct debits whose collection date is `upTo` or before (the chore checks each commune's own today). */
  async collectCandidates(db: Db, upTo: LocalDate, limit: number): Promise<CollectCandidate[]> {
    return (await db.manager.query(
      `SELECT l.payment_id AS "paymentId", b.commune_id AS "communeId", to_char(b.collection_date, 'YYYY-MM-DD') AS "collectionDate"
         FROM direct_debit_payment l JOIN direct_debit_batch b ON b.id = l.batch_id
        WHERE b.collection_date <= $1 AND ${PAYMENT_SQL.isPending('l.payment_id')}
        ORDER BY b.collection_date, l.payment_id LIMIT $2`,
      [upTo, limit],
    )) as CollectCandidate[];
  }

  /** « Prélèvement prévu le … »: the collection date of each invoice's pending direct debit. */
  async pendingCollectionDates(db: Db, invoiceIds: readonly string[]): Promise<Map<string, LocalDate>> {
    const rows = (await db.manager.query(
      `SELECT l.invoice_id AS "invoiceId", to_char(b.collection_date, 'YYYY-MM-DD') AS "collectionDate"
         FROM direct_debit_payment l JOIN direct_debit_batch b ON b.id = l.batch_id
        WHERE l.invoice_id = ANY($1::uuid[]) AND ${PAYMENT_SQL.isPending('l.payment_id')}`,
      [invoiceIds],
    )) as Array<{ invoiceId: string; collectionDate: LocalDate }>;
    return new Map(rows.map((r) => [r.invoiceId, r.collectionDate]));
  }
}
