import { All, Body, Controller, Get, Inject, Injectable, Logger, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import express, { type Express, type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { listen } from 'soap';
import { Public } from '../../../common/auth/decorators';
import { euros } from '../../../common/money/euros';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { escapeHtml, sendTestBankPage } from '../test-bank-page';
import { formFields } from '../form-body';
import { PayfipCreation, PayfipDetails, PAYFIP_WSDL, TEST_PAYFIP_PATH } from './payfip.client';
import { PAYFIP_MAX_CENTS, PAYFIP_MIN_CENTS } from './payfip-rules';

/** What the family chose on the test page: PayFiP's `resultrans`. */
const DECISIONS = { PAY: 'P', REFUSE: 'R', ABANDON: 'A' } as const;
const LOCAL = ['localhost', '127.0.0.1', '[::1]'];

interface Operation extends PayfipCreation {
  idOp: string;
  resultrans: string;
  numauto: string;
  dattrans: string;
  heurtrans: string;
}

/** A SOAP fault as the `soap` server sends it (`FonctionnelleErreur`, as the DGFiP's). */
const fault = (code: string, message: string) => ({
  Fault: { faultcode: 'soap:Server', faultstring: `${code} - ${message}`, detail: { FonctionnelleErreur: { code, libelle: message, message, severite: 2 } } },
});

/** Why `creerPaiementSecurise` refuses its argument, as PayFiP checks it; null when it is well-formed. */
function refusalOf(a: Partial<PayfipCreation>): string | null {
  if (!/^\d{6}$/.test(a.numcli ?? '')) return 'numcli : six chiffres';
  if (!/^\d{4}$/.test(a.exer ?? '')) return 'exer : une année';
  if (!/^[A-Za-z0-9]{1,30}$/.test(a.refdet ?? '')) return 'refdet : lettres et chiffres, 30 au plus';
  if (!/^[A-Za-z0-9 ]{0,100}$/.test(a.objet ?? '')) return 'objet : lettres, chiffres et espaces, 100 au plus';
  if (!/^\d{1,8}$/.test(a.montant ?? '') || Number(a.montant) < PAYFIP_MIN_CENTS || Number(a.montant) > PAYFIP_MAX_CENTS) return 'montant : de 100 à 10000000 centimes';
  if (!a.mel) return 'mel : obligatoire';
  if (!a.urlnotif || !a.urlredirect) return 'urlnotif et urlredirect : obligatoires';
  if (a.saisie !== 'T') return 'saisie : T sur la plateforme de test';
  return null;
}

/**
 * The test PayFiP's operations, kept in this process's memory (the HTTP server that serves the
 * test PayFiP): a restart forgets them, and their payments wait for the expiry.
 */
@Injectable()
export class TestPayfipOperations {
  private readonly ops = new Map<string, Operation>();

  create(arg: Partial<PayfipCreation>): string {
    const refusal = refusalOf(arg);
    if (refusal) throw fault('P5', refusal);
    const idOp = randomBytes(16).toString('hex');
    this.ops.set(idOp, { ...(arg as PayfipCreation), idOp, resultrans: '', numauto: '', dattrans: '', heurtrans: '' });
    return idOp;
  }

  get(idOp: string): Operation | undefined {
    return this.ops.get(idOp);
  }

  details(idOp: string): PayfipDetails {
    const op = this.ops.get(idOp);
    if (!op) throw fault('P1', 'idOp inconnu');
    const { idOp: id, resultrans, numauto, dattrans, heurtrans, montant, refdet, exer, numcli, mel, saisie } = op;
    return { idOp: id, resultrans, numauto, dattrans, heurtrans, montant, refdet, exer, numcli, mel, saisie };
  }

  /** The family's choice, once: a second one changes nothing (false). */
  decide(idOp: string, resultrans: string): boolean {
    const op = this.ops.get(idOp);
    if (!op || op.resultrans) return false;
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    op.resultrans = resultrans;
    op.numauto = resultrans === 'P' ? String(100000 + Math.floor(Math.random() * 900000)) : '';
    op.dattrans = `${pad(now.getUTCDate())}${pad(now.getUTCMonth() + 1)}${now.getUTCFullYear()}`;
    op.heurtrans = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`;
    return true;
  }
}

/**
 * The DGFiP's PayFiP, for trying the whole flow on one machine (SPEC: `/test-bank/payfip`, TEST
 * mode only, absent when the deployment's SYSTEMPAY_MODE is PRODUCTION, like the Systempay test
 * bank): its web service's two operations, served by the `soap` library from the same WSDL the
 * client reads (`/test-bank/payfip/ws`), and its payment page with « Payer », « Refuser »,
 * « Abandonner ». The choice is recorded, `urlnotif` is called with the `idop` (this app's only),
 * then the browser goes to `urlredirect`.
 */
@Controller(TEST_PAYFIP_PATH.slice(1))
export class TestPayfipController {
  private readonly logger = new Logger(TestPayfipController.name);
  private readonly soapApp: Express;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ops: TestPayfipOperations,
  ) {
    this.soapApp = express();
    const port = {
      creerPaiementSecurise: (args: { arg0?: Partial<PayfipCreation> }) => ({ return: { idOp: this.ops.create(args.arg0 ?? {}) } }),
      recupererDetailPaiementSecurise: (args: { arg0?: { idOp?: string } }) => ({ return: this.ops.details(String(args.arg0?.idOp ?? '')) }),
    };
    listen(this.soapApp, {
      path: `${TEST_PAYFIP_PATH}/ws`,
      services: { PaiementSecuriseService: { PaiementSecuriseServicePort: port } },
      xml: readFileSync(PAYFIP_WSDL, 'utf8'),
    });
  }

  /** The web service (SOAP 1.1 over POST; `?wsdl` on GET). */
  @Public()
  @All('ws')
  service(@Req() req: Request, @Res() res: Response) {
    this.enabled();
    this.soapApp(req, res);
  }

  /** PayFiP's page: the amount, and « Payer », « Refuser », « Abandonner ». */
  @Public()
  @Get()
  page(@Query('idop') idOp: string | undefined, @Res() res: Response) {
    this.enabled();
    const op = this.ops.get(String(idOp ?? ''));
    if (!op) return sendTestBankPage(res, 404, 'PayFiP — paiement introuvable', '<p>Cette opération PayFiP est inconnue ou a expiré.</p>');
    if (op.resultrans) return sendTestBankPage(res, 409, 'PayFiP — paiement déjà traité', '<p>Cette opération PayFiP a déjà été traitée.</p>');
    sendTestBankPage(
      res,
      200,
      'PayFiP — plateforme de test',
      `<p>${escapeHtml(op.objet)}</p>
       <p>Référence : <strong>${escapeHtml(op.refdet)}</strong> (exercice ${escapeHtml(op.exer)})</p>
       <p>Montant à payer : <strong>${escapeHtml(euros(Number(op.montant)))}</strong></p>
       <form method="post" action="${TEST_PAYFIP_PATH}/decision"><input type="hidden" name="idop" value="${escapeHtml(op.idOp)}">
         <button type="submit" name="decision" value="PAY">Payer</button>
         <button type="submit" name="decision" value="REFUSE">Refuser</button>
         <button type="submit" name="decision" value="ABANDON">Abandonner</button>
       </form>
       <p>Aucune carte n’est demandée : c’est la plateforme de test de PayFiP.</p>`,
    );
  }

  /** The family's choice: recorded, `urlnotif` called with the `idop`, then the browser back. */
  @Public()
  @Post('decision')
  async decide(@Body() body: unknown, @Req() req: Request, @Res() res: Response) {
    this.enabled();
    const { idop, decision } = formFields(body);
    const resultrans = DECISIONS[decision as keyof typeof DECISIONS];
    const op = this.ops.get(idop ?? '');
    if (!op || !resultrans) return sendTestBankPage(res, 400, 'PayFiP — paiement impossible', '<p>Cette opération PayFiP est inconnue.</p>');
    if (this.ops.decide(op.idOp, resultrans)) {
      const target = this.notificationTarget(op.urlnotif, req);
      if (target) {
        try {
          const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ idop: op.idOp }).toString() });
          if (answer.status !== 200) this.logger.warn(`notification PayFiP de test : ${answer.status} de ${target}`);
        } catch (err) {
          this.logger.warn(`notification PayFiP de test impossible : ${(err as Error).message}`);
        }
      }
    }
    res.redirect(303, this.ownUrl(op.urlredirect) ?? '/');
  }

  /** `urlnotif` if it is this app's (a local one reached on the port this server listens on); else null. */
  private notificationTarget(url: string, req: Request): string | null {
    const own = this.ownUrl(url);
    if (!own) return null;
    const u = new URL(own);
    return LOCAL.includes(u.hostname) ? `http://127.0.0.1:${req.socket.localPort}${u.pathname}${u.search}` : own;
  }

  /** The URL if it is on this app's public origin (API_PUBLIC_URL) or on localhost; else null (no open redirect). */
  private ownUrl(url: string | undefined): string | null {
    if (!url) return null;
    try {
      const u = new URL(url);
      return LOCAL.includes(u.hostname) || u.origin === new URL(this.config.apiPublicUrl).origin ? u.toString() : null;
    } catch {
      return null;
    }
  }

  private enabled(): void {
    if (this.config.systempay.mode !== 'TEST') throw new NotFoundException();
  }
}
