/**
 * The PES V2 « PES_Aller » file of an export to the Trésor Public (Hélios), as the DGFiP's XSD set
 * v5.17 describes it (`xsd/pes-v5.17/PES_V2/Rev0/PES_Aller.xsd`). A pure function: the service
 * chooses what goes out and draws the numbers; this writes the bytes.
 *
 * What goes in it, and why:
 * - `Enveloppe` (TypFic `PESALR1`, the file's name, the portal as issuer), `EnTetePES` (the
 *   commune's Hélios identifiers: IdPost, IdColl, CodCol, CodBud) and one `PES_RecetteAller`
 *   (EnTeteRecette IdVer 2, InfoDematerialisee 0: the file is not signed).
 * - The invoices are **ordinary titles**: bordereau `TypBord 01` (ordinaire), pièce `TypPce 01`
 *   (titre ordinaire), `NatPce 01` (fonctionnement) — the triplet 01/01/01 of the DGFiP's grid for
 *   a service's revenue (a canteen is the commune's operating budget). One bordereau per exercice
 *   (the year of issue), one pièce per invoice, one ligne de pièce per invoice line (child ×
 *   activity × unit price) with the commune's CodProdLoc and Nature, each line naming the family as
 *   its debtor (`Tiers`: CatTiers 01 personne physique, NatJur 01 particulier, TypTiers 01
 *   débiteur principal, RefTiers the family's reference, its postal address).
 * - A credit note on a title already sent is that title's **reduction**: bordereau `TypBord 02`
 *   (annulation/réduction), pièce `TypPce 02` (titre correctif), `NatPce 06` (annulation-réduction):
 *   the triplet 02/02/06, for which the XSD's documentation makes `RattachPiece` mandatory
 *   (NatPceOrig 01 titre, ExerRat = the title's exercice = the bordereau's, IdPceOrig its number,
 *   IdLigneOrig its line). A bordereau holds one type only, so an exercice with both titles and
 *   reductions has two bordereaux (01 and 02); each type is numbered on its own (Hélios checks
 *   IdBord per exercice and bordereau type).
 * - The keys the format computes: NbrPce and MtBordHt of each bordereau (sums of its pièces and
 *   lines), every MtHT > 0 (zero lines are left out). The modulo-11/23 keys (Cle1, Cle2) exist for
 *   ORMC titles only (TypPce 15), which this file does not use. No VAT (a public service's fees).
 * - Text: ISO-8859-1 as declared in the prolog; every text upper case without accents (postal norm
 *   for names and addresses: letters, digits, spaces and hyphens; apostrophes become spaces) and
 *   cut to the length its type allows (Nom, Prénom, Adr2, Ville 38; ObjPce 160; RefTiers 30).
 *
 * Not in it: the civility (Hélios asks for one for a personne physique; the portal does not record
 * it), birth data, bank details (SEPA is another file), the PDFs as PES_PJ.
 */

/** The commune's identifiers in Hélios (its régie's settings). */
export interface HeliosIdentity {
  /** Poste comptable (codique): 6 or 7 digits, or 02A/02B and 3 or 4 digits. */
  idPost: string;
  /** The budget's SIRET (up to 14 digits). */
  idColl: string;
  /** Code collectivité: 3 digits. */
  codCol: string;
  /** Code budget: 2 characters (a digit or capital, then a digit). */
  codBud: string;
  /** Code produit local: up to 4 letters or digits. */
  codProdLoc: string;
  /** Compte nature (e.g. 7067): digits. */
  nature: string;
}

export interface PesDebtor {
  /** The family's reference at the commune (RefTiers, ≤ 30). */
  reference: string;
  /** Last name, or the household's name. */
  name: string;
  firstName: string | null;
  /** Street line; null when unknown. */
  street: string | null;
  postalCode: string;
  city: string;
}

export interface PesLine {
  label: string;
  amountCents: number;
  /** For a reduction: the title's line it lowers (1-based). */
  originalLine?: number;
}

export interface PesPiece {
  /** IdPce: the title's number in its exercice (> 0, ≤ 8 digits). */
  number: number;
  object: string;
  debtor: PesDebtor;
  lines: PesLine[];
  /** For a reduction: the title it lowers. */
  original?: { exercice: number; number: number };
}

export type PesBordereauKind = 'TITLES' | 'REDUCTIONS';

export interface PesBordereau {
  exercice: number;
  /** IdBord: numbered per exercice and kind (≤ 7 digits). */
  number: number;
  kind: PesBordereauKind;
  pieces: PesPiece[];
}

export interface PesAllerInput {
  fileName: string;
  /** DteStr and DteBordEm: the day the file is made, `YYYY-MM-DD`. */
  issuedOn: string;
  identity: HeliosIdentity;
  /** LibelleColBud: the commune's name. */
  communeName: string;
  /** The issuer's application, « Portail Famille 1.0 ». */
  application: string;
  bordereaux: PesBordereau[];
}

const TYPES: Record<PesBordereauKind, { typBord: string; typPce: string; natPce: string }> = {
  TITLES: { typBord: '01', typPce: '01', natPce: '01' },
  REDUCTIONS: { typBord: '02', typPce: '02', natPce: '06' },
};

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss', '’': "'", '‘': "'", '–': '-', '—': '-', '€': 'EUR' };

/** Upper case, no accents or ligatures. */
const plain = (s: string) =>
  s
    .replace(/[œŒæÆß’‘–—€]/g, (c) => LIGATURES[c])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

const cut = (s: string, max: number) => s.slice(0, max).trim();

