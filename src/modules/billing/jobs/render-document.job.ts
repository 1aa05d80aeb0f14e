import { Injectable, OnModuleInit } from '@nestjs/common';
import { Jobs } from '../../../queue/jobs';
import { BillingDocuments } from '../documents/billing-documents.service';

/** Renders and stores the PDF of an invoice or a credit note (on a worker thread of the worker process). */
@Injectable()
export class RenderDocumentJob implements OnModuleInit {
  constructor(
    private readonly documents: BillingDocuments,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit() {
    this.jobs.handle('documents.render', (data) => this.documents.render(data.kind, data.id));
  }
}
