import { electronicFormatIBAN, isValidBIC, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { validateCreditorID } from 'sepa';
import { DomainError, invalidField } from '../../common/errors/domain-error';

export type OnlineProvider = 'NONE' | 'SYSTEMPAY' | 'PAYFIP';
export type ProviderMode = 'TEST' | 'PRODUCTION';

/** What an ADMIN sends (`UpdatePaymentSettingsInput`): a text left out or blank clears it; the key and the IBAN, never shown back, are kept when left out. */
export interface PaymentSettingsInput {
  onlineProvider: OnlineProvider;
  mode: ProviderMode;
  systempaySiteId?: string | null;
  systempayKey?: string | null;
  payfipClientNumber?: string | null;
  sepaCreditorId?: string | null;
  sepaCreditorName?: string | null;
  sepaIban?: string | null;
  sepaBic?: string | null;
  heliosIdPost?: string | null;
  heliosIdColl?: string | null;
  heliosCodCol?: string | null;
  heliosCodBud?: string | null;
  heliosCodProdLoc?: string | null;
  heliosNature?: string | null;
}

/** The settings once checked and put in their stored form (upper case, no spaces); secrets in clear. */
export interface CheckedPaymentSettings {
  onlineProvider: OnlineProvider;
  mode: ProviderMode;
  systempaySiteId: string | null;
  /** The new key; null: keep the stored one (or none). */
  systempayKey: string | null;
  payfipClientNumber: string | null;
  sepaCreditorId: string | null;
  sepaCreditorName: string | null;
  /** The new IBAN; null: none any more; undefined: keep the stored one. */
  sepaIban: string | null | undefined;
  sepaBic: string | null;
  heliosIdPost: string | null;
  heliosIdColl: string | null;
  heliosCodCol: string | null;
  heliosCodBud: string | null;
  heliosCodProdLoc: string | null;
  heliosNature: string | null;
}

const blankToNull = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};
/** Codes are typed with spaces and in any case: compared and stored upper case, without spaces. */
const code = (s: string | null | undefined) => blankToNull(s)?.replace(/\s+/g, '').toUpperCase() ?? null;

/** Systempay's shop identifier: 8 digits (its back office, « Paramétrage > Boutique »). */
export const SYSTEMPAY_SITE_ID = /^\d{8}$/;
/** PayFiP's client number (numcli), given by the DGFiP: 6 digits. */
export const PAYFIP_CLIENT_NUMBER = /^\d{6}$/;

/**
 * The Hélios identifiers, as the PES V2 XSD (v5.17, `Class_EntetePES.xsd`, `Class_LigneTitreAller.xsd`,
 * `Simple_Type.xsd`) types them: a file with another value is rejected by Hélios.
 */
export const HELIOS = {
  /** `V_TexteCodique7`: the accounting office's codique, 6 or 7 digits, or 02A/02B and 3 or 4 digits (Corse); never all zeros. */
  idPost: /^(?!0+$)(02[AB]\d{3,4}|\d{6,7})$/,
  /** `V_Num14_Light`, « Identifiant national Siret »: the budget's SIRET, 14 digits. */
  idColl: /^\d{14}$/,
  /** `V_CodeCol3`: 3 digits, not `000`. */
  codCol: /^(?!000)\d{3}$/,
  /** `V_CodeBud2`: a digit or capital letter, then a digit. */
  codBud: /^[0-9A-Z]\d$/,
  /** `V_Alphanum4`: 1 to 4 letters or digits, not all zeros. */
  codProdLoc: /^(?!0+$)[0-9A-Z]{1,4}$/,
  /** `V_Num12`: the budget account (« nature », e.g. 7067), up to 12 digits, above zero. */
  nature: /^[1-9]\d{0,11}$/,
};

/** `FR76 •••• •••• •••• •••• •••• 189`: the country and check digits, then the last group, the rest hidden. */
export function maskIban(iban: string): string {
  const groups = electronicFormatIBAN(iban)?.match(/.{1,4}/g) ?? [];
  if (groups.length < 3) return '••••';
  return [groups[0], ...groups.slice(1, -1).map(() => '••••'), groups[groups.length - 1]].join(' ');
}

/** Why an IBAN is refused, in French; null when it is a valid one. */
export function ibanProblem(iban: string): string | null {
  const { valid, errorCodes } = validateIBAN(iban);
  if (valid) return null;
  if (errorCodes.includes(ValidationErrorsIBAN.NoIBANCountry)) return 'IBAN invalide : le code pays (deux lettres, FR pour la France) est inconnu.';
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANLength)) return 'IBAN invalide : sa longueur ne correspond pas à celle de son pays (27 caractères pour la France).';
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat) || errorCodes.includes(ValidationErrorsIBAN.ChecksumNotNumber)) {
    return 'IBAN invalide : des caractères ne sont pas à leur place (vérifiez-le sur le RIB).';
  }
  return 'IBAN invalide : la clé de contrôle ne correspond pas (une erreur de frappe ?).';
}

/** A SEPA creditor identifier (ICS): country, 2 check digits (ISO 7064 mod 97-10), business code, national identifier. */
export function creditorIdProblem(id: string): string | null {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/.test(id) || (id.startsWith('FR') && id.length !== 13)) {
    return 'Identifiant créancier SEPA (ICS) invalide : il s’écrit comme FR12ZZZ123456 (13 caractères pour la France).';
  }
  return validateCreditorID(id) ? null : 'Identifiant créancier SEPA (ICS) invalide : la clé de contrôle ne correspond pas (une erreur de frappe ?).';
}

