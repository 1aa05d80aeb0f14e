import { electronicFormatIBAN, validateBIC, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { invalidField } from '../../common/errors/domain-error';

/*
 * SEPA direct debit's pure rules (SPEC "The Trésor Public… SEPA direct debit"): the IBAN and BIC
 * checks with their French messages, the IBAN as people see it (masked), the mandate's reference
 * (RUM) and the bank's reject reasons.
 */

/** An IBAN as typed (spaces, lower case) in its electronic form, checked: country, length, checksum. */
export function checkIban(typed: string, field = 'iban'): string {
  const iban = electronicFormatIBAN(typed) ?? '';
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return iban;
  if (!iban) throw invalidField(field, 'Saisissez l’IBAN du compte à débiter.');
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) throw invalidField(field, `IBAN invalide : le pays « ${iban.slice(0, 2)} » n’est pas un pays de l’IBAN.`);
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) throw invalidField(field, `IBAN invalide : la longueur ne correspond pas à un IBAN ${iban.slice(0, 2)}.`);
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) throw invalidField(field, 'IBAN invalide : des caractères ne correspondent pas au format du pays.');
  throw invalidField(field, 'IBAN invalide : la clé de contrôle ne correspond pas (vérifiez la saisie).');
}

/** An optional BIC (8 or 11 characters), upper case; null when not given. */
export function checkBic(typed: string | null | undefined, field = 'bic'): string | null {
  const bic = (typed ?? '').replace(/\s+/g, '').toUpperCase();
  if (!bic) return null;
  if (!validateBIC(bic).valid) throw invalidField(field, 'BIC invalide : 8 ou 11 caractères (banque, pays, lieu, agence), ex. BNPAFRPPXXX.');
  return bic;
}

/** `FR76 •••• •••• •••• •••• •••• 189`: the country and key, then groups of four hidden, the last three shown. */
export function maskIban(iban: string): string {
  const hiddenGroups = Math.ceil((iban.length - 4 - 3) / 4);
  return [iban.slice(0, 4), ...Array.from({ length: hiddenGroups }, () => '••••'), iban.slice(-3)].join(' ');
}

/** The characters SEPA allows in a mandate reference (RUM), upper case here; 35 at most. */
export const RUM_PATTERN = /^[A-Z0-9+?/:().,' -]{1,35}$/;

/**
 * A mandate's reference (RUM): `<COMMUNE>-<FAMILLE>-<000001>`, the commune's code (letters and
 * digits, 12 at most), the family's id's first eight characters and the commune's mandate sequence:
 * unique in the commune by the sequence alone, readable by the finance office, ≤ 35 characters.
 */
export function mandateReference(communeCode: string, familyId: string, seq: number): string {
  const commune =
    communeCode
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 12) || 'COMMUNE';
  const family = familyId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 8)
    .toUpperCase();
  return `${commune}-${family}-${String(seq).padStart(6, '0')}`;
}

/** Text in a pain.008 file: the Latin characters SEPA allows (accents dropped), cut to `max`. */
export function sepaText(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9/?:().,'+ -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** The bank's reject reasons (ISO 20022 `ExternalStatusReason1Code`, those a French bank returns on a direct debit). */
export const REJECT_REASONS: Readonly<Record<string, string>> = {
  AC01: 'Numéro de compte incorrect',
  AC04: 'Compte clôturé',
  AC06: 'Compte bloqué',
  AC13: 'Compte de débiteur non valide (type de client)',
  AG01: 'Prélèvement interdit sur ce compte',
  AG02: 'Code opération incorrect',
  AM04: 'Provision insuffisante',
  AM05: 'Opération en double',
  BE05: 'Créancier inconnu du débiteur',
  CNOR: 'Banque du créancier injoignable',
  DNOR: 'Banque du débiteur injoignable',
  FF01: 'Format de fichier incorrect',
  MD01: 'Pas de mandat valide',
  MD02: 'Données du mandat manquantes ou incorrectes',
  MD06: 'Remboursement demandé par le débiteur',
  MD07: 'Débiteur décédé',
  MS02: 'Refus du débiteur',
  MS03: 'Raison non communiquée par la banque',
  RC01: 'BIC incorrect',
  RR01: 'Identification du débiteur manquante',
  RR02: 'Nom ou adresse du débiteur manquant',
  RR03: 'Nom ou adresse du créancier manquant',
  RR04: 'Raison réglementaire',
  SL01: 'Service spécifique de la banque du débiteur (opposition)',
};

/** The payment's reason as people read it: « Provision insuffisante (rejet AM04) ». */
export function rejectReason(typed: string): { code: string; reason: string } {
  const code = typed.trim().toUpperCase();
  const label = REJECT_REASONS[code];
  if (!label) throw invalidField('reasonCode', `Code de rejet inconnu : « ${typed.trim().slice(0, 8)} » (codes ISO, ex. AM04 « Provision insuffisante », AC04 « Compte clôturé », MD06, MS02).`);
  return { code, reason: `${label} (rejet ${code})` };
}
