import type { HeadcountQuery } from '../../../api/generated';
import { csvFile } from '../../../ui/csv';
import { frDate, weekdayOf, WEEKDAYS } from '../../../ui/format';
import { DIET_LABELS, DIETS } from '../shared/diets';

export type Day = HeadcountQuery['dailyHeadcount'][number];

const weekdayName = (iso: string): string => WEEKDAYS[weekdayOf(iso)];

/** The kitchen's file: UTF-8 with a BOM, `;` between columns, French dates — opens right in a French spreadsheet. */
export function headcountCsv(activityName: string, days: Day[]): string {
  const header = ['Activité', 'Date', 'Jour', 'Réservés', 'En attente', 'Capacité', ...DIETS.map((d) => DIET_LABELS[d])];
  const rows = days.map((d) => {
    return [activityName, frDate(d.date), weekdayName(d.date), d.booked, d.pending, d.capacity, ...DIETS.map((diet) => d.diets.find((x) => x.diet === diet)?.count ?? 0)];
  });
  // Then, after an empty line, the children of each day for the kitchen to check: a PAI / allergy
  // note is said (« Oui »), its health details stay on the screen of the agents.
  const childHeader = ['Activité', 'Date', 'Jour', 'Enfant', 'Classe', 'École', 'Régime', 'PAI / allergies'];
  const childRows = days.flatMap((d) =>
    d.children.map((c) => [activityName, frDate(d.date), weekdayName(d.date), `${c.lastName} ${c.firstName}`, c.grade ?? '', c.school ?? '', DIET_LABELS[c.diet], c.allergies ? 'Oui' : 'Non']),
  );
  return csvFile([header, ...rows, [], childHeader, ...childRows]);
}
