import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ActivitiesModule } from '../activities/activities.module';
import { ChildrenModule } from '../children/children.module';
import { CommunesModule } from '../communes/communes.module';
import { FamiliesModule } from '../families/families.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PaymentsStoreModule } from '../payments/payments-store.module';
import { ReservationsModule } from '../reservations/reservations.module';
import { BillingMails } from './billing-mails.service';
import { BillingRuns } from './billing-runs.service';
import { BillingResolver, CreditNoteResolver, FamilyCreditResolver, PaymentResolver } from './billing.resolver';
import { BillingService } from './billing.service';
import { BillingRunsStore } from './billing-runs.store';
import { BilledDaysStore } from './billed-days.store';
import { CreditNotes } from './credit-notes.service';
import { CreditNotesStore } from './credit-notes.store';
import { BillingDocumentsController } from './documents/billing-documents.controller';
import { BillingDocuments } from './documents/billing-documents.service';
import { BillingDocumentsStore } from './documents/billing-documents.store';
import { PdfRenderPool } from './documents/pdf-render-pool';
import { FamilyLedgerStore } from './family-ledger.store';
import { InvoicesStore } from './invoices.store';
import { Payments } from './payments.service';
import { BillingRunJob } from './jobs/billing-run.job';
import { RenderDocumentJob } from './jobs/render-document.job';

/** Billing (SPEC §2): runs, invoices, credit notes, offline payments, PDFs and their mails. */
@Module({
  imports: [AccountsModule, ActivitiesModule, ChildrenModule, CommunesModule, FamiliesModule, NotificationsModule, PaymentsStoreModule, ReservationsModule],
  controllers: [BillingDocumentsController],
  providers: [
    InvoicesStore,
    CreditNotesStore,
    FamilyLedgerStore,
    BillingRunsStore,
    BilledDaysStore,
    BillingDocumentsStore,
    BillingService,
    BillingRuns,
    CreditNotes,
    Payments,
    BillingMails,
    BillingDocuments,
    BillingRunJob,
    RenderDocumentJob,
    { provide: PdfRenderPool, useFactory: () => new PdfRenderPool(1) },
    BillingResolver,
    CreditNoteResolver,
    PaymentResolver,
    FamilyCreditResolver,
  ],
  exports: [BillingService, InvoicesStore, CreditNotesStore, FamilyLedgerStore, BilledDaysStore],
})
export class BillingModule {}
