import { LocalDate } from '../../common/dates/local-date';
import { PriceBracket } from './price-brackets';

/** A family's quotient familial and the days it covers (`validTo` null: open-ended). */
export interface QuotientPeriod {
  quotient: number;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

export interface MealPricing {
  /** The activity's `mealPriceCents`, for all when it has no brackets. */
  flatPriceCents: number;
  /** In order, as `priceBracketsProblem` accepts them. */
  brackets: readonly PriceBracket[];
}

/**
 * SPEC §2 "Billing": the unit price of a meal on `day`. The bracket of the quotient valid that day
 * (the first whose bound is at least the quotient, else the open one); a family with no quotient
 * valid that day pays the highest bracket; an activity with no brackets, its flat price.
 */
export function mealPriceOn(day: LocalDate, pricing: MealPricing, quotients: readonly QuotientPeriod[]): number {
  const { flatPriceCents, brackets } = pricing;
  if (!brackets.length) return flatPriceCents;
  const highest = Math.max(...brackets.map((b) => b.mealPriceCents));
  const valid = quotients.find((q) => q.validFrom <= day && (q.validTo === null || day <= q.validTo));
  if (!valid) return highest;
  const bracket = brackets.find((b) => b.upToQuotient === null || valid.quotient <= b.upToQuotient);
  // A saved list ends with an open bracket; a quotient above every bound of any other list pays the most.
  return bracket ? bracket.mealPriceCents : highest;
}
