import { Body, Controller, Get, Inject, Logger, NotFoundException, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Public } from '../../common/auth/decorators';
import { euros } from '../../common/money/euros';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { UnitOfWork } from '../../database/unit-of-work';
import { RegieSettings } from '../regie/regie-settings.service';
import { escapeHtml, sendTestBankPage } from './test-bank-page';
import { formFields } from './form-body';
import { FormFields, hasValidSignature, systempaySignature } from './systempay-signature';

const DECISIONS = { PAY: 'AUTHORISED', REFUSE: 'REFUSED', ABANDON: 'ABANDONED' } as const;
/** The bank retries a notification that did not get a 200: now, then after 1, 2, 4 and 8 seconds. */
const RETRY_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000];

/**
 * A bank that speaks Systempay's form protocol, for trying the whole payment on one machine
 * (`SYSTEMPAY_MODE=TEST`, the default on embedded defaults; absent in PRODUCTION). Like the real
 * one, it checks the form's signature, shows the amount, sends the signed notification
 * server-to-server (retrying until it gets a 200), then sends the browser back. It knows every
 * shop the app does (each commune's régie, the deployment's SYSTEMPAY_*): a form is signed, and its
 * notification signed back, with the key of the shop the form names.
 */
@Controller('test-bank/systempay')
export class TestBankController {
  private readonly logger = new Logger(TestBankController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly regie: RegieSettings,
    private readonly uow: UnitOfWork,
  ) {}

  @Public()
  @Get()
  home(@Res() res: Response) {
    this.enabled();
    sendTestBankPage(res, 200, 'Banque de test', '<p>Cette banque de test reçoit le formulaire de paiement que le Portail Famille fait poster au navigateur.</p>');
  }

  /** The hosted payment page: the amount, and "Payer", "Refuser", "Abandonner". */
  @Public()
  @Post()
  async pay(@Body() body: unknown, @Res() res: Response) {
    this.enabled();
    const fields = formFields(body);
    if (!(await this.keyOf(fields))) {
      return sendTestBankPage(res, 400, 'Paiement impossible', '<p>La signature du formulaire est invalide : le paiement est refusé par la banque.</p>');
    }
    const hidden = Object.entries(fields)
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join('');
    const amount = euros(Number(fields.vads_amount));
    sendTestBankPage(
      res,
      200,
      'Paiement sécurisé — banque de test',
      `<p>Commande n° <strong>${escapeHtml(fields.vads_order_id ?? '')}</strong></p>
       <p>Montant à payer : <strong>${escapeHtml(amount)}</strong></p>
       <form method="post" action="/test-bank/systempay/decision">${hidden}
         <button type="submit" name="decision" value="PAY">Payer</button>
         <button type="submit" name="decision" value="REFUSE">Refuser</button>
         <button type="submit" name="decision" value="ABANDON">Abandonner</button>
       </form>
       <p>Aucune carte n’est demandée : c’est une banque de test.</p>`,
    );
  }

  /** The family's choice: the signed notification to the shop's server, then the browser back. */
  @Public()
  @Post('decision')
  async decide(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    this.enabled();
    const { decision, ...fields } = formFields(body);
    const status = DECISIONS[decision as keyof typeof DECISIONS];
    const key = await this.keyOf(fields);
    if (!status || !key) {
      return sendTestBankPage(res, 400, 'Paiement impossible', '<p>Le formulaire a été modifié : la banque le refuse.</p>');
    }
    const notification: FormFields = {
      vads_amount: fields.vads_amount,
      vads_ctx_mode: fields.vads_ctx_mode,
      vads_currency: fields.vads_currency,
      vads_operation_type: 'DEBIT',
      vads_order_id: fields.vads_order_id,
      vads_payment_config: fields.vads_payment_config,
      vads_site_id: fields.vads_site_id,
      vads_trans_date: fields.vads_trans_date,
      vads_trans_id: fields.vads_trans_id,
      vads_trans_status: status,
      vads_trans_uuid: randomUUID().replace(/-/g, ''),
      vads_url_check_src: 'PAY',
      vads_version: fields.vads_version,
    };
    notification.signature = systempaySignature(notification, key);
    const target = this.notificationTarget(fields.vads_url_check, req);
    if (target) await this.notifyUntilAnswered(target, notification);
    res.redirect(303, this.ownUrl(fields.vads_url_return) ?? '/');
  }

  /** The key of the shop the form names (`vads_site_id`) if it signed the form; else null. */
  private async keyOf(fields: FormFields): Promise<string | null> {
    const shops = await this.regie.systempayAccountsForSite(this.uow.read, fields.vads_site_id ?? '');
    return shops.find((shop) => hasValidSignature(fields, shop.key))?.key ?? null;
  }

  /**
   * The shop's notification URL — this app's only (the test bank serves no other shop, and never
   * posts to an address a form names). A local one (`localhost`, any port) is this very server,
   * reached on the port it listens on, whatever `API_PUBLIC_URL` says.
   */
  private notificationTarget(url: string | undefined, req: Request): string | null {
    const own = this.ownUrl(url);
    if (!own) return null;
    const u = new URL(own);
    return ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) ? `http://127.0.0.1:${req.socket.localPort}${u.pathname}${u.search}` : own;
  }

  /** The URL if it is on this app's public origin (API_PUBLIC_URL) or on localhost; else null (no open redirect). */
  private ownUrl(url: string | undefined): string | null {
    if (!url) return null;
    try {
      const u = new URL(url);
      const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
      return local || u.origin === new URL(this.config.apiPublicUrl).origin ? u.toString() : null;
    } catch {
      return null;
    }
  }

  /** The first try is awaited (the family comes back to a settled payment); retries go on in the background. */
  private async notifyUntilAnswered(url: string, fields: FormFields, attempt = 0): Promise<void> {
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined) return void this.logger.warn(`notification abandonnée après ${attempt} essais : ${url}`);
    if (delay) await new Promise((r) => setTimeout(r, delay).unref());
    let ok = false;
    try {
      const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      ok = answer.status === 200;
    } catch {
      ok = false;
    }
    if (ok) return;
    const retry = () => this.notifyUntilAnswered(url, fields, attempt + 1);
    if (attempt === 0) void retry();
    else await retry();
  }

  private enabled(): void {
    if (this.config.systempay.mode !== 'TEST') throw new NotFoundException();
  }
}
