import { LocalDate } from '../../../common/dates/local-date';

/** One line of an invoice or a credit note: one child × activity × unit price. */
export interface DocumentLine {
  childName: string;
  activityName: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  /** The days it bills or credits (none for invoices imported from a former system). */
  dates?: LocalDate[];
}

/** The commune as a document's header shows it. */
export interface DocumentIssuer {
  name: string;
  address: string;
  postalCode: string;
  city: string;
  phone: string;
  email: string | null;
}

/**
 * Everything an invoice or credit-note PDF shows, already read from the database: rendering needs
 * nothing else (it runs in a worker thread, with no database).
 */
export interface BillingDocumentView {
  kind: 'INVOICE' | 'CREDIT_NOTE';
  /** "2026-00001", "AV-2026-00001". */
  number: string;
  issuedOn: LocalDate;
  issuer: DocumentIssuer;
  /** The family's name ("DEMO"), its référents ("DEMO Emilie / DEMO Tom") and postal address, if known. */
  family: { name: string; referents: string; address: string | null };
  periodStart: LocalDate;
  periodEnd: LocalDate;
  establishmentsLabel: string;
  lines: DocumentLine[];
  amountCents: number;
  /** Invoice only: what was paid, credited (credit notes and credit balance), what remains, and its state in words. */
  invoice?: {
    paidCents: number;
    creditedCents: number;
    remainingCents: number;
    /** "Facture non soldée", "Facture soldée", … */
    stateLabel: string;
    /** Pay by this day (`Invoice.dueOn`: 30 days after the later of its date and the last day it bills). */
    dueOn: LocalDate;
    /** Handed to the Trésor Public: paid there, no longer online or at the régie. */
    withTreasury?: boolean;
  };
  /** Credit note only: the invoice it credits and why. */
  creditNote?: { invoiceNumber: string; reason: string };
}
