import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Ctx, Roles } from '../../common/auth/decorators';
import { STAFF_ROLES } from '../../common/auth/role';
import { RequestContext } from '../../common/context/request-context';
import { ParseUuidPipe } from '../../common/http/parse-uuid.pipe';
import { TreasuryService } from './treasury.service';

/** `GET /treasury-exports/:id/file`: the PES V2 file, with the bearer token of the commune's staff. */
@Controller()
export class TreasuryExportsController {
  constructor(private readonly treasury: TreasuryService) {}

  @Roles(...STAFF_ROLES)
  @Get('treasury-exports/:id/file')
  async file(@Ctx() ctx: RequestContext, @Param('id', ParseUuidPipe) id: string, @Res() res: Response) {
    const { fileName, file } = await this.treasury.file(ctx, id);
    res
      .status(200)
      .setHeader('Content-Type', 'application/xml; charset=ISO-8859-1')
      .setHeader('Content-Disposition', `attachment; filename="${fileName}"`)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .send(file);
  }
}
