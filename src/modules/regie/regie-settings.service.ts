import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '../../common/context/request-context';
import { HealthDataCipher } from '../../common/crypto/health-data-cipher';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Db, UnitOfWork } from '../../database/unit-of-work';
import { CommunePaymentSettingsEntity } from './commune-payment-settings.entity';
import { checkPaymentSettings, maskIban, OnlineProvider, PaymentSettingsInput, ProviderMode } from './payment-settings-rules';
import { PaymentSettingsStore } from './payment-settings.store';

/** Systempay's hosted payment page, TEST and PRODUCTION alike (`vads_ctx_mode` tells them apart). */
export const SYSTEMPAY_PAYMENT_PAGE = 'https://paiement.systempay.fr/vads-payment/';

/** A shop at Systempay: what signs a commune's forms and verifies its notifications. */
export interface SystempayAccount {
  siteId: string;
  key: string;
  mode: ProviderMode;
  /** Where the browser posts the form. */
  paymentUrl: string;
}

/** A commune's régie, decrypted: for the modules that pay, export to Hélios or debit (never for a GraphQL answer). */
export interface CommuneRegie {
  communeId: string;
  /** True when the commune saved nothing: the deployment's SYSTEMPAY_* serve it. */
  deploymentDefaults: boolean;
  onlineProvider: OnlineProvider;
  mode: ProviderMode;
  /** The Systempay shop its card payments go through (also kept when the provider is now another, for late notifications). */
  systempay: SystempayAccount | null;
  payfipClientNumber: string | null;
  sepa: { creditorId: string | null; creditorName: string | null; iban: string | null; bic: string | null };
  helios: { idPost: string | null; idColl: string | null; codCol: string | null; codBud: string | null; codProdLoc: string | null; nature: string | null };
}

/** What the back-office « Régie » screen shows: no secret, the IBAN masked. */
export interface PaymentSettingsView {
  onlineProvider: OnlineProvider;
  mode: ProviderMode;
  systempaySiteId: string | null;
  systempayKeySet: boolean;
  payfipClientNumber: string | null;
  sepaCreditorId: string | null;
  sepaCreditorName: string | null;
  sepaIbanMasked: string | null;
  sepaBic: string | null;
  heliosIdPost: string | null;
  heliosIdColl: string | null;
  heliosCodCol: string | null;
  heliosCodBud: string | null;
  heliosCodProdLoc: string | null;
  heliosNature: string | null;
  usesDeploymentDefaults: boolean;
}

/**
 * Each commune its own régie (SPEC §2): its settings, stored with the Systempay key and the IBAN
 * encrypted by the health notes' cipher (HEALTH_DATA_KEY), read decrypted by the modules that need
 * them (`of`), shown to an ADMIN without secrets (`view`). A commune that saved nothing is served by
 * the deployment's SYSTEMPAY_* (a one-commune deployment, the demo). Secrets are never logged.
 */