/** The postal norm: capitals, digits, spaces and hyphens; apostrophes and the rest become spaces. */
export function postalText(s: string, max: number): string {
  return cut(
    plain(s)
      .replace(/[^A-Z0-9-]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  );
}

/** A free text (an object): capitals, digits and common punctuation. */
export function freeText(s: string, max: number): string {
  return cut(
    plain(s)
      .replace(/[^A-Z0-9 '\-/.,()]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  );
}

/** A text value the XSD accepts (not empty, not only zeros, not « . » nor « nc »), else the fallback. */
const valid = (s: string, fallback: string) => (/[^0]/.test(s) && s !== '.' && s !== 'NC' ? s : fallback);

export const euros = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const v = (name: string, value: string | number) => `<${name} V="${attr(String(value))}"/>`;

function tiers(d: PesDebtor): string {
  const postalCode = /^\d{5}$/.test(d.postalCode) ? d.postalCode : '00000';
  return [
    '<Tiers><InfoTiers>',
    v('RefTiers', valid(freeText(d.reference, 30), 'FAMILLE')),
    v('CatTiers', '01'),
    v('NatJur', '01'),
    v('TypTiers', '01'),
    v('Nom', valid(postalText(d.name, 38), 'INCONNU')),
    d.firstName && postalText(d.firstName, 38) ? v('Prenom', valid(postalText(d.firstName, 38), 'INCONNU')) : '',
    '</InfoTiers><Adresse>',
    v('TypAdr', '1'),
    v('Adr2', valid(postalText(d.street ?? '', 38), 'ADRESSE INCONNUE')),
    v('CP', postalCode),
    v('Ville', valid(postalText(d.city, 38), 'INCONNUE')),
    v('CodRes', '0'),
    '</Adresse></Tiers>',
  ].join('');
}

function piece(p: PesPiece, kind: PesBordereauKind, identity: HeliosIdentity): string {
  const t = TYPES[kind];
  const debtor = tiers(p.debtor);
  const lines = p.lines
    .filter((l) => l.amountCents > 0)
    .map((l, i) =>
      [
        '<LigneDePiece><BlocLignePiece><InfoLignePiece>',
        v('IdLigne', i + 1),
        v('ObjLignePce', valid(freeText(l.label, 160), 'PRESTATION')),
        v('CodProdLoc', identity.codProdLoc),
        v('Nature', identity.nature),
        v('Majo', '0'),
        v('TvaIntraCom', '0'),
        v('MtHT', euros(l.amountCents)),
        '</InfoLignePiece>',
        p.original ? `<RattachPiece>${v('NatPceOrig', '01')}${v('ExerRat', p.original.exercice)}${v('IdPceOrig', p.original.number)}${v('IdLigneOrig', l.originalLine ?? 1)}</RattachPiece>` : '',
        '</BlocLignePiece>',
        debtor,
        '</LigneDePiece>',
      ].join(''),
    );
  return [
    '<Piece><BlocPiece>',
    v('IdPce', p.number),
    v('TypPce', t.typPce),
    v('NatPce', t.natPce),
    v('ObjPce', valid(freeText(p.object, 160), 'PRESTATIONS')),
    '</BlocPiece>',
    ...lines,
    '</Piece>',
  ].join('');
}

/** The amount of a bordereau: what its lines (each > 0) add up to. */
export const bordereauCents = (b: PesBordereau) => b.pieces.reduce((sum, p) => sum + p.lines.reduce((s, l) => s + (l.amountCents > 0 ? l.amountCents : 0), 0), 0);

/** The file as ISO-8859-1 bytes. Pieces without a line above zero are left out by the caller. */
export function pesAller(input: PesAllerInput): Buffer {
  const { identity } = input;
  const bordereaux = input.bordereaux.filter((b) => b.pieces.length);
  if (!bordereaux.length) throw new Error('A PES_Aller needs at least one bordereau');
  for (const b of bordereaux) for (const p of b.pieces) if (!p.lines.some((l) => l.amountCents > 0)) throw new Error(`Piece ${p.number} has no line above zero`);
  const xml = [
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n',
    '<n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">',
    '<Enveloppe><Parametres>',
    v('Version', '2'),
    v('TypFic', 'PESALR1'),
    v('NomFic', cut(input.fileName, 100)),
    '</Parametres><Emetteur>',
    v('Sigle', valid(freeText(input.application, 32), 'PORTAIL FAMILLE')),
    v('Adresse', valid(freeText(input.application, 38), 'PORTAIL FAMILLE')),
    '</Emetteur></Enveloppe>',
    '<EnTetePES>',
    v('DteStr', input.issuedOn),
    v('IdPost', identity.idPost),
    v('IdColl', identity.idColl),
    v('CodCol', identity.codCol),
    v('CodBud', identity.codBud),
    v('LibelleColBud', valid(postalText(input.communeName, 38), 'COMMUNE')),
    '</EnTetePES>',
    '<PES_RecetteAller><EnTeteRecette>',
    v('IdVer', '2'),
    v('InfoDematerialisee', '0'),
    '</EnTeteRecette>',
    ...bordereaux.map((b) =>
      [
        '<Bordereau><BlocBordereau>',
        v('Exer', b.exercice),
        v('IdBord', b.number),
        v('DteBordEm', input.issuedOn),
        v('TypBord', TYPES[b.kind].typBord),
        v('NbrPce', b.pieces.length),
        v('MtBordHt', euros(bordereauCents(b))),
        '</BlocBordereau>',
        ...b.pieces.map((p) => piece(p, b.kind, identity)),
        '</Bordereau>',
      ].join('\n'),
    ),
    '</PES_RecetteAller>',
    '</n:PES_Aller>\n',
  ].join('\n');
  // Every character left is ASCII (texts are normalised above); the file names may not be.
  return Buffer.from(xml.replace(/[\u0100-\uffff]/g, '?'), 'latin1');
}
