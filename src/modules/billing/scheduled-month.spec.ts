import { scheduledMonth } from './scheduled-month';

describe('scheduledMonth (the 1st of each month at night, the previous month, in the commune’s time zone)', () => {
  it('bills October on 1 November from 2 a.m. in Paris (1 a.m. UTC in winter)', () => {
    expect(scheduledMonth('Europe/Paris', new Date('2026-11-01T00:59:00Z'))).toBeNull();
    expect(scheduledMonth('Europe/Paris', new Date('2026-11-01T01:00:00Z'))).toBe('2026-10');
    expect(scheduledMonth('Europe/Paris', new Date('2026-11-01T22:59:00Z'))).toBe('2026-10');
  });

  it('bills December of the year before on 1 January', () => {
    expect(scheduledMonth('Europe/Paris', new Date('2027-01-01T03:00:00Z'))).toBe('2026-12');
  });

  it('follows the commune’s own time zone (Réunion, UTC+4)', () => {
    const instant = new Date('2026-10-31T22:30:00Z'); // 02:30 on 1 November in Réunion, still 31 October in Paris
    expect(scheduledMonth('Indian/Reunion', instant)).toBe('2026-10');
    expect(scheduledMonth('Europe/Paris', instant)).toBe('2026-09'); // still 31 October in Paris: September's run
  });

  it('still names the previous month later in the month: a 1st no worker saw is caught up (one run a month, by a unique index)', () => {
    expect(scheduledMonth('Europe/Paris', new Date('2026-11-02T03:00:00Z'))).toBe('2026-10');
    expect(scheduledMonth('Europe/Paris', new Date('2026-11-30T22:00:00Z'))).toBe('2026-10');
    expect(scheduledMonth('Europe/Paris', new Date('2026-11-30T23:30:00Z'))).toBeNull(); // 1 December, 00:30 in Paris
  });
});