@Injectable()
export class RegieSettings {
  private readonly logger = new Logger(RegieSettings.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: PaymentSettingsStore,
    private readonly cipher: HealthDataCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The commune's régie, decrypted. `db`: the caller's transaction, or the read handle. */
  async of(db: Db, communeId: string): Promise<CommuneRegie> {
    return this.regieOf(communeId, await this.store.ofCommune(db, communeId));
  }

  /** The online provider a family of the commune pays with (`NONE`: no « Payer en ligne »). */
  async onlineProviderOf(db: Db, communeId: string): Promise<OnlineProvider> {
    const regie = await this.of(db, communeId);
    return regie.onlineProvider === 'SYSTEMPAY' && !regie.systempay ? 'NONE' : regie.onlineProvider;
  }

  /**
   * The shops that may have signed a notification naming this site: the communes that stored it,
   * and the deployment's own (for the communes it serves, `communeId` null) when it is that site.
   */
  async systempayAccountsForSite(db: Db, siteId: string): Promise<Array<SystempayAccount & { communeId: string | null }>> {
    const own = (await this.store.withSystempaySite(db, siteId)).flatMap((row) => {
      const account = this.systempayOf(row);
      return account ? [{ ...account, communeId: row.communeId }] : [];
    });
    const fallback = this.deploymentAccount();
    return fallback?.siteId === siteId ? [...own, { ...fallback, communeId: null }] : own;
  }

  /** For the « Régie » screen (ADMIN). */
  async view(ctx: RequestContext): Promise<PaymentSettingsView> {
    return this.viewOf(await this.store.ofCommune(this.uow.read, ctx.communeId));
  }

  /** Checked as a whole before anything is written: a refused input changes nothing. */
  async update(ctx: RequestContext, input: PaymentSettingsInput): Promise<PaymentSettingsView> {
    const saved = await this.uow.run(async (tx) => {
      const before = await this.store.lockOfCommune(tx, ctx.communeId);
      const storedSite = before?.systempayKey ? before.systempaySiteId : null;
      const s = checkPaymentSettings(input, storedSite);
      // A key belongs to its shop: kept only while the site stays the same.
      const key = s.systempayKey ? this.cipher.encrypt(s.systempayKey) : s.systempaySiteId !== null && s.systempaySiteId === storedSite ? (before?.systempayKey ?? null) : null;
      const row = {
        communeId: ctx.communeId,
        onlineProvider: s.onlineProvider,
        mode: s.mode,
        systempaySiteId: s.systempaySiteId,
        systempayKey: key,
        payfipClientNumber: s.payfipClientNumber,
        sepaCreditorId: s.sepaCreditorId,
        sepaCreditorName: s.sepaCreditorName,
        sepaIban: s.sepaIban === undefined ? (before?.sepaIban ?? null) : this.cipher.encrypt(s.sepaIban),
        sepaBic: s.sepaBic,
        heliosIdPost: s.heliosIdPost,
        heliosIdColl: s.heliosIdColl,
        heliosCodCol: s.heliosCodCol,
        heliosCodBud: s.heliosCodBud,
        heliosCodProdLoc: s.heliosCodProdLoc,
        heliosNature: s.heliosNature,
      };
      await this.store.save(tx, row);
      return this.store.ofCommune(tx, ctx.communeId);
    });
    // Which settings, never their values.
    this.logger.log(`régie de la commune ${ctx.commune.code} enregistrée par le compte ${ctx.account.accountId} : ${input.onlineProvider} (${input.mode})`);
    return this.viewOf(saved);
  }

  private viewOf(row: CommunePaymentSettingsEntity | null): PaymentSettingsView {
    if (!row) {
      const fallback = this.deploymentAccount();
      return {
        onlineProvider: fallback ? 'SYSTEMPAY' : 'NONE',
        mode: this.config.systempay.mode,
        systempaySiteId: fallback?.siteId ?? null,
        systempayKeySet: false,
        payfipClientNumber: null,
        sepaCreditorId: null,
        sepaCreditorName: null,
        sepaIbanMasked: null,
        sepaBic: null,
        heliosIdPost: null,
        heliosIdColl: null,
        heliosCodCol: null,
        heliosCodBud: null,
        heliosCodProdLoc: null,
        heliosNature: null,
        usesDeploymentDefaults: true,
      };
    }
    const iban = this.cipher.decrypt(row.sepaIban);
    return {
      onlineProvider: row.onlineProvider as OnlineProvider,
      mode: row.mode as ProviderMode,
      systempaySiteId: row.systempaySiteId,
      systempayKeySet: !!row.systempayKey,
      payfipClientNumber: row.payfipClientNumber,
      sepaCreditorId: row.sepaCreditorId,
      sepaCreditorName: row.sepaCreditorName,
      sepaIbanMasked: iban ? maskIban(iban) : null,
      sepaBic: row.sepaBic,
      heliosIdPost: row.heliosIdPost,
      heliosIdColl: row.heliosIdColl,
      heliosCodCol: row.heliosCodCol,
      heliosCodBud: row.heliosCodBud,
      heliosCodProdLoc: row.heliosCodProdLoc,
      heliosNature: row.heliosNature,
      usesDeploymentDefaults: false,
    };
  }

  private regieOf(communeId: string, row: CommunePaymentSettingsEntity | null): CommuneRegie {
    if (!row) {
      const fallback = this.deploymentAccount();
      return {
        communeId,
        deploymentDefaults: true,
        onlineProvider: fallback ? 'SYSTEMPAY' : 'NONE',
        mode: this.config.systempay.mode,
        systempay: fallback,
        payfipClientNumber: null,
        sepa: { creditorId: null, creditorName: null, iban: null, bic: null },
        helios: { idPost: null, idColl: null, codCol: null, codBud: null, codProdLoc: null, nature: null },
      };
    }
    return {
      communeId,
      deploymentDefaults: false,
      onlineProvider: row.onlineProvider as OnlineProvider,
      mode: row.mode as ProviderMode,
      systempay: this.systempayOf(row),
      payfipClientNumber: row.payfipClientNumber,
      sepa: { creditorId: row.sepaCreditorId, creditorName: row.sepaCreditorName, iban: this.cipher.decrypt(row.sepaIban), bic: row.sepaBic },
      helios: {
        idPost: row.heliosIdPost,
        idColl: row.heliosIdColl,
        codCol: row.heliosCodCol,
        codBud: row.heliosCodBud,
        codProdLoc: row.heliosCodProdLoc,
        nature: row.heliosNature,
      },
    };
  }

  private systempayOf(row: CommunePaymentSettingsEntity): SystempayAccount | null {
    const key = this.cipher.decrypt(row.systempayKey);
    if (!row.systempaySiteId || !key) return null;
    const mode = row.mode as ProviderMode;
    return { siteId: row.systempaySiteId, key, mode, paymentUrl: this.paymentUrlFor(mode) };
  }

  /** The deployment's own shop (SYSTEMPAY_*, the test bank's by default in TEST), if it has one. */
  deploymentAccount(): SystempayAccount | null {
    const { siteId, key, mode, paymentUrl } = this.config.systempay;
    return siteId && key && paymentUrl ? { siteId, key, mode, paymentUrl } : null;
  }

  /**
   * A commune in the deployment's mode posts where the deployment does (in TEST: its test bank,
   * unless SYSTEMPAY_PAYMENT_URL says otherwise); in the other mode, to Systempay's own page.
   */
  private paymentUrlFor(mode: ProviderMode): string {
    return mode === this.config.systempay.mode && this.config.systempay.paymentUrl ? this.config.systempay.paymentUrl : SYSTEMPAY_PAYMENT_PAGE;
  }
}
