/**
 * Checked date by date against the gov.uk published lists (written out here from those lists,
 * not from running the code).
 */
import { describe, expect, it } from 'vitest';
import { bankHolidays, easterSunday, SUPPORTED_YEARS } from './bank-holidays.js';

const dates = (calendar: Parameters<typeof bankHolidays>[0], year: number) =>
  bankHolidays(calendar, year).map((h) => h.date);

describe('England and Wales bank holidays (gov.uk)', () => {
  it.each([
    [
      2019,
      [
        '2019-01-01',
        '2019-04-19',
        '2019-04-22',
        '2019-05-06',
        '2019-05-27',
        '2019-08-26',
        '2019-12-25',
        '2019-12-26',
      ],
    ],
    [
      2020,
      [
        '2020-01-01',
        '2020-04-10',
        '2020-04-13',
        '2020-05-08',
        '2020-05-25',
        '2020-08-31',
        '2020-12-25',
        '2020-12-28',
      ],
    ],
    [
      2021,
      [
        '2021-01-01',
        '2021-04-02',
        '2021-04-05',
        '2021-05-03',
        '2021-05-31',
        '2021-08-30',
        '2021-12-27',
        '2021-12-28',
      ],
    ],
    [
      2022,
      [
        '2022-01-03',
        '2022-04-15',
        '2022-04-18',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-29',
        '2022-09-19',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-04-07',
        '2023-04-10',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-28',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-03-29',
        '2024-04-01',
        '2024-05-06',
        '2024-05-27',
        '2024-08-26',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
    ],
    [
      2027,
      [
        '2027-01-01',
        '2027-03-26',
        '2027-03-29',
        '2027-05-03',
        '2027-05-31',
        '2027-08-30',
        '2027-12-27',
        '2027-12-28',
      ],
    ],
  ])('%i', (year, expected) => {
    expect(dates('england-and-wales', year)).toEqual(expected);
  });
});

describe('Scotland bank holidays (gov.uk)', () => {
  it.each([
    [
      2021,
      [
        '2021-01-01',
        '2021-01-04',
        '2021-04-02',
        '2021-05-03',
        '2021-05-31',
        '2021-08-02',
        '2021-11-30',
        '2021-12-27',
        '2021-12-28',
      ],
    ],
    [
      2022,
      [
        '2022-01-03',
        '2022-01-04',
        '2022-04-15',
        '2022-05-02',
        '2022-06-02',
        '2022-06-03',
        '2022-08-01',
        '2022-09-19',
        '2022-11-30',
        '2022-12-26',
        '2022-12-27',
      ],
    ],
    [
      2023,
      [
        '2023-01-02',
        '2023-01-03',
        '2023-04-07',
        '2023-05-01',
        '2023-05-08',
        '2023-05-29',
        '2023-08-07',
        '2023-11-30',
        '2023-12-25',
        '2023-12-26',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-01-02',
        '2026-04-03',
        '2026-05-04',
        '2026-05-25',
        '2026-08-03',
        '2026-11-30',
        '2026-12-25',
        '2026-12-28',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-01-02',
        '2024-03-29',
        '2024-05-06',
        '2024-05-27',
        '2024-08-05',
        '2024-12-02',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      2025,
      [
        '2025-01-01',
        '2025-01-02',
        '2025-04-18',
        '2025-05-05',
        '2025-05-26',
        '2025-08-04',
        '2025-12-01',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
  ])('%i', (year, expected) => {
    expect(dates('scotland', year)).toEqual(expected);
  });

  it("moves St Andrew's Day to Monday when it falls at a weekend (2024: Saturday 30 November)", () => {
    expect(dates('scotland', 2024)).toContain('2024-12-02');
    expect(dates('scotland', 2024)).not.toContain('2024-11-30');
  });
});

describe('Northern Ireland bank holidays (gov.uk)', () => {
  it.each([
    [
      2020,
      [
        '2020-01-01',
        '2020-03-17',
        '2020-04-10',
        '2020-04-13',
        '2020-05-08',
        '2020-05-25',
        '2020-07-13',
        '2020-08-31',
        '2020-12-25',
        '2020-12-28',
      ],
    ],
    [
      2026,
      [
        '2026-01-01',
        '2026-03-17',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-07-13',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
    ],
    [
      2024,
      [
        '2024-01-01',
        '2024-03-18',
        '2024-03-29',
        '2024-04-01',
        '2024-05-06',
        '2024-05-27',
        '2024-07-12',
        '2024-08-26',
        '2024-12-25',
        '2024-12-26',
      ],
    ],
    [
      2025,
      [
        '2025-01-01',
        '2025-03-17',
        '2025-04-18',
        '2025-04-21',
        '2025-05-05',
        '2025-05-26',
        '2025-07-14',
        '2025-08-25',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
  ])('%i', (year, expected) => {
    expect(dates('northern-ireland', year)).toEqual(expected);
  });
});

describe('titles (gov.uk)', () => {
  const titleOn = (calendar: Parameters<typeof bankHolidays>[0], date: string) =>
    bankHolidays(calendar, Number(date.slice(0, 4))).find((h) => h.date === date)?.title;

  it('lists a year’s holidays in date order, each by its gov.uk name: England and Wales, 2026', () => {
    expect(bankHolidays('england-and-wales', 2026)).toEqual([
      { date: '2026-01-01', title: "New Year's Day" },
      { date: '2026-04-03', title: 'Good Friday' },
      { date: '2026-04-06', title: 'Easter Monday' },
      { date: '2026-05-04', title: 'Early May bank holiday' },
      { date: '2026-05-25', title: 'Spring bank holiday' },
      { date: '2026-08-31', title: 'Summer bank holiday' },
      { date: '2026-12-25', title: 'Christmas Day' },
      { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
    ]);
  });

  it('names substitute days', () => {
    // Christmas 2027 is a Saturday.
    expect(titleOn('england-and-wales', '2027-12-27')).toBe('Christmas Day (substitute day)');
    expect(titleOn('england-and-wales', '2027-12-28')).toBe('Boxing Day (substitute day)');
    // Christmas 2022 is a Sunday: Boxing Day keeps Monday, Christmas moves to Tuesday.
    expect(titleOn('england-and-wales', '2022-12-26')).toBe('Boxing Day');
    expect(titleOn('england-and-wales', '2022-12-27')).toBe('Christmas Day (substitute day)');
    // 1 January 2023 is a Sunday: in Scotland 2 January keeps Monday.
    expect(titleOn('scotland', '2023-01-02')).toBe('2nd January');
    expect(titleOn('scotland', '2023-01-03')).toBe("New Year's Day (substitute day)");
    expect(titleOn('scotland', '2025-12-01')).toBe("St Andrew's Day (substitute day)");
    expect(titleOn('northern-ireland', '2024-03-18')).toBe("St Patrick's Day (substitute day)");
    // 1 January 2022 is a Saturday: in England and Wales the holiday moves to Monday 3 January.
    expect(titleOn('england-and-wales', '2022-01-03')).toBe("New Year's Day (substitute day)");
  });

  it('names the one-off holidays', () => {
    expect(titleOn('england-and-wales', '2020-05-08')).toMatch(/VE day/);
    expect(titleOn('scotland', '2022-06-03')).toMatch(/Platinum Jubilee/);
    expect(titleOn('northern-ireland', '2022-09-19')).toMatch(
      /State Funeral of Queen Elizabeth II/,
    );
    expect(titleOn('england-and-wales', '2023-05-08')).toMatch(/coronation of King Charles III/);
  });
});

describe('Easter', () => {
  it.each([
    [2018, 4, 1],
    [2019, 4, 21],
    [2020, 4, 12],
    [2021, 4, 4],
    [2022, 4, 17],
    [2023, 4, 9],
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2028, 4, 16],
    [2029, 4, 1],
    [2030, 4, 21],
    [2031, 4, 13],
    [2032, 3, 28],
    [2033, 4, 17],
    [2034, 4, 9],
    [2035, 3, 25],
    // the only years to 2099 where the algorithm's last correction (its m) is not 0
    [2049, 4, 18],
    [2076, 4, 19],
  ])('Easter Sunday %i is %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day });
  });
});

describe('supported years', () => {
  const calendars = ['england-and-wales', 'scotland', 'northern-ireland'] as const;

  it('covers at least 2018 to 2035', () => {
    expect(SUPPORTED_YEARS.from).toBeLessThanOrEqual(2018);
    expect(SUPPORTED_YEARS.to).toBeGreaterThanOrEqual(2035);
  });

  it('gives every nation, every supported year, its holidays on distinct weekdays', () => {
    const minimum = { 'england-and-wales': 8, scotland: 9, 'northern-ireland': 10 };
    for (const calendar of calendars) {
      for (let year = SUPPORTED_YEARS.from; year <= SUPPORTED_YEARS.to; year++) {
        const list = dates(calendar, year);
        expect(list.length).toBeGreaterThanOrEqual(minimum[calendar]);
        expect(new Set(list).size).toBe(list.length);
        for (const date of list) {
          expect(date.startsWith(`${year}-`)).toBe(true);
          const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
          expect(weekday, date).not.toBe(0);
          expect(weekday, date).not.toBe(6);
        }
      }
    }
  });

  it('refuses years outside the range with a clear error', () => {
    expect(() => bankHolidays('england-and-wales', SUPPORTED_YEARS.from - 1)).toThrow(
      /only known for 2013 to 2099/,
    );
    expect(() => bankHolidays('scotland', SUPPORTED_YEARS.to + 1)).toThrow(RangeError);
    expect(() => bankHolidays('northern-ireland', 2026.5)).toThrow(RangeError);
  });
});

describe('bank holidays by their gov.uk names', () => {
  // the names the working-day calendar page and the policy timeline show (gov.uk lists)
  const named = (calendar: Parameters<typeof bankHolidays>[0], year: number, date: string) =>
    bankHolidays(calendar, year).find((h) => h.date === date)?.title;

  it('names the summer bank holiday in each nation, on its own Monday', () => {
    expect(named('england-and-wales', 2026, '2026-08-31')).toBe('Summer bank holiday');
    expect(named('scotland', 2026, '2026-08-03')).toBe('Summer bank holiday');
  });

  it('names the Battle of the Boyne in Northern Ireland', () => {
    expect(named('northern-ireland', 2027, '2027-07-12')).toBe(
      'Battle of the Boyne (Orangemen’s Day)',
    );
  });

  it('names a substitute day after the holiday it stands for: Boxing Day 2020 fell on a Saturday', () => {
    expect(named('england-and-wales', 2020, '2020-12-25')).toBe('Christmas Day');
    expect(named('england-and-wales', 2020, '2020-12-28')).toBe('Boxing Day (substitute day)');
  });
});
