import { PriceBracket, priceBracketsProblem } from './price-brackets';

const open = (mealPriceCents: number): PriceBracket => ({ upToQuotient: null, mealPriceCents });
const upTo = (upToQuotient: number, mealPriceCents: number): PriceBracket => ({ upToQuotient, mealPriceCents });

describe('priceBracketsProblem', () => {
  it('accepts an empty list (the flat price), one open bracket, and a strictly increasing scale', () => {
    expect(priceBracketsProblem([])).toBeNull();
    expect(priceBracketsProblem([open(340)])).toBeNull();
    expect(priceBracketsProblem([upTo(0, 0), upTo(500, 110), upTo(501, 120), open(420)])).toBeNull();
    expect(priceBracketsProblem([upTo(100_000, 100_000), open(0)])).toBeNull();
    expect(priceBracketsProblem([...Array.from({ length: 19 }, (_, i) => upTo(i * 100, 100 + i)), open(500)])).toBeNull();
  });

  it.each([
    ['a bound equal to the previous one', [upTo(500, 110), upTo(500, 230), open(420)], 'BRACKETS_NOT_INCREASING', 'brackets[1].upToQuotient', /supérieur à celui de la tranche précédente \(500\)/],
    ['a bound below the previous one', [upTo(900, 230), upTo(500, 110), open(420)], 'BRACKETS_NOT_INCREASING', 'brackets[1].upToQuotient', /Tranche 2/],
    ['a negative bound', [upTo(-1, 110), open(420)], 'INVALID_QUOTIENT_BOUND', 'brackets[0].upToQuotient', /entre 0 et 100 000/],
    ['a bound over 100 000', [upTo(100_001, 110), open(420)], 'INVALID_QUOTIENT_BOUND', 'brackets[0].upToQuotient', /entre 0 et 100 000/],
    ['no open bracket', [upTo(500, 110), upTo(900, 230)], 'OPEN_BRACKET_MISSING', 'brackets[1].upToQuotient', /au-delà de 900/],
    ['a single bounded bracket', [upTo(500, 110)], 'OPEN_BRACKET_MISSING', 'brackets[0].upToQuotient', /dernière tranche/],
    ['an open bracket first', [open(420), upTo(500, 110)], 'OPEN_BRACKET_NOT_LAST', 'brackets[0].upToQuotient', /seule la dernière/],
    ['two open brackets', [upTo(500, 110), open(230), open(420)], 'OPEN_BRACKET_NOT_LAST', 'brackets[1].upToQuotient', /Tranche 2/],
    ['a negative price', [upTo(500, -1), open(420)], 'INVALID_MEAL_PRICE', 'brackets[0].mealPriceCents', /entre 0 et 1 000 €/],
    ['a price over 1 000 €', [upTo(500, 110), upTo(900, 230), open(100_001)], 'INVALID_MEAL_PRICE', 'brackets[2].mealPriceCents', /Tranche 3/],
  ])('refuses %s, naming the bracket', (_what, brackets, reason, field, message) => {
    expect(priceBracketsProblem(brackets as PriceBracket[])).toEqual({ reason, field, message: expect.stringMatching(message as RegExp) });
  });

  it('refuses more than 20 brackets, on the list', () => {
    const many = [...Array.from({ length: 20 }, (_, i) => upTo(i * 100, 100)), open(500)];
    expect(priceBracketsProblem(many)).toEqual({ reason: 'TOO_MANY_PRICE_BRACKETS', field: 'brackets', message: 'Une activité a 20 tranches de prix au plus.' });
  });

  it('names the first bracket to fix when several are wrong', () => {
    expect(priceBracketsProblem([upTo(500, 110), upTo(400, -5), open(420), upTo(100, 1)])?.field).toBe('brackets[1].mealPriceCents');
    expect(priceBracketsProblem([upTo(500, 110), upTo(400, 120), open(-1)])?.field).toBe('brackets[1].upToQuotient');
  });
});
