/**
 * Checked date by date against the gov.uk published lists (written out here from those lists,
 * not from running the code).
 */
import { describe, expect, it } from 'vitest';
import { bankHolidays, easterSunday } from './bank-holidays.js';

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
  ])('%i', (year, expected) => {
    expect(dates('northern-ireland', year)).toEqual(expected);
  });
});

describe('Easter', () => {
  it.each([
    [2018, 4, 1],
    [2019, 4, 21],
    [2024, 3, 31],
    [2025, 4, 20],
    [2030, 4, 21],
    [2035, 3, 25],
  ])('Easter Sunday %i is %i/%i', (year, month, day) => {
    expect(easterSunday(year)).toEqual({ month, day });
  });

  it('covers 2018 to 2035 for every nation', () => {
    for (let year = 2018; year <= 2035; year++) {
      expect(dates('england-and-wales', year).length).toBeGreaterThanOrEqual(8);
      expect(dates('scotland', year).length).toBeGreaterThanOrEqual(9);
      expect(dates('northern-ireland', year).length).toBeGreaterThanOrEqual(10);
    }
  });
});
