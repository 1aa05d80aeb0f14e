import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Ctx } from '../../../common/auth/decorators';
import { RequestContext } from '../../../common/context/request-context';
import { ParseUuidPipe } from '../../../common/http/parse-uuid.pipe';
import { BillingDocuments, DocumentKind } from './billing-documents.service';

/** `GET /invoices/:id/pdf` and `/credit-notes/:id/pdf`: the bearer token of the family or of staff. */
@Controller()
export class BillingDocumentsController {
  constructor(private readonly documents: BillingDocuments) {}

  @Get('invoices/:id/pdf')
  invoice(@Ctx() ctx: RequestContext, @Param('id', ParseUuidPipe) id: string, @Res() res: Response) {
    return this.send(ctx, 'INVOICE', id, res);
  }

  @Get('credit-notes/:id/pdf')
  creditNote(@Ctx() ctx: RequestContext, @Param('id', ParseUuidPipe) id: string, @Res() res: Response) {
    return this.send(ctx, 'CREDIT_NOTE', id, res);
  }

  private async send(ctx: RequestContext, kind: DocumentKind, id: string, res: Response) {
    const { filename, pdf } = await this.documents.pdf(ctx, kind, id);
    res
      .status(200)
      .setHeader('Content-Type', 'application/pdf')
      .setHeader('Content-Disposition', `inline; filename="${filename}"`)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .send(pdf);
  }
}