/**
 * An ADMIN's régie settings checked (SPEC §2 "Each commune is its own régie"): the first problem is
 * a BAD_USER_INPUT naming its field, in French. `siteWithStoredKey`: the Systempay site whose key
 * is stored; leaving the key out keeps it, as long as the site stays the same (a key belongs to its shop).
 */
export function checkPaymentSettings(input: PaymentSettingsInput, siteWithStoredKey: string | null): CheckedPaymentSettings {
  const s: CheckedPaymentSettings = {
    onlineProvider: input.onlineProvider,
    mode: input.mode,
    systempaySiteId: code(input.systempaySiteId),
    systempayKey: input.systempayKey == null ? null : input.systempayKey.trim(),
    payfipClientNumber: code(input.payfipClientNumber),
    sepaCreditorId: code(input.sepaCreditorId),
    sepaCreditorName: blankToNull(input.sepaCreditorName)?.replace(/\s+/g, ' ') ?? null,
    sepaIban: input.sepaIban == null ? undefined : code(input.sepaIban),
    sepaBic: code(input.sepaBic),
    heliosIdPost: code(input.heliosIdPost),
    heliosIdColl: code(input.heliosIdColl),
    heliosCodCol: code(input.heliosCodCol),
    heliosCodBud: code(input.heliosCodBud),
    heliosCodProdLoc: code(input.heliosCodProdLoc),
    heliosNature: code(input.heliosNature),
  };
  const problem = firstProblem(s, input, siteWithStoredKey !== null && siteWithStoredKey === s.systempaySiteId);
  if (problem) throw problem;
  return s;
}

function firstProblem(s: CheckedPaymentSettings, input: PaymentSettingsInput, keyStored: boolean): DomainError | null {
  if (s.systempaySiteId !== null && !SYSTEMPAY_SITE_ID.test(s.systempaySiteId)) {
    return invalidField('systempaySiteId', 'Identifiant de boutique Systempay invalide : 8 chiffres attendus.');
  }
  if (input.systempayKey != null && !s.systempayKey) return invalidField('systempayKey', 'La clé Systempay ne peut pas être vide (laissez le champ de côté pour garder la clé enregistrée).');
  if (s.systempayKey && (s.systempayKey.length > 200 || /\s/.test(s.systempayKey))) {
    return invalidField('systempayKey', 'Clé Systempay invalide : recopiez-la telle que le back-office Systempay l’affiche (sans espace, 200 caractères au plus).');
  }
  if (s.mode === 'PRODUCTION' && s.systempayKey && /DEMO/i.test(s.systempayKey)) {
    return invalidField('systempayKey', 'La clé de démonstration ne peut pas servir en production : saisissez la clé de production du back-office Systempay.');
  }
  if (s.payfipClientNumber !== null && !PAYFIP_CLIENT_NUMBER.test(s.payfipClientNumber)) {
    return invalidField('payfipClientNumber', 'Numéro client PayFiP invalide : 6 chiffres attendus (donnés par la DGFiP à l’adhésion).');
  }
  if (s.onlineProvider === 'SYSTEMPAY') {
    if (!s.systempaySiteId) return invalidField('systempaySiteId', 'Pour payer avec Systempay, indiquez l’identifiant de boutique (8 chiffres).');
    if (!s.systempayKey && !keyStored) return invalidField('systempayKey', 'Pour payer avec Systempay, indiquez la clé (test ou production) du back-office Systempay.');
  }
  if (s.onlineProvider === 'PAYFIP' && !s.payfipClientNumber) return invalidField('payfipClientNumber', 'Pour payer avec PayFiP, indiquez le numéro client de la commune (6 chiffres).');
  if (s.sepaCreditorId !== null) {
    const why = creditorIdProblem(s.sepaCreditorId);
    if (why) return invalidField('sepaCreditorId', why);
  }
  if (s.sepaCreditorName !== null && s.sepaCreditorName.length > 70) return invalidField('sepaCreditorName', 'Nom du créancier : 70 caractères au plus (limite des fichiers de prélèvement).');
  if (s.sepaIban) {
    const why = ibanProblem(s.sepaIban);
    if (why) return invalidField('sepaIban', why);
  }
  if (s.sepaBic !== null && !isValidBIC(s.sepaBic)) return invalidField('sepaBic', 'BIC invalide : 8 ou 11 caractères, comme BNPAFRPP ou BNPAFRPPXXX.');
  const helios: Array<[keyof CheckedPaymentSettings, RegExp, string]> = [
    ['heliosIdPost', HELIOS.idPost, 'IdPost invalide : le codique du poste comptable, 6 ou 7 chiffres (ou 02A / 02B suivi de 3 ou 4 chiffres).'],
    ['heliosIdColl', HELIOS.idColl, 'IdColl invalide : le SIRET du budget, 14 chiffres.'],
    ['heliosCodCol', HELIOS.codCol, 'CodCol invalide : le code collectivité, 3 chiffres.'],
    ['heliosCodBud', HELIOS.codBud, 'CodBud invalide : le code budget, 2 caractères (un chiffre ou une lettre, puis un chiffre).'],
    ['heliosCodProdLoc', HELIOS.codProdLoc, 'CodProdLoc invalide : le code produit local, 1 à 4 lettres ou chiffres.'],
    ['heliosNature', HELIOS.nature, 'Nature invalide : le compte d’imputation (par exemple 7067), 12 chiffres au plus.'],
  ];
  for (const [field, pattern, message] of helios) {
    const value = s[field];
    if (typeof value === 'string' && !pattern.test(value)) return invalidField(field, message);
  }
  return null;
}
