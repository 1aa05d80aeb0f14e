import { Injectable, OnModuleInit } from '@nestjs/common';
import { frenchDate } from '../../common/dates/local-date';
import { EventBus } from '../../common/events/event-bus';
import { euros } from '../../common/money/euros';
import { Tx } from '../../database/unit-of-work';
import { AccountsStore } from '../accounts/accounts.store';
import { MailPayloads } from '../notifications/mail-templates';
import { MailService } from '../notifications/mail.service';
import { BilledDaysStore } from './billed-days.store';
import { InvoicesStore } from './invoices.store';
import { CreditNotesStore } from './credit-notes.store';
import { CreditNoteIssued } from './events/credit-note-issued.event';
import { InvoiceIssued } from './events/invoice-issued.event';
import { remainingOf } from './invoice.entity';

/**
 * "Nouvelle facture disponible" and "avoir établi": written in the transaction that issues the
 * invoice or credit note (outbox), to each confirmed account of the family, once — the dedupe key
 * names the document and the account, so a retried run writes no second mail.
 */
@Injectable()
export class BillingMails implements OnModuleInit {
  constructor(
    private readonly invoices: InvoicesStore,
    private readonly creditNotes: CreditNotesStore,
    private readonly days: BilledDaysStore,
    private readonly accounts: AccountsStore,
    private readonly bus: EventBus,
    private readonly mail: MailService,
  ) {}

  onModuleInit() {
    this.bus.onInTransaction(InvoiceIssued, (tx, e) => this.invoiceIssued(tx, e));
    this.bus.onInTransaction(CreditNoteIssued, (tx, e) => this.creditNoteIssued(tx, e));
  }

  private async invoiceIssued(tx: Tx, e: InvoiceIssued): Promise<void> {
    const invoice = await this.invoices.invoice(tx, e.invoiceId, { communeId: e.communeId });
    if (!invoice) return;
    const remaining = remainingOf(invoice);
    const about = {
      number: invoice.number,
      issuedOn: frenchDate(invoice.issuedOn),
      period: `du ${frenchDate(invoice.periodStart)} au ${frenchDate(invoice.periodEnd)}`,
      amount: euros(invoice.amountCents),
      remaining: euros(remaining),
      dueOn: remaining > 0 ? frenchDate((await this.days.dueDates(tx, [invoice]))[0]) : null,
    };
    await this.toFamily(tx, e.communeId, e.familyId, 'invoice-available', `invoice-available:${invoice.id}`, `/factures/${invoice.id}`, (greeting) => ({ ...greeting, ...about }));
  }

  private async creditNoteIssued(tx: Tx, e: CreditNoteIssued): Promise<void> {
    const note = await this.creditNotes.creditNote(tx, e.creditNoteId, { communeId: e.communeId });
    if (!note) return;
    const invoice = await this.invoices.invoice(tx, note.invoiceId, { communeId: e.communeId });
    const toBalance = note.amountCents - note.appliedCents;
    // The invoice it credits lists it (« Avoirs sur cette facture »), with its PDF.
    const about = {
      number: note.number,
      issuedOn: frenchDate(note.issuedOn),
      amount: euros(note.amountCents),
      invoiceNumber: invoice?.number ?? '',
      reason: note.reason,
      toBalance: toBalance > 0 ? euros(toBalance) : null,
    };
    await this.toFamily(tx, e.communeId, e.familyId, 'credit-note-issued', `credit-note-issued:${note.id}`, `/factures/${note.invoiceId}`, (greeting) => ({ ...greeting, ...about }));
  }

  /** `data` completes each account's greeting into the template's payload. */
  private async toFamily<N extends 'invoice-available' | 'credit-note-issued'>(
    tx: Tx,
    communeId: string,
    familyId: string,
    template: N,
    key: string,
    page: string,
    data: (greeting: { firstName: string; lastName: string }) => MailPayloads[N],
  ) {
    for (const account of await this.accounts.ofFamilies(tx, [familyId])) {
      if (!account.emailVerified) continue;
      await this.mail.enqueue(tx, {
        communeId,
        to: account.email,
        template,
        dedupeKey: `${key}:${account.id}`,
        links: { link: page },
        data: data({ firstName: account.firstName, lastName: account.lastName }),
      });
    }
  }
}
