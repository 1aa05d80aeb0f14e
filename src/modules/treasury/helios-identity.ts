import { Db } from '../../database/unit-of-work';
import { HeliosIdentity } from './pes-aller';

/**
 * Where the export finds the commune's Hélios identifiers (IdPost, IdColl, CodCol, CodBud,
 * CodProdLoc, Nature): a setting of the commune's régie, read by `regie/treasury-identities.ts`
 * (bound in `TreasuryModule`) in the caller's transaction or read handle. A commune that has not
 * filled them all in has none, and the export is refused with « Identifiants Hélios de la commune
 * manquants ».
 */
export interface HeliosIdentityLookup {
  heliosIdentity(db: Db, communeId: string): Promise<HeliosIdentity | null>;
}

export const HELIOS_IDENTITY_LOOKUP = Symbol('HeliosIdentityLookup');

/** Demo identifiers, for the tests only (they replace the lookup's answer with these). */
export const DEMO_HELIOS_IDENTITY: HeliosIdentity = { idPost: '031000', idColl: '21310032000011', codCol: '031', codBud: '00', codProdLoc: 'CANT', nature: '7067' };
