import { isoWeekday, LocalDate } from '../../common/dates/local-date';
import { frenchPublicHolidays } from '../../common/dates/french-holidays';

export interface ActivitySettings {
  startDate: LocalDate;
  endDate: LocalDate;
  weekdays: number[];
  bookingOpensOn: LocalDate | null;
  bookingClosesOn: LocalDate;
}

/** The first inconsistency of an activity's settings, as { field, message }, or null. */
export function activityProblem(a: ActivitySettings): { field: string; message: string } | null {
  if (a.endDate < a.startDate) return { field: 'endDate', message: 'La date de fin doit être postérieure à la date de début.' };
  if (new Set(a.weekdays).size !== a.weekdays.length) return { field: 'weekdays', message: 'Un jour de service est répété.' };
  if (a.bookingOpensOn && a.bookingClosesOn < a.bookingOpensOn) {
    return { field: 'bookingClosesOn', message: 'La fermeture des réservations doit suivre leur ouverture.' };
  }
  if (a.bookingOpensOn && a.bookingOpensOn > a.endDate) {
    return { field: 'bookingOpensOn', message: 'Les réservations doivent ouvrir avant la fin de l’activité.' };
  }
  return null;
}

/** Public holidays that fall on a service day of the period, as closures labelled with their French name. */
export function holidayClosures(a: Pick<ActivitySettings, 'startDate' | 'endDate' | 'weekdays'>) {
  const closures: Array<{ from: LocalDate; to: LocalDate; label: string }> = [];
  for (let y = Number(a.startDate.slice(0, 4)); y <= Number(a.endDate.slice(0, 4)); y++) {
    for (const [day, label] of frenchPublicHolidays(y)) {
      if (day >= a.startDate && day <= a.endDate && a.weekdays.includes(isoWeekday(day))) closures.push({ from: day, to: day, label });
    }
  }
  return closures;
}
