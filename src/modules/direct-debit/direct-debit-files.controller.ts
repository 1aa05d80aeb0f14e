import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Ctx } from '../../common/auth/decorators';
import { RequestContext } from '../../common/context/request-context';
import { ParseUuidPipe } from '../../common/http/parse-uuid.pipe';
import { DirectDebits } from './direct-debits.service';

/** `GET /direct-debit-batches/:id/file`: the pain.008 file, with the bearer token of the commune's staff. */
@Controller()
export class DirectDebitFilesController {
  constructor(private readonly directDebits: DirectDebits) {}

  @Get('direct-debit-batches/:id/file')
  async file(@Ctx() ctx: RequestContext, @Param('id', ParseUuidPipe) id: string, @Res() res: Response) {
    const { fileName, file } = await this.directDebits.batchFile(ctx, id);
    res
      .status(200)
      .setHeader('Content-Type', 'application/xml; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${fileName}"`)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .send(file);
  }
}
