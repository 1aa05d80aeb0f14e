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
