import { Injectable } from '@nestjs/common';
import { Db } from '../../database/unit-of-work';
import type { SepaCreditor } from '../direct-debit/pain008';
import type { HeliosIdentity } from '../treasury/pes-aller';
import { RegieSettings } from './regie-settings.service';

/**
 * The commune's identities towards the Trésor Public, read from its régie settings: its Hélios
 * identifiers for the PES V2 export, its SEPA creditor identity for direct-debit batches. A commune
 * that has not filled them all in has none (the export or the batch is refused with its French
 * message, naming the « Régie » screen).
 */
@Injectable()
export class TreasuryIdentities {
  constructor(private readonly regie: RegieSettings) {}

  async heliosIdentity(db: Db, communeId: string): Promise<HeliosIdentity | null> {
    const { idPost, idColl, codCol, codBud, codProdLoc, nature } = (await this.regie.of(db, communeId)).helios;
    if (!idPost || !idColl || !codCol || !codBud || !codProdLoc || !nature) return null;
    return { idPost, idColl, codCol, codBud, codProdLoc, nature };
  }

  async creditor(db: Db, communeId: string): Promise<SepaCreditor | null> {
    const { creditorId, creditorName, iban, bic } = (await this.regie.of(db, communeId)).sepa;
    if (!creditorId || !creditorName || !iban) return null;
    return { id: creditorId, name: creditorName, iban, bic };
  }
}
