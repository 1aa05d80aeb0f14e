import { Document } from 'sepa';
import { LocalDate } from '../../common/dates/local-date';
import { sepaText } from './direct-debit-rules';

/** The commune as a SEPA creditor: its identifier (ICS), name, account. */
export interface SepaCreditor {
  /** The creditor identifier (ICS), `FR72ZZZ123456`. */
  id: string;
  name: string;
  iban: string;
  bic?: string | null;
}

export interface Pain008Debit {
  /** The payment's number: the end-to-end id the bank returns with a reject. */
  endToEndId: string;
  amountCents: number;
  mandateReference: string;
  mandateSignedOn: LocalDate;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  /** « Facture 2026-00001 ». */
  remittance: string;
}

export interface Pain008Batch {
  /** Unique message id: `<COMMUNE>-PRLV-<number>`. */
  messageId: string;
  createdAt: Date;
  collectionDate: LocalDate;
  creditor: SepaCreditor;
  debits: readonly Pain008Debit[];
}

/** A day as the library wants it: noon UTC, so that no time zone moves it to another day. */
const day = (d: LocalDate) => new Date(`${d}T12:00:00Z`);

/**
 * The bank's `pain.008.001.08` file of a batch, written by the `sepa` library: one payment
 * information block, CORE scheme, recurrent sequence (RCUR), the commune as creditor. A zero or
 * negative amount is a bug (the batch never presents one): it throws.
 */
export function pain008(batch: Pain008Batch): string {
  if (!batch.debits.length) throw new Error('pain.008: no debit');
  const doc = new Document('pain.008.001.08');
  doc.grpHdr.id = batch.messageId;
  doc.grpHdr.created = batch.createdAt;
  doc.grpHdr.initiatorName = sepaText(batch.creditor.name, 70);
  const info = doc.createPaymentInfo();
  info.collectionDate = day(batch.collectionDate);
  info.creditorIBAN = batch.creditor.iban;
  if (batch.creditor.bic) info.creditorBIC = batch.creditor.bic;
  info.creditorName = sepaText(batch.creditor.name, 70);
  info.creditorId = batch.creditor.id;
  info.localInstrumentation = 'CORE';
  info.sequenceType = 'RCUR';
  info.batchBooking = true;
  doc.addPaymentInfo(info);
  for (const d of batch.debits) {
    if (!Number.isInteger(d.amountCents) || d.amountCents <= 0) throw new Error(`pain.008: amount ${d.amountCents} for ${d.endToEndId}`);
    const tx = info.createTransaction();
    tx.debtorName = sepaText(d.debtorName, 70);
    tx.debtorIBAN = d.debtorIban;
    if (d.debtorBic) tx.debtorBIC = d.debtorBic;
    tx.mandateId = d.mandateReference;
    tx.mandateSignatureDate = day(d.mandateSignedOn);
    tx.amount = d.amountCents / 100;
    tx.currency = 'EUR';
    tx.end2endId = d.endToEndId;
    tx.remittanceInfo = sepaText(d.remittance, 140);
    info.addTransaction(tx);
  }
  return doc.toString();
}
