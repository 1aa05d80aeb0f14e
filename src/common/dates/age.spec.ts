import { ageLabel, ageOn } from './age';

const label = (birth: string, today: string) => ageLabel(ageOn(birth, today));

describe('ageLabel', () => {
  it.each([
    [{ years: 7, months: 5 }, '7 ans et 5 mois'],
    [{ years: 1, months: 0 }, '1 an et 0 mois'],
    [{ years: 0, months: 3 }, '0 an et 3 mois'],
    [{ years: 0, months: 0 }, '0 an et 0 mois'],
    [{ years: 2, months: 11 }, '2 ans et 11 mois'],
    [{ years: 1, months: 1 }, '1 an et 1 mois'],
    [{ years: 12, months: 1 }, '12 ans et 1 mois'],
  ])('%p → %p', (age, expected) => {
    expect(ageLabel(age)).toBe(expected);
  });
});

describe('ageOn', () => {
  it("gives the guide's ages in completed years and months", () => {
    expect(ageOn('2014-04-10', '2021-09-10')).toEqual({ years: 7, months: 5 });
    expect(label('2014-04-10', '2021-09-10')).toBe('7 ans et 5 mois');
    expect(label('2020-09-02', '2021-09-02')).toBe('1 an et 0 mois');
    expect(label('2021-06-02', '2021-09-02')).toBe('0 an et 3 mois');
  });

  it('counts a month only once its day is reached (the day before a birthday is still the previous age)', () => {
    expect(label('2014-03-15', '2021-03-14')).toBe('6 ans et 11 mois');
    expect(label('2014-03-15', '2021-03-15')).toBe('7 ans et 0 mois');
    expect(label('2014-03-15', '2021-03-16')).toBe('7 ans et 0 mois');
    expect(label('2014-03-15', '2021-04-14')).toBe('7 ans et 0 mois');
    expect(label('2014-03-15', '2021-04-15')).toBe('7 ans et 1 mois');
    // The day before the first birthday, across a year end.
    expect(label('2020-01-01', '2020-12-31')).toBe('0 an et 11 mois');
    expect(label('2020-01-01', '2021-01-01')).toBe('1 an et 0 mois');
  });

  it('is 0 an et 0 mois on the birth day and in the first month', () => {
    expect(label('2021-09-02', '2021-09-02')).toBe('0 an et 0 mois');
    expect(label('2021-09-02', '2021-10-01')).toBe('0 an et 0 mois');
    expect(label('2021-09-02', '2021-10-02')).toBe('0 an et 1 mois');
  });

  it('never answers a negative age for a birth date after the day', () => {
    expect(ageOn('2021-09-03', '2021-09-02')).toEqual({ years: 0, months: 0 });
    expect(ageOn('2030-01-01', '2021-09-02')).toEqual({ years: 0, months: 0 });
  });

  describe('born on 29 February', () => {
    it('has its birthday on 28 February in a common year (the month end)', () => {
      expect(label('2016-02-29', '2017-02-27')).toBe('0 an et 11 mois');
      expect(label('2016-02-29', '2017-02-28')).toBe('1 an et 0 mois');
      expect(label('2016-02-29', '2017-03-01')).toBe('1 an et 0 mois');
    });

    it('has it on 29 February in a leap year', () => {
      expect(label('2016-02-29', '2020-02-28')).toBe('3 ans et 11 mois');
      expect(label('2016-02-29', '2020-02-29')).toBe('4 ans et 0 mois');
    });

    it('counts the following months on the 29th (or the month end)', () => {
      expect(label('2016-02-29', '2016-03-28')).toBe('0 an et 0 mois');
      expect(label('2016-02-29', '2016-03-29')).toBe('0 an et 1 mois');
      expect(label('2016-02-29', '2017-01-29')).toBe('0 an et 11 mois');
    });
  });

  describe('born on the 31st', () => {
    it('completes a month at the end of a shorter month', () => {
      expect(label('2014-01-31', '2014-02-27')).toBe('0 an et 0 mois');
      expect(label('2014-01-31', '2014-02-28')).toBe('0 an et 1 mois');
      expect(label('2016-01-31', '2016-02-28')).toBe('0 an et 0 mois');
      expect(label('2016-01-31', '2016-02-29')).toBe('0 an et 1 mois');
      expect(label('2014-01-31', '2014-04-29')).toBe('0 an et 2 mois');
      expect(label('2014-01-31', '2014-04-30')).toBe('0 an et 3 mois');
      expect(label('2014-01-31', '2014-05-30')).toBe('0 an et 3 mois');
      expect(label('2014-01-31', '2014-05-31')).toBe('0 an et 4 mois');
    });

    it('has its birthday on the 31st again', () => {
      expect(label('2014-12-31', '2021-12-30')).toBe('6 ans et 11 mois');
      expect(label('2014-12-31', '2021-12-31')).toBe('7 ans et 0 mois');
      expect(label('2014-10-31', '2021-09-30')).toBe('6 ans et 11 mois');
    });
  });
});
