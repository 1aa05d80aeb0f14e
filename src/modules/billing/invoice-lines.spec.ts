import { groupIntoLines, joinLabels, PricedDay } from './invoice-lines';

const names = {
  child: (id: string) => ({ c1: 'TEST VALENTINA', c2: 'TEST ROMEO' })[id]!,
  activity: (id: string) => ({ a1: 'RESTAURATION SCOLAIRE 2026-2027', a2: 'ACCUEIL DU SOIR 2026-2027' })[id]!,
};
const day = (childId: string, activityId: string, date: string, unitPriceCents: number): PricedDay => ({ childId, activityId, date, unitPriceCents });

describe('groupIntoLines', () => {
  it('makes one line per child × activity × unit price, quantity × price, children in name order', () => {
    const days = [day('c1', 'a1', '2026-11-02', 340), day('c1', 'a1', '2026-11-03', 340), day('c2', 'a1', '2026-11-02', 340), day('c1', 'a2', '2026-11-05', 150)];
    const { lines, positionOfDay } = groupIntoLines(days, names);
    expect(lines).toEqual([
      { position: 0, childName: 'TEST ROMEO', activityName: 'RESTAURATION SCOLAIRE 2026-2027', quantity: 1, unitPriceCents: 340, amountCents: 340 },
      { position: 1, childName: 'TEST VALENTINA', activityName: 'ACCUEIL DU SOIR 2026-2027', quantity: 1, unitPriceCents: 150, amountCents: 150 },
      { position: 2, childName: 'TEST VALENTINA', activityName: 'RESTAURATION SCOLAIRE 2026-2027', quantity: 2, unitPriceCents: 340, amountCents: 680 },
    ]);
    expect(positionOfDay).toEqual([2, 2, 0, 1]);
  });

  it('splits a child’s month in two lines when the quotient, hence the price, changes within it', () => {
    const days = [day('c1', 'a1', '2026-11-02', 230), day('c1', 'a1', '2026-11-03', 230), day('c1', 'a1', '2026-11-16', 110)];
    const { lines } = groupIntoLines(days, names);
    expect(lines.map((l) => [l.quantity, l.unitPriceCents, l.amountCents])).toEqual([
      [2, 230, 460],
      [1, 110, 110],
    ]);
  });

  it('gives no line for no day', () => {
    expect(groupIntoLines([], names)).toEqual({ lines: [], positionOfDay: [] });
  });
});

describe('joinLabels', () => {
  it('joins distinct labels in their order', () => {
    expect(joinLabels(['DEMO Emilie', 'DEMO Tom', 'DEMO Emilie'])).toBe('DEMO Emilie / DEMO Tom');
  });
});
