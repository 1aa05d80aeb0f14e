import { Injectable } from '@nestjs/common';
import { Db } from '../../database/unit-of-work';
import { HeliosIdentity } from './pes-aller';

/**
 * Where the export finds the commune's Hélios identifiers (IdPost, IdColl, CodCol, CodBud,
 * CodProdLoc, Nature). They are a setting of the commune's régie (`PaymentSettings`, built beside
 * this in issue 18): when that lands, its module binds this token to a lookup reading the settings
 * in the caller's transaction or read handle. Until then the default knows none, and the export is
 * refused with « Identifiants Hélios de la commune manquants ».
 */
export interface HeliosIdentityLookup {
  heliosIdentity(db: Db, communeId: string): Promise<HeliosIdentity | null>;
}

export const HELIOS_IDENTITY_LOOKUP = Symbol('HeliosIdentityLookup');

/** The default: no commune has its identifiers yet. */
@Injectable()
export class NoHeliosIdentity implements HeliosIdentityLookup {
  heliosIdentity(): Promise<HeliosIdentity | null> {
    return Promise.resolve(null);
  }
}

/** Demo identifiers, for the tests only (they replace the lookup's answer with these). */
export const DEMO_HELIOS_IDENTITY: HeliosIdentity = { idPost: '031000', idColl: '21310032000011', codCol: '031', codBud: '00', codProdLoc: 'CANT', nature: '7067' };
