import { Db } from '../../database/unit-of-work';
import { SepaCreditor } from './pain008';

/**
 * Where a commune's SEPA creditor identity (ICS, name, IBAN, BIC) comes from: its régie settings,
 * read by `regie/treasury-identities.ts` (bound in `DirectDebitModule`). A commune that has not
 * filled them in has none, and a batch is refused with « Identité de créancier SEPA de la commune
 * manquante ».
 */
export abstract class SepaCreditorLookup {
  abstract creditor(db: Db, communeId: string): Promise<SepaCreditor | null>;
}
