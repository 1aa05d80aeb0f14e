import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { badInput } from '../../common/errors/domain-error';
import { formFields } from './form-body';
import { BadNotificationSignature, OnlinePayments } from './online-payments.service';
import { PaymentReturnPage } from './payment-return-page';

/**
 * The bank's side of a payment: its server-to-server notification (the only thing that settles a
 * payment), and the browser coming back (which changes nothing: closing the bank's tab loses nothing).
 */
@Controller('payments')
export class PaymentNotificationsController {
  constructor(
    private readonly payments: OnlinePayments,
    private readonly returnPage: PaymentReturnPage,
  ) {}

  /** 400 for a bad or missing signature (nothing changes); 200 once handled, whatever it did. */
  @Public()
  @Post('systempay/ipn')
  @HttpCode(200)
  async systempay(@Body() body: unknown, @Res() res: Response) {
    try {
      const outcome = await this.payments.notify(formFields(body));
      res.type('text/plain').send(`OK ${outcome}`);
    } catch (err) {
      if (err instanceof BadNotificationSignature) {
        if (err.reason === 'NOT_A_NOTIFICATION') throw badInput('NOT_A_NOTIFICATION', 'Ceci n’est pas une notification de la banque : elle porte des champs du formulaire de paiement.');
        throw badInput('BAD_SIGNATURE', 'Signature de la notification invalide.');
      }
      throw err;
    }
  }

  /** GET or POST from the bank's page: back to the portal's payment page, the payment named. */
  @Public()
  @Get('return')
  async back(@Query('payment') payment: string | undefined, @Res() res: Response) {
    res.redirect(303, await this.returnPage.url(payment));
  }

  @Public()
  @Post('return')
  async backPosted(@Query('payment') payment: string | undefined, @Res() res: Response) {
    res.redirect(303, await this.returnPage.url(payment));
  }
}
