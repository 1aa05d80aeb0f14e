import { eachDay } from '../../common/dates/local-date';
import { mealPriceOn, MealPricing, QuotientPeriod } from './meal-price';

/** A town's scale: up to 500 → 1,10 €; 501–900 → 2,30 €; 901–1 400 → 3,10 €; above → 4,20 €. */
const SCALE: MealPricing = {
  flatPriceCents: 340,
  brackets: [
    { upToQuotient: 500, mealPriceCents: 110 },
    { upToQuotient: 900, mealPriceCents: 230 },
    { upToQuotient: 1400, mealPriceCents: 310 },
    { upToQuotient: null, mealPriceCents: 420 },
  ],
};

const always = (quotient: number): QuotientPeriod[] => [{ quotient, validFrom: '2020-01-01', validTo: null }];

describe('mealPriceOn', () => {
  it('charges the bracket of the quotient, a bound belonging to its own bracket', () => {
    const cases: Array<[number, number]> = [
      [0, 110],
      [1, 110],
      [499, 110],
      [500, 110],
      [501, 230],
      [899, 230],
      [900, 230],
      [901, 310],
      [1400, 310],
      [1401, 420],
      [100_000, 420],
    ];
    for (const [quotient, price] of cases) expect({ quotient, price: mealPriceOn('2025-10-06', SCALE, always(quotient)) }).toEqual({ quotient, price });
  });

  it('charges the highest bracket to a family with no quotient at all', () => {
    expect(mealPriceOn('2025-10-06', SCALE, [])).toBe(420);
  });

  it('charges the highest price, even when it is not the last bracket', () => {
    const odd: MealPricing = {
      flatPriceCents: 340,
      brackets: [
        { upToQuotient: 700, mealPriceCents: 500 },
        { upToQuotient: null, mealPriceCents: 300 },
      ],
    };
    expect(mealPriceOn('2025-10-06', odd, [])).toBe(500);
    expect(mealPriceOn('2025-10-06', odd, always(900))).toBe(300);
  });

  it('charges the highest bracket on days no quotient period covers', () => {
    const periods: QuotientPeriod[] = [{ quotient: 450, validFrom: '2025-09-01', validTo: '2025-12-31' }];
    expect(mealPriceOn('2025-08-31', SCALE, periods)).toBe(420);
    expect(mealPriceOn('2025-09-01', SCALE, periods)).toBe(110);
    expect(mealPriceOn('2025-12-31', SCALE, periods)).toBe(110);
    expect(mealPriceOn('2026-01-01', SCALE, periods)).toBe(420);
  });

  it('keeps an open-ended period for every later day', () => {
    const periods: QuotientPeriod[] = [{ quotient: 950, validFrom: '2025-09-01', validTo: null }];
    expect(mealPriceOn('2025-08-31', SCALE, periods)).toBe(420);
    expect(mealPriceOn('2025-09-01', SCALE, periods)).toBe(310);
    expect(mealPriceOn('2031-06-30', SCALE, periods)).toBe(310);
  });

  it('follows a quotient that changes within the month, day by day', () => {
    // A new CAF certificate from 15 January: the month is billed at two prices (two invoice lines).
    const periods: QuotientPeriod[] = [
      { quotient: 1500, validFrom: '2025-09-01', validTo: '2026-01-14' },
      { quotient: 620, validFrom: '2026-01-15', validTo: null },
    ];
    const prices = eachDay('2026-01-12', '2026-01-17').map((day) => [day, mealPriceOn(day, SCALE, periods)]);
    expect(prices).toEqual([
      ['2026-01-12', 420],
      ['2026-01-13', 420],
      ['2026-01-14', 420],
      ['2026-01-15', 230],
      ['2026-01-16', 230],
      ['2026-01-17', 230],
    ]);
  });

  it('leaves a gap between two periods at the highest price', () => {
    const periods: QuotientPeriod[] = [
      { quotient: 300, validFrom: '2025-09-01', validTo: '2025-09-30' },
      { quotient: 300, validFrom: '2025-11-01', validTo: '2025-11-30' },
    ];
    expect(['2025-09-30', '2025-10-01', '2025-10-31', '2025-11-01'].map((d) => mealPriceOn(d, SCALE, periods))).toEqual([110, 420, 420, 110]);
  });

  it('charges the flat price when the activity has no brackets, whatever the quotient', () => {
    const flat: MealPricing = { flatPriceCents: 340, brackets: [] };
    expect(mealPriceOn('2025-10-06', flat, [])).toBe(340);
    expect(mealPriceOn('2025-10-06', flat, always(0))).toBe(340);
    expect(mealPriceOn('2025-10-06', flat, always(5000))).toBe(340);
  });

  it('charges the one price of a single open bracket to all', () => {
    const single: MealPricing = { flatPriceCents: 340, brackets: [{ upToQuotient: null, mealPriceCents: 275 }] };
    expect(mealPriceOn('2025-10-06', single, [])).toBe(275);
    expect(mealPriceOn('2025-10-06', single, always(0))).toBe(275);
  });

  it('puts quotient 0 in a bracket bounded by 0', () => {
    const zero: MealPricing = {
      flatPriceCents: 340,
      brackets: [
        { upToQuotient: 0, mealPriceCents: 0 },
        { upToQuotient: null, mealPriceCents: 400 },
      ],
    };
    expect(mealPriceOn('2025-10-06', zero, always(0))).toBe(0);
    expect(mealPriceOn('2025-10-06', zero, always(1))).toBe(400);
    expect(mealPriceOn('2025-10-06', zero, [])).toBe(400);
  });

  it('charges the highest price to a quotient above every bound of a list without an open bracket', () => {
    const closed: MealPricing = {
      flatPriceCents: 340,
      brackets: [
        { upToQuotient: 500, mealPriceCents: 100 },
        { upToQuotient: 900, mealPriceCents: 200 },
      ],
    };
    expect(mealPriceOn('2025-10-06', closed, always(901))).toBe(200);
  });
});
