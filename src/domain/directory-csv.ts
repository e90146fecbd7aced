/**
 * A directory as CSV: one row per person, with their agency and partnership on the row.
 * Columns: partnership, partnership_name, partnership_policy, calendar, business_unit_email,
 * agency, sector, agency_policy, email, name, role, line_manager, on_board, on_executive,
 * escalation_manager, board_member, retention_years (the partnership's retention rule: years
 * after a case closes; empty for the default), previous_email (a person's old address, when it
 * changes), phone (a person's work phone), duty_email and duty_phone (the agency's duty inbox
 * and line), board_deputy (yes on the row of who sits for the agency when its board member cannot),
 * represented_by (on any row of an agency without a board seat of its own: the e-mail of the board
 * member who represents it, at another agency), designated_health (yes for a designated health
 * professional), hub_phone (the phone of the partnership's Children and Families Hub or MASH). A
 * person with an empty agency is partnership-wide (the chair, the partnership team). The rows
 * become the same shape as a YAML directory file, then
 * the one schema validates it.
 */
// Stryker disable next-line StringLiteral: equivalent, because a missing cell is not yes, and nor is any text put in its place
const yes = (value: string | undefined) => /^(1|y|yes|true)$/i.test((value ?? '').trim());
const blankToUndefined = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
};

type Row = Record<string, string | undefined>;

interface AgencyDraft {
  name: string;
  sector?: string;
  policy?: string;
  escalationManager?: string;
  boardMember?: string;
  boardDeputy?: string;
  dutyEmail?: string;
  dutyPhone?: string;
  people: unknown[];
}

interface PartnershipDraft {
  key: string;
  name?: string;
  policy?: string;
  calendar?: string;
  businessUnitEmail?: string;
  hubPhone?: string;
  retention?: { yearsAfterClosure: unknown };
  people: unknown[];
  agencies: Map<string, AgencyDraft>;
}

export function directoryFromRows(rows: readonly Row[]): unknown {
  const partnerships = new Map<string, PartnershipDraft>();
  for (const row of rows) {
    const key = blankToUndefined(row.partnership) ?? '';
    let partnership = partnerships.get(key);
    if (!partnership) {
      partnership = { key, people: [], agencies: new Map() };
      partnerships.set(key, partnership);
    }
    partnership.name ??= blankToUndefined(row.partnership_name);
    partnership.policy ??= blankToUndefined(row.partnership_policy);
    partnership.calendar ??= blankToUndefined(row.calendar);
    partnership.businessUnitEmail ??= blankToUndefined(row.business_unit_email);
    partnership.hubPhone ??= blankToUndefined(row.hub_phone);
    const years = blankToUndefined(row.retention_years);
    if (years !== undefined && !partnership.retention) {
      // a number when it reads as one; else the text, for the schema's message
      partnership.retention = { yearsAfterClosure: /^\d+$/.test(years) ? Number(years) : years };
    }
    const person = {
      email: blankToUndefined(row.email),
      name: blankToUndefined(row.name),
      role: blankToUndefined(row.role),
      lineManager: blankToUndefined(row.line_manager),
      previousEmail: blankToUndefined(row.previous_email),
      onBoard: yes(row.on_board),
      onExecutive: yes(row.on_executive),
      phone: blankToUndefined(row.phone),
      designatedHealth: yes(row.designated_health),
    };
    const agencyName = blankToUndefined(row.agency);
    if (!agencyName) {
      partnership.people.push(person);
      continue;
    }
    let agency = partnership.agencies.get(agencyName);
    if (!agency) {
      agency = { name: agencyName, people: [] };
      partnership.agencies.set(agencyName, agency);
    }
    agency.sector ??= blankToUndefined(row.sector);
    agency.policy ??= blankToUndefined(row.agency_policy);
    agency.dutyEmail ??= blankToUndefined(row.duty_email);
    agency.dutyPhone ??= blankToUndefined(row.duty_phone);
    if (yes(row.escalation_manager)) agency.escalationManager = person.email;
    if (yes(row.board_member)) agency.boardMember = person.email;
    if (yes(row.board_deputy)) agency.boardDeputy = person.email;
    agency.boardMember ??= blankToUndefined(row.represented_by);
    agency.people.push(person);
  }
  return {
    partnerships: [...partnerships.values()].map(({ agencies, ...p }) => ({
      ...p,
      agencies: [...agencies.values()],
    })),
  };
}
