/**
 * A bracket of the tarification sociale: families whose quotient is at most `upToQuotient` pay
 * `mealPriceCents` a meal; `upToQuotient` null: no upper bound (the last bracket).
 */
export interface PriceBracket {
  upToQuotient: number | null;
  mealPriceCents: number;
}

export const MAX_PRICE_BRACKETS = 20;
/** The same ceiling as an activity's flat price (1 000 €). */
export const MAX_MEAL_PRICE_CENTS = 100_000;
/** No CAF quotient comes near it; a bound above would be a typing slip. */
export const MAX_QUOTIENT = 100_000;

export interface PriceBracketsProblem {
  reason: string;
  /** The input field, e.g. `brackets[2].upToQuotient`. */
  field: string;
  message: string;
}

/**
 * The first problem of a bracket list as staff typed it, or null. An empty list is fine (the flat
 * price applies); otherwise bounds increase strictly and the last bracket, and only it, is open.
 * Checked in list order so that the message points at the first bracket to fix.
 */
export function priceBracketsProblem(brackets: readonly PriceBracket[]): PriceBracketsProblem | null {
  if (brackets.length > MAX_PRICE_BRACKETS) {
    return { reason: 'TOO_MANY_PRICE_BRACKETS', field: 'brackets', message: `Une activité a ${MAX_PRICE_BRACKETS} tranches de prix au plus.` };
  }
  for (const [i, bracket] of brackets.entries()) {
    const at = `brackets[${i}]`;
    const name = `Tranche ${i + 1}`;
    const last = i === brackets.length - 1;
    if (bracket.mealPriceCents < 0 || bracket.mealPriceCents > MAX_MEAL_PRICE_CENTS) {
      return { reason: 'INVALID_MEAL_PRICE', field: `${at}.mealPriceCents`, message: `${name} : le prix du repas doit être compris entre 0 et 1 000 €.` };
    }
    const bound = bracket.upToQuotient;
    if (bound === null) {
      if (last) continue;
      return {
        reason: 'OPEN_BRACKET_NOT_LAST',
        field: `${at}.upToQuotient`,
        message: `${name} : seule la dernière tranche peut être sans plafond de quotient.`,
      };
    }
    if (bound < 0 || bound > MAX_QUOTIENT) {
      return { reason: 'INVALID_QUOTIENT_BOUND', field: `${at}.upToQuotient`, message: `${name} : le plafond de quotient doit être compris entre 0 et 100 000.` };
    }
    // An open bracket before this one was refused above: the previous bound is a number.
    const previous = i > 0 ? brackets[i - 1].upToQuotient : null;
    if (previous !== null && bound <= previous) {
      return {
        reason: 'BRACKETS_NOT_INCREASING',
        field: `${at}.upToQuotient`,
        message: `${name} : son plafond (${bound}) doit être supérieur à celui de la tranche précédente (${previous}).`,
      };
    }
    if (last) {
      return {
        reason: 'OPEN_BRACKET_MISSING',
        field: `${at}.upToQuotient`,
        message: `La dernière tranche doit être sans plafond de quotient, pour couvrir les quotients au-delà de ${bound}.`,
      };
    }
  }
  return null;
}
