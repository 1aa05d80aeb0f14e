import { daysInMonth, LocalDate } from './local-date';

export interface Age {
  years: number;
  months: number;
}

/** Completed years and months on a given day (a birthday on the 31st counts at month end). */
export function ageOn(birthDate: LocalDate, today: LocalDate): Age {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  let months = (ty - by) * 12 + (tm - bm);
  const dayReached = td >= Math.min(bd, daysInMonth(ty, tm));
  if (!dayReached) months--;
  if (months < 0) return { years: 0, months: 0 };
  return { years: Math.floor(months / 12), months: months % 12 };
}

/** `7 ans et 5 mois`, `1 an et 0 mois`, `0 an et 3 mois` — as the guide writes it. */
export function ageLabel(age: Age): string {
  return `${age.years} ${age.years >= 2 ? 'ans' : 'an'} et ${age.months} mois`;
}
