/** « 12 », or null for a blank or anything that is not a whole number (never a silent 0). */
export function wholeNumber(text: string): number | null {
  const t = text.replace(/\s/g, '');
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** « 3,40 » or « 3.40 » € → 340 cents; null for a blank or a malformed amount (« 1.234 », « abc »). */
export function euroCents(text: string): number | null {
  const t = text.replace(/\s/g, '').replace('€', '');
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(t);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : null;
}

export const NUMBER_REQUIRED = 'Nombre entier attendu (par exemple 12).';
export const AMOUNT_REQUIRED = 'Montant en euros attendu (par exemple 3,40).';
