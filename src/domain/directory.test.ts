import { describe, expect, it } from 'vitest';
import { PartnershipEntry } from './directory.js';
import { directoryFromRows } from './directory-csv.js';

const base = { key: 'bscp', name: 'Bromley', policy: 'bromley-partnership' };

describe("a partnership's retention rule", () => {
  it('is optional (the default applies) and a whole number of years from 1 to 100', () => {
    expect(PartnershipEntry.parse(base).retention).toBeUndefined();
    expect(
      PartnershipEntry.parse({ ...base, retention: { yearsAfterClosure: 7 } }).retention,
    ).toEqual({
      yearsAfterClosure: 7,
    });
    for (const wrong of [0, 101, 2.5, '7']) {
      const parsed = PartnershipEntry.safeParse({
        ...base,
        retention: { yearsAfterClosure: wrong },
      });
      expect(parsed.success, String(wrong)).toBe(false);
    }
    expect(PartnershipEntry.safeParse({ ...base, retention: { years: 7 } }).success).toBe(false);
  });

  it('is read from the retention_years column of a CSV directory', () => {
    const rows = [
      {
        partnership: 'bscp',
        partnership_name: 'Bromley',
        partnership_policy: 'p',
        retention_years: '10',
        email: 'a@example.org',
        name: 'A',
        role: 'chair',
      },
      {
        partnership: 'tscp',
        partnership_name: 'Torbay',
        partnership_policy: 'p',
        retention_years: '',
        email: 'b@example.org',
        name: 'B',
        role: 'chair',
      },
    ];
    const file = directoryFromRows(rows) as { partnerships: { retention?: unknown }[] };
    expect(file.partnerships[0]?.retention).toEqual({ yearsAfterClosure: 10 });
    expect(file.partnerships[1]?.retention).toBeUndefined();
  });
});

describe('how to reach the other side: phones and a duty inbox', () => {
  const row = {
    partnership: 'bscp',
    partnership_name: 'Bromley',
    partnership_policy: 'p',
    agency: 'Social care',
    sector: 'childrens-social-care',
    duty_email: 'duty@social-care.example',
    duty_phone: '020 7946 0100',
    email: 'a@social-care.example',
    name: 'A',
    role: 'manager',
    phone: '020 7946 0101',
  };

  it('are read from the phone, duty_email and duty_phone columns of a CSV directory', () => {
    const file = PartnershipEntry.array().parse(
      (directoryFromRows([row]) as { partnerships: unknown[] }).partnerships,
    );
    expect(file[0]?.agencies[0]).toMatchObject({
      dutyEmail: 'duty@social-care.example',
      dutyPhone: '020 7946 0100',
      people: [{ email: 'a@social-care.example', phone: '020 7946 0101' }],
    });
  });

  it('refuses what is not a phone number or an e-mail address, saying so', () => {
    const parsed = PartnershipEntry.array().safeParse(
      (
        directoryFromRows([{ ...row, phone: 'ring reception', duty_email: 'duty' }]) as {
          partnerships: unknown[];
        }
      ).partnerships,
    );
    expect(parsed.success).toBe(false);
    const messages = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    expect(messages).toContain('Enter a phone number, like 020 7946 0000');
    expect(messages.some((m) => /e-mail address/.test(m))).toBe(true);
  });

  it('reads the Hub / MASH phone from the hub_phone column, once per partnership', () => {
    const file = PartnershipEntry.array().parse(
      (
        directoryFromRows([{ ...row, hub_phone: '020 7946 0990' }, row]) as {
          partnerships: unknown[];
        }
      ).partnerships,
    );
    expect(file[0]?.hubPhone).toBe('020 7946 0990');
  });
});
