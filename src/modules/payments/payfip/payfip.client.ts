import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, createClientAsync } from 'soap';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import type { ProviderMode } from '../../regie/payment-settings-rules';
import { PAYFIP_ENDPOINT, PAYFIP_PAGE } from './payfip-rules';

/** The DGFiP's description of its web service, kept in the repository (copied to dist by nest-cli's assets). */
export const PAYFIP_WSDL = join(__dirname, 'payfip.wsdl');

/** Where the test PayFiP answers, on this app (TEST mode). */
export const TEST_PAYFIP_PATH = '/test-bank/payfip';

/** `creerPaiementSecurise`'s argument, every value as text. */
export interface PayfipCreation {
  numcli: string;
  exer: string;
  refdet: string;
  objet: string;
  montant: string;
  mel: string;
  urlnotif: string;
  urlredirect: string;
  saisie: string;
}

/** `recupererDetailPaiementSecurise`'s answer (what the app reads of it). */
export interface PayfipDetails {
  idOp: string;
  resultrans: string;
  numauto: string;
  dattrans: string;
  heurtrans: string;
  montant: string;
  refdet: string;
  exer: string;
  numcli: string;
  mel: string;
  saisie: string;
}

const LOCAL = ['localhost', '127.0.0.1', '[::1]'];
const TIMEOUT_MS = 15_000;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * PayFiP's web service through the `soap` library and the WSDL above (no hand-built XML). The
 * endpoint follows the commune's mode: the DGFiP in PRODUCTION, this app's own test PayFiP in TEST.
 */
@Injectable()
export class PayfipClient {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  /** The web service's address for a mode. */
  endpointOf(mode: ProviderMode): string {
    return mode === 'PRODUCTION' ? PAYFIP_ENDPOINT : `${this.ownServer()}${TEST_PAYFIP_PATH}/ws`;
  }

  /** PayFiP's page the browser goes to, `idop` its only field (GET). */
  pageOf(mode: ProviderMode): string {
    return mode === 'PRODUCTION' ? PAYFIP_PAGE : `${this.config.apiPublicUrl.replace(/\/$/, '')}${TEST_PAYFIP_PATH}`;
  }

  /** `creerPaiementSecurise`: PayFiP's `idOp`. */
  async create(mode: ProviderMode, arg: PayfipCreation): Promise<string> {
    const client = await this.client(this.endpointOf(mode));
    const [answer] = (await client.creerPaiementSecuriseAsync({ arg0: arg }, { timeout: TIMEOUT_MS })) as [{ return?: { idOp?: unknown } } | null];
    const idOp = text(answer?.return?.idOp);
    if (!idOp) throw new Error('PayFiP: creerPaiementSecurise answered no idOp');
    return idOp;
  }

  /** `recupererDetailPaiementSecurise`. */
  async details(mode: ProviderMode, idOp: string): Promise<PayfipDetails> {
    const client = await this.client(this.endpointOf(mode));
    const [answer] = (await client.recupererDetailPaiementSecuriseAsync({ arg0: { idOp } }, { timeout: TIMEOUT_MS })) as [{ return?: Record<string, unknown> } | null];
    const r = answer?.return ?? {};
    return {
      idOp: text(r.idOp) || idOp,
      resultrans: text(r.resultrans),
      numauto: text(r.numauto),
      dattrans: text(r.dattrans),
      heurtrans: text(r.heurtrans),
      montant: text(r.montant),
      refdet: text(r.refdet),
      exer: text(r.exer),
      numcli: text(r.numcli),
      mel: text(r.mel),
      saisie: text(r.saisie),
    };
  }

  private client(endpoint: string): Promise<Client> {
    let client = this.clients.get(endpoint);
    if (!client) {
      client = createClientAsync(PAYFIP_WSDL, { endpoint });
      client.catch(() => this.clients.delete(endpoint));
      this.clients.set(endpoint, client);
    }
    return client;
  }

  /**
   * This app's base URL for its own calls: API_PUBLIC_URL, except a local one (`localhost`, any
   * port), which is this very server reached on the port it listens on.
   */
  private ownServer(): string {
    const base = this.config.apiPublicUrl.replace(/\/$/, '');
    const server = this.http?.httpAdapter?.getHttpServer?.() as { address?: () => AddressInfo | string | null } | undefined;
    const address = server?.address?.();
    try {
      if (LOCAL.includes(new URL(base).hostname) && address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
    } catch {
      return base;
    }
    return base;
  }
}
