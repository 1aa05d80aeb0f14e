import { Injectable } from '@nestjs/common';
import { Db } from '../../database/unit-of-work';
import { SepaCreditor } from './pain008';

/**
 * Where a commune's SEPA creditor identity (ICS, name, IBAN, BIC) comes from: the seam to the
 * commune's payment settings (« Régie », built beside this module). Until they are wired here, the
 * default finds none, and a batch is refused with « Identité de créancier SEPA de la commune
 * manquante » — the tests put a creditor in (`jest.spyOn(app.get(SepaCreditorLookup), 'creditor')`).
 * Wiring it: provide `SepaCreditorLookup` with a class reading the settings (decrypted IBAN) in
 * `DirectDebitModule`, nothing else changes.
 */
@Injectable()
export class SepaCreditorLookup {
  creditor(_db: Db, _communeId: string): Promise<SepaCreditor | null> {
    return Promise.resolve(null);
  }
}
