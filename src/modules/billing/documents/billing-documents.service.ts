import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { RequestContext } from '../../../common/context/request-context';
import { notFound } from '../../../common/errors/domain-error';
import { DomainError } from '../../../common/errors/domain-error';
import { EventBus } from '../../../common/events/event-bus';
import { UnitOfWork } from '../../../database/unit-of-work';
import { Jobs } from '../../../queue/jobs';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service';
import { AccountsStore } from '../../accounts/accounts.store';
import { CommunesStore } from '../../communes/communes.store';
import { INVOICE_STATE_LABELS } from '../billing-rules';
import { InvoicesStore } from '../invoices.store';
import { CreditNotesStore } from '../credit-notes.store';
import { BillingDocumentsStore, CREDIT_NOTE_VERSION } from './billing-documents.store';
import { InvoiceChanged } from '../events/invoice-changed.event';
import { BilledDaysStore, datesOfCreditNoteLine, datesOfInvoiceLine } from '../billed-days.store';
import { CreditNoteIssued } from '../events/credit-note-issued.event';
import { InvoiceIssued } from '../events/invoice-issued.event';
import { InvoiceEntity, remainingOf } from '../invoice.entity';
import { BillingDocumentView, DocumentLine } from './billing-document.view';
import { PdfRenderPool } from './pdf-render-pool';

export type DocumentKind = 'INVOICE' | 'CREDIT_NOTE';

/** How long a request for a missing PDF waits for the worker to render it. */
const ON_DEMAND_WAIT_MS = 20_000;

/**
 * Invoice and credit-note PDFs: rendered by the `documents` queue's job (in worker processes, and
 * there in a worker thread: never on an event loop that answers requests), stored, then served from
 * storage to the owner family and the commune's staff only. A missing one (its job lost, an older
 * document) is rendered on demand through the same job; a sweeper renders what is still missing.
 */
