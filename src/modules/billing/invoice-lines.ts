import { LocalDate } from '../../common/dates/local-date';

/** A day to bill (or credit) at its unit price. */
export interface PricedDay {
  childId: string;
  activityId: string;
  date: LocalDate;
  unitPriceCents: number;
}

export interface DocumentLineRow {
  position: number;
  childName: string;
  activityName: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

/**
 * SPEC §2: one line per child × activity × unit price (a quotient that changes within the month
 * gives two lines), quantity × unit price; lines in the order of the children's and activities'
 * names, then of their first day. Returns the lines and, for each day, the position of its line.
 */
export function groupIntoLines(days: readonly PricedDay[], names: { child: (id: string) => string; activity: (id: string) => string }): { lines: DocumentLineRow[]; positionOfDay: number[] } {
  const groups = new Map<string, { childName: string; activityName: string; unitPriceCents: number; first: LocalDate; dayIndexes: number[] }>();
  days.forEach((d, i) => {
    const key = `${d.childId}|${d.activityId}|${d.unitPriceCents}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { childName: names.child(d.childId), activityName: names.activity(d.activityId), unitPriceCents: d.unitPriceCents, first: d.date, dayIndexes: [] }));
    if (d.date < g.first) g.first = d.date;
    g.dayIndexes.push(i);
  });
  const ordered = [...groups.values()].sort((a, b) => a.childName.localeCompare(b.childName, 'fr') || a.activityName.localeCompare(b.activityName, 'fr') || a.first.localeCompare(b.first));
  const positionOfDay = new Array<number>(days.length);
  const lines = ordered.map((g, position) => {
    for (const i of g.dayIndexes) positionOfDay[i] = position;
    const quantity = g.dayIndexes.length;
    return { position, childName: g.childName, activityName: g.activityName, quantity, unitPriceCents: g.unitPriceCents, amountCents: quantity * g.unitPriceCents };
  });
  return { lines, positionOfDay };
}

/** "A / B / C": distinct labels in their first order. */
export const joinLabels = (labels: readonly string[]) => [...new Set(labels)].join(' / ');
