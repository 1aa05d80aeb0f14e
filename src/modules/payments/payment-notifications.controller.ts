import { Body, Controller, Get, HttpCode, Logger, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators';
import { badInput } from '../../common/errors/domain-error';
import { formFields } from './form-body';
import { BadNotificationSignature, OnlinePayments } from './online-payments.service';
import { PayfipPayments } from './payfip/payfip-payments.service';
import { PaymentReturnPage } from './payment-return-page';

/**
 * The bank's side of a payment: its server-to-server notification (the only thing that settles a
 * payment), and the browser coming back (which changes nothing: closing the bank's tab loses nothing).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('payments')
export class PaymentNotificationsController {
  private readonly logger = new Logger(PaymentNotificationsController.name);

  constructor(
    private readonly payments: OnlinePayments,
    private readonly payfipPayments: PayfipPayments,
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

  /**
   * PayFiP's notification: the `idop` alone (form-encoded). The result is asked of PayFiP itself
   * (`recupererDetailPaiementSecurise`) and applied once; 200 once handled, whatever it did. An
   * `idop` no payment holds: 404, nothing written (logged). PayFiP unreachable: 503, nothing changed
   * (the reconciliation chore asks again).
   */
  @Public()
  @Post('payfip/notify')
  async payfip(@Body() body: unknown, @Res() res: Response) {
    const fields = formFields(body);
    const idOp = (fields.idop ?? fields.idOp ?? '').trim();
    let outcome: string;
    try {
      outcome = await this.payfipPayments.result(idOp, 'NOTIFICATION');
    } catch (err) {
      this.logger.warn(`PayFiP : notification ${idOp.slice(0, 64)} non traitée : ${(err as Error).message}`);
      return void res.status(503).type('text/plain').send('UNAVAILABLE');
    }
    res
      .status(outcome === 'UNKNOWN_PAYMENT' ? 404 : 200)
      .type('text/plain')
      .send(`${outcome === 'UNKNOWN_PAYMENT' ? 'KO' : 'OK'} ${outcome}`);
  }

  /** GET or POST from the bank's page: back to the portal's payment page, the payment named (a PayFiP one asked for at once). */
  @Public()
  @Get('return')
  async back(@Query('payment') payment: string | undefined, @Res() res: Response) {
    res.redirect(303, await this.returnTo(payment));
  }

  @Public()
  @Post('return')
  async backPosted(@Query('payment') payment: string | undefined, @Res() res: Response) {
    res.redirect(303, await this.returnTo(payment));
  }

  private async returnTo(payment: string | undefined): Promise<string> {
    if (payment && UUID.test(payment)) await this.payfipPayments.onReturn(payment);
    return this.returnPage.url(payment);
  }
}
