/**
 * Cents as French euros: `86173` → `861,73 €`, `123456` → `1 234,56 €` (a narrow no-break space
 * between thousands and before the sign, as `Intl` writes them in fr-FR). Money is integer cents
 * everywhere; this runs at the edges only (PDF, mail, labels).
 */
export function euros(cents: number): string {
  if (!Number.isInteger(cents)) throw new Error(`euros: not an integer number of cents (${cents})`);
  return FORMAT.format(cents / 100);
}

const FORMAT = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