@Injectable()
export class BillingDocuments implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BillingDocuments.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly invoices: InvoicesStore,
    private readonly creditNotes: CreditNotesStore,
    private readonly days: BilledDaysStore,
    private readonly documents: BillingDocumentsStore,
    private readonly accounts: AccountsStore,
    private readonly communes: CommunesStore,
    private readonly pool: PdfRenderPool,
    private readonly jobs: Jobs,
    private readonly bus: EventBus,
    private readonly periodic: PeriodicTasks,
  ) {}

  onModuleInit() {
    this.bus.subscribe(InvoiceIssued, (e) => this.enqueue('INVOICE', e.invoiceId, 'issued'));
    this.bus.subscribe(InvoiceChanged, (e) => this.enqueue('INVOICE', e.invoiceId, e.version));
    this.bus.subscribe(CreditNoteIssued, (e) => this.enqueue('CREDIT_NOTE', e.creditNoteId, CREDIT_NOTE_VERSION));
    this.periodic.every('pdf-sweeper', 2 * 60_000, () => this.sweep(), { atStart: true });
  }

  async onModuleDestroy() {
    await this.pool.close();
  }

  /**
   * One job id per version of the document: BullMQ ignores a job whose id it still keeps (completed
   * jobs are kept), so a PDF dropped by a payment or a credit note is rendered again as its new
   * version, and the sweeper does not queue the same version again and again.
   */
  private enqueue(kind: DocumentKind, id: string, version: string): Promise<void> {
    return this.jobs.enqueueOrLeaveToSweeper('documents.render', { kind, id }, { jobId: `pdf-${id}-${version}` });
  }

  /** The job: renders and stores the PDF unless it is already there. A document that is gone ends quietly. */
  async render(kind: DocumentKind, id: string): Promise<void> {
    if (await this.documents.hasDocument(this.uow.read, id)) return;
    const read = await this.view(kind, id);
    if (!read) return;
    const pdf = await this.pool.render(read.view);
    await this.uow.autocommit((tx) => this.documents.saveDocument(tx, id, kind, pdf, read.invoiceAsRendered));
  }

  /**
   * `GET /invoices/:id/pdf`: the owner family's or the commune's staff's; anyone else gets the
   * same 404 as for a missing id. Rendered on demand when missing.
   */
  async pdf(ctx: RequestContext, kind: DocumentKind, id: string): Promise<{ filename: string; pdf: Buffer }> {
    const scope = { communeId: ctx.communeId, familyId: ctx.isStaff ? null : ctx.familyId };
    const doc = kind === 'INVOICE' ? await this.invoices.invoice(this.uow.read, id, scope) : await this.creditNotes.creditNote(this.uow.read, id, scope);
    if (!doc) throw notFound(kind === 'INVOICE' ? 'Invoice' : 'CreditNote', kind === 'INVOICE' ? 'Facture introuvable.' : 'Avoir introuvable.');
    const filename = `${kind === 'INVOICE' ? 'facture' : 'avoir'}-${doc.number}.pdf`;
    let pdf = await this.documents.document(this.uow.read, id);
    if (!pdf) {
      // A job id of its own for each demand: BullMQ ignores a job whose id it still keeps (completed
      // jobs are kept), so an id reused within a few seconds — the PDF dropped by a payment or a
      // credit note just after an earlier download — would render nothing and answer 409 after the
      // wait. Demands at once cost little: each job first looks whether another one stored it already.
      await this.jobs.enqueueOrRunNow('documents.render', { kind, id }, { jobId: `pdf-${id}-demand-${randomUUID()}` });
      const until = Date.now() + ON_DEMAND_WAIT_MS;
      while (!(pdf = await this.documents.document(this.uow.read, id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 150));
    }
    if (!pdf) throw new DomainError('CONFLICT', 'DOCUMENT_NOT_READY', 'Le document est en cours de préparation. Réessayez dans un instant.');
    return { filename, pdf };
  }

  /** Everything the PDF shows, read now (the rendering thread has no database). */
  private async view(kind: DocumentKind, id: string): Promise<{ view: BillingDocumentView; invoiceAsRendered?: InvoiceEntity } | null> {
    const db = this.uow.read;
    const note = kind === 'CREDIT_NOTE' ? (await this.creditNotes.creditNotesByIds(db, [id]))[0] : null;
    const invoiceId = kind === 'INVOICE' ? id : note?.invoiceId;
    if (!invoiceId) return null;
    const [invoice] = await this.invoices.invoicesByIds(db, [invoiceId]);
    if (!invoice) return null;
    const commune = await this.communes.byId(db, invoice.communeId);
    const [family] = await this.accounts.familiesByIds(db, [invoice.familyId]);
    if (!commune || !family) return null;
    const [holder] = await this.accounts.ofFamilies(db, [family.id]);
    const lines = note ? await this.creditNotes.creditNoteLinesOf(db, [note.id]) : await this.invoices.linesOf(db, [invoice.id]);
    const datesOf = await this.linesDates(note?.id ?? null, invoice.id);
    const base = {
      issuer: { name: commune.name, address: commune.address, postalCode: commune.postalCode, city: commune.city, phone: commune.phone, email: commune.email },
      family: { name: family.name, referents: invoice.childrenLabel, address: holder?.address ?? null },
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      establishmentsLabel: invoice.establishmentsLabel,
      lines: lines.map((l) => ({
        childName: l.childName,
        activityName: l.activityName,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        amountCents: l.amountCents,
        dates: datesOf(l),
      })),
    };
    if (note) {
      return { view: { ...base, kind, number: note.number, issuedOn: note.issuedOn, amountCents: note.amountCents, creditNote: { invoiceNumber: invoice.number, reason: note.reason } } };
    }
    const view: BillingDocumentView = {
      ...base,
      kind,
      number: invoice.number,
      issuedOn: invoice.issuedOn,
      amountCents: invoice.amountCents,
      invoice: {
        paidCents: invoice.paidCents,
        creditedCents: invoice.creditedCents + invoice.fromBalanceCents,
        remainingCents: remainingOf(invoice),
        stateLabel: INVOICE_STATE_LABELS[invoice.state],
        dueOn: (await this.days.dueDates(db, [invoice]))[0],
        withTreasury: invoice.state === 'TREASURY',
      },
    };
    return { view, invoiceAsRendered: invoice };
  }

  /** The dates of each line: billed by the invoice's line, or credited by the credit note's. */
  private async linesDates(creditNoteId: string | null, invoiceId: string): Promise<(l: DocumentLine & { position: number }) => string[]> {
    const db = this.uow.read;
    if (creditNoteId) {
      const days = await this.days.creditedDaysOf(db, [creditNoteId]);
      return (l) => datesOfCreditNoteLine(days, creditNoteId, l);
    }
    const days = await this.days.billedDaysOf(db, [invoiceId]);
    return (l) => datesOfInvoiceLine(days, invoiceId, l.position);
  }

  /** Renders what is still missing (jobs lost while the queue was down). */
  async sweep(): Promise<number> {
    const missing = await this.documents.withoutDocument(this.uow.read, 500);
    for (const m of missing) await this.enqueue(m.kind, m.id, m.version);
    if (missing.length) this.logger.warn(`${missing.length} PDF relancé(s) par le balayage`);
    return missing.length;
  }
}
