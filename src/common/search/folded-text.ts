/**
 * Accent- and case-insensitive matching in SQL, portable to every database the portal runs on: the
 * `unaccent` extension is not loaded in the embedded PGlite and may not be installable on a managed
 * PostgreSQL, and `lower()` leaves accented capitals alone in a database whose LC_CTYPE is `C`.
 * So accents go through `translate()` with a fixed map (both cases), ligatures are spelled out,
 * then `lower()` only has ASCII left to fold.
 */
const ACCENTED = 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŸ';
// Derived rather than typed by hand: translate() silently deletes a character that has no counterpart.
const PLAIN = ACCENTED.normalize('NFD').replace(/\p{M}/gu, '');
if (PLAIN.length !== ACCENTED.length) throw new Error('folded-text: every accented letter must have one plain letter');

/**
 * Combining accents (U+0300–U+036F): "é" typed or pasted decomposed ("e" + U+0301, as macOS and
 * some PDFs give it) is folded like the composed one. Listed after the map with no counterpart,
 * translate() deletes them.
 */
const COMBINING = Array.from({ length: 0x70 }, (_, i) => String.fromCharCode(0x300 + i)).join('');

const LIGATURES: Array<[string, string]> = [
  ['œ', 'oe'],
  ['Œ', 'OE'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
];

/** SQL for `expr` without accents, ligatures or case ("Chloé", "CHLOE", "Chloe\u0301" → "chloe"); apply it to both sides. */
export function foldedSql(expr: string): string {
  const spelled = LIGATURES.reduce((sql, [from, to]) => `replace(${sql}, '${from}', '${to}')`, expr);
  return `lower(translate(${spelled}, '${ACCENTED}${COMBINING}', '${PLAIN}'))`;
}

/** SQL: `column` contains the LIKE pattern bound to `param`, accents and case aside. */
export const foldedContains = (column: string, param = ':like'): string => `${foldedSql(column)} LIKE ${foldedSql(param)}`;

/** `%term%` for LIKE, the term's own `%`, `_` and `\` taken literally. */
export const containsPattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
