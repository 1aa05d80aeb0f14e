import type { Diet } from '../../api/generated';

export const DIET_LABELS: Record<Diet, string> = { STANDARD: 'Standard', NO_PORK: 'Sans porc', VEGETARIAN: 'Végétarien', NO_MEAT: 'Sans viande' };

const pad = (n: number) => String(n).padStart(2, '0');

/** A day as the API wants it, in the browser's (the town hall's) calendar. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return isoDay(new Date(y, m - 1, d + days));
}

export const today = () => isoDay(new Date());

/** « 2026-11 » for the month before this one (the month a town bills). */
export function previousMonth(): string {
  const t = new Date();
  const p = new Date(t.getFullYear(), t.getMonth() - 1, 1);
  return `${p.getFullYear()}-${pad(p.getMonth() + 1)}`;
}

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
