/**
 * A directory as CSV (directory-csv.ts): one row per person, with their agency and partnership on
 * the row, read into the same shape as a YAML directory file for the one schema to check.
 */
import { describe, expect, it } from 'vitest';
import { DirectoryFile } from './directory.js';
import { directoryFromRows } from './directory-csv.js';

/** A row of the fictional Riverside partnership; each test changes what it needs. */
const row = (over: Record<string, string>) => ({
  partnership: 'riverside',
  partnership_name: 'Riverside Safeguarding Partnership',
  partnership_policy: 'riverside-policy',
  calendar: 'england-and-wales',
  business_unit_email: 'unit@riverside.example',
  hub_phone: '020 7946 0990',
  ...over,
});

const school = {
  agency: 'Oakfield Primary',
  sector: 'school',
  agency_policy: 'oakfield-version',
  duty_email: 'office@oakfield.example',
  duty_phone: '020 7946 0200',
};

describe('a CSV directory', () => {
  it('puts each person under their agency and partnership, and people with no agency in the partnership', () => {
    const file = DirectoryFile.parse(
      directoryFromRows([
        row({ email: 'chair@riverside.example', name: 'Robin Vale', role: 'chair' }),
        row({
          ...school,
          email: 'head@oakfield.example',
          name: 'Morgan Hale',
          role: 'dsl',
          line_manager: 'governors@oakfield.example',
          previous_email: 'm.hale@oakfield.example',
          phone: '020 7946 0201',
          on_board: 'yes',
          on_executive: 'Y',
          escalation_manager: 'TRUE',
          board_member: '1',
          designated_health: ' true ',
        }),
        row({
          agency: 'Oakfield Primary',
          email: 'teacher@oakfield.example',
          name: 'Jo Ashby',
          role: 'frontline',
          on_board: 'no way',
          on_executive: 'not true',
          board_deputy: 'yes',
          escalation_manager: 'yesterday',
        }),
      ]),
    );
    expect(file.partnerships).toHaveLength(1);
    const riverside = file.partnerships[0];
    expect(riverside).toMatchObject({
      key: 'riverside',
      name: 'Riverside Safeguarding Partnership',
      policy: 'riverside-policy',
      calendar: 'england-and-wales',
      businessUnitEmail: 'unit@riverside.example',
      hubPhone: '020 7946 0990',
      people: [{ email: 'chair@riverside.example', name: 'Robin Vale', role: 'chair' }],
    });
    expect(riverside?.agencies).toEqual([
      {
        name: 'Oakfield Primary',
        sector: 'school',
        policy: 'oakfield-version',
        dutyEmail: 'office@oakfield.example',
        dutyPhone: '020 7946 0200',
        escalationManager: 'head@oakfield.example',
        boardMember: 'head@oakfield.example',
        boardDeputy: 'teacher@oakfield.example',
        people: [
          {
            email: 'head@oakfield.example',
            name: 'Morgan Hale',
            role: 'dsl',
            lineManager: 'governors@oakfield.example',
            previousEmail: 'm.hale@oakfield.example',
            phone: '020 7946 0201',
            onBoard: true,
            onExecutive: true,
            designatedHealth: true,
          },
          {
            email: 'teacher@oakfield.example',
            name: 'Jo Ashby',
            role: 'frontline',
            onBoard: false,
            onExecutive: false,
            designatedHealth: false,
          },
        ],
      },
    ]);
  });

  it("takes a partnership's and an agency's details from the first row that gives them", () => {
    const file = directoryFromRows([
      row({ ...school, calendar: '', email: 'a@oakfield.example', name: 'A', role: 'dsl' }),
      row({
        ...school,
        partnership_name: 'Another name',
        calendar: 'scotland',
        sector: 'health',
        duty_email: 'other@oakfield.example',
        email: 'b@oakfield.example',
        name: 'B',
        role: 'frontline',
      }),
    ]) as { partnerships: Record<string, unknown>[] };
    expect(file.partnerships[0]).toMatchObject({
      name: 'Riverside Safeguarding Partnership',
      calendar: 'scotland',
      agencies: [{ sector: 'school', dutyEmail: 'office@oakfield.example' }],
    });
  });

  it('keeps partnerships apart, each with its own agencies', () => {
    const file = directoryFromRows([
      row({ ...school, email: 'a@oakfield.example', name: 'A', role: 'dsl' }),
      row({
        partnership: 'hillside',
        agency: 'Oakfield Primary',
        email: 'b@oakfield.example',
        name: 'B',
        role: 'dsl',
      }),
      row({ agency: 'Brook Nursery', email: 'c@brook.example', name: 'C', role: 'dsl' }),
    ]) as { partnerships: { key: string; agencies: { name: string; people: unknown[] }[] }[] };
    expect(
      file.partnerships.map((p) => [p.key, p.agencies.map((a) => [a.name, a.people.length])]),
    ).toEqual([
      [
        'riverside',
        [
          ['Oakfield Primary', 1],
          ['Brook Nursery', 1],
        ],
      ],
      ['hillside', [['Oakfield Primary', 1]]],
    ]);
  });

  it('reads blank cells, and cells of spaces, as not given', () => {
    const file = directoryFromRows([
      {
        partnership: '  ',
        agency: ' ',
        email: ' a@oakfield.example ',
        name: 'A',
        role: 'dsl',
        phone: '   ',
      },
    ]) as { partnerships: { key: string; people: Record<string, unknown>[] }[] };
    expect(file.partnerships[0]?.key).toBe('');
    expect(file.partnerships[0]?.people).toEqual([
      {
        email: 'a@oakfield.example',
        name: 'A',
        role: 'dsl',
        lineManager: undefined,
        previousEmail: undefined,
        onBoard: false,
        onExecutive: false,
        phone: undefined,
        designatedHealth: false,
      },
    ]);
  });

  it('an agency without a board seat names the member who represents it in represented_by; its own board member comes first', () => {
    const file = directoryFromRows([
      row({
        agency: 'Brook Nursery',
        sector: 'early-years',
        email: 'lead@brook.example',
        name: 'Lee Brook',
        role: 'dsl',
        represented_by: 'member@council.example',
      }),
      row({
        agency: 'Oakfield Primary',
        sector: 'school',
        email: 'head@oakfield.example',
        name: 'Morgan Hale',
        role: 'dsl',
        board_member: 'yes',
        represented_by: 'member@council.example',
      }),
    ]) as { partnerships: { agencies: Record<string, unknown>[] }[] };
    expect(file.partnerships[0]?.agencies.map((a) => a.boardMember)).toEqual([
      'member@council.example',
      'head@oakfield.example',
    ]);
  });

  it("names as the agency's board deputy the person whose row says so, whatever rows follow", () => {
    const file = directoryFromRows([
      row({
        ...school,
        email: 'deputy@oakfield.example',
        name: 'D',
        role: 'dsl',
        board_deputy: 'y',
      }),
      row({ ...school, email: 'other@oakfield.example', name: 'O', role: 'frontline' }),
    ]) as { partnerships: { agencies: Record<string, unknown>[] }[] };
    expect(file.partnerships[0]?.agencies[0]?.boardDeputy).toBe('deputy@oakfield.example');
  });

  it('a retention_years that is not a number is passed on as written, for the schema to refuse with its message', () => {
    const rows = [
      row({ retention_years: 'seven', email: 'a@riverside.example', name: 'A', role: 'chair' }),
      row({ retention_years: '9', email: 'b@riverside.example', name: 'B', role: 'chair' }),
    ];
    const file = directoryFromRows(rows) as { partnerships: { retention?: unknown }[] };
    expect(file.partnerships[0]?.retention).toEqual({ yearsAfterClosure: 'seven' });
    const parsed = DirectoryFile.safeParse(file);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      'Enter the years after closure as a whole number, like 7',
    ]);
    for (const written of ['7 years', 'about 7']) {
      const mixed = directoryFromRows([row({ retention_years: written })]) as {
        partnerships: { retention?: unknown }[];
      };
      expect(mixed.partnerships[0]?.retention).toEqual({ yearsAfterClosure: written });
    }
  });
});
