import type { ActivityFieldsFragment } from '../../../api/generated';
import { AMOUNT_REQUIRED, euroCents, NUMBER_REQUIRED, wholeNumber } from '../shared/numbers';

/** An activity's settings as the agent types them. */
export interface ActivityForm {
  name: string;
  schoolYear: string;
  establishmentId: string;
  startDate: string;
  endDate: string;
  weekdays: number[];
  bookingOpensOn: string;
  bookingClosesOn: string;
  modificationLeadDays: string;
  dailyCapacity: string;
  mealPrice: string;
  autoAccept: boolean;
}

export const EMPTY: ActivityForm = {
  name: '',
  schoolYear: '',
  establishmentId: '',
  startDate: '',
  endDate: '',
  weekdays: [1, 2, 4, 5],
  bookingOpensOn: '',
  bookingClosesOn: '',
  modificationLeadDays: '15',
  dailyCapacity: '',
  mealPrice: '',
  autoAccept: true,
};

/** The form filled with an activity's settings, as the server holds them. */
export function formOf(activity: ActivityFieldsFragment): ActivityForm {
  return {
    name: activity.name,
    schoolYear: activity.schoolYear,
    establishmentId: activity.establishment.id,
    startDate: activity.startDate,
    endDate: activity.endDate,
    weekdays: activity.weekdays,
    bookingOpensOn: activity.bookingOpensOn ?? '',
    bookingClosesOn: activity.bookingClosesOn,
    modificationLeadDays: String(activity.modificationLeadDays),
    dailyCapacity: String(activity.dailyCapacity),
    mealPrice: (activity.mealPriceCents / 100).toFixed(2).replace('.', ','),
    autoAccept: activity.autoAccept,
  };
}

/** A number the agent typed, or the local message that says what is expected (never a silent 0). */
export function numbers<K extends string>(fields: Record<K, { text: string; money?: boolean }>): { values: Record<K, number>; problems: Partial<Record<K, string>> } {
  const values = {} as Record<K, number>;
  const problems: Partial<Record<K, string>> = {};
  for (const key of Object.keys(fields) as K[]) {
    const { text, money } = fields[key];
    const value = money ? euroCents(text) : wholeNumber(text);
    if (value === null) problems[key] = money ? AMOUNT_REQUIRED : NUMBER_REQUIRED;
    else values[key] = value;
  }
  return { values, problems };
}

export const FIELD_NAMES = [
  'name',
  'schoolYear',
  'establishmentId',
  'startDate',
  'endDate',
  'weekdays',
  'bookingOpensOn',
  'bookingClosesOn',
  'modificationLeadDays',
  'dailyCapacity',
  'mealPriceCents',
];
