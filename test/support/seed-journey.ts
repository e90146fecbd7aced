/**
 * Test support for the API journeys through one seed policy (test/seed-journeys-00N.test.ts):
 * a case raised through the JSON API, commands given as each side, and what the case record
 * and its notifications then say. Fictional people only: the demo directory's.
 */
import { expect } from 'vitest';
import type { PersonSummary } from '../../src/services/people.js';
import type { TestApp } from './app.js';

// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever the API answered
export type View = any;

export interface Notification {
  to: string;
  rule: string;
  reason: string;
  status: string;
}

export function journey(t: TestApp) {
  const byId = (id: string) => {
    const person = t.people.find((p) => p.id === id);
    if (!person) throw new Error(`no demo person ${id}`);
    return person;
  };
  const agencyId = (name: string) => {
    const id = t.people.find((p) => p.agency?.name === name)?.agency?.id;
    if (!id) throw new Error(`no demo agency ${name}`);
    return id;
  };
  const partnershipPerson = (role: string, partnership: string) => {
    const person = t.people.find((p) => p.role === role && p.partnership === partnership);
    if (!person) throw new Error(`no ${role} in ${partnership}`);
    return person;
  };

  /** Raises a case as `raiser` against `otherAgency`; returns the case handle. */
  async function raise(raiser: PersonSummary, otherAgency: string, fields: object = {}) {
    const answer = await t.api(raiser, 'POST', '/api/v1/cases', {
      children: [{ name: 'K.L. (fictional)', childProtectionPlan: false, lookedAfter: false }],
      agencies: [agencyId(otherAgency)],
      category: 'need-for-action',
      disagreement: 'The other agency closed the referral although the concerns continue.',
      evidence: { nature: 'Marks seen at the setting', source: 'Key worker notes' },
      actionsToDate: 'Phoned the duty team twice.',
      outcomeSought: 'The referral reopened and a visit made.',
      immediateRisk: false,
      ...fields,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return handle(answer.body);
  }

  function handle(first: View) {
    let view: View = first;
    const send = (person: PersonSummary, body: object) =>
      t.api(person, 'POST', `/api/v1/cases/${view.id}/commands`, {
        expectedVersion: view.version,
        ...body,
      });
    return {
      get view(): View {
        return view;
      },
      /** gives the command as `person`; it must be accepted */
      async act(person: PersonSummary, body: object): Promise<View> {
        const answer = await send(person, body);
        expect(answer.status, `${person.role}: ${JSON.stringify(answer.body)}`).toBe(200);
        view = answer.body;
        return view;
      },
      /**
       * gives the command as `person`; it must be refused with the domain's `code` (or, for
       * input the API checks before the domain, a detail matching the pattern), changing nothing
       */
      async refused(person: PersonSummary, body: object, code: string | RegExp): Promise<string> {
        const answer = await send(person, body);
        expect(answer.status, `${person.role}: ${JSON.stringify(answer.body)}`).toBe(422);
        if (typeof code === 'string')
          expect(answer.body.code, JSON.stringify(answer.body)).toBe(code);
        else expect(answer.body.detail).toMatch(code);
        const again = await t.api(person, 'GET', `/api/v1/cases/${view.id}`);
        if (again.status === 200) expect(again.body.version).toBe(view.version);
        return answer.body.detail as string;
      },
      /** the case as `person` sees it (the view is kept) */
      async read(person: PersonSummary): Promise<View> {
        const answer = await t.api(person, 'GET', `/api/v1/cases/${view.id}`);
        expect(answer.status).toBe(200);
        view = answer.body;
        return view;
      },
      /** whose turn it is, as `person` sees it */
      async turn(person: PersonSummary): Promise<View> {
        const answer = await t.api(person, 'GET', `/api/v1/cases/${view.id}/turn`);
        expect(answer.status).toBe(200);
        return answer.body;
      },
      /** the addresses told by `rule`, in the order recorded, each once */
      told(rule: string): string[] {
        const all = (view.notifications as Notification[])
          .filter((n) => n.rule === rule)
          .map((n) => n.to);
        return [...new Set(all)];
      },
      /** the stage's holders on one side, as people */
      holders(side: 'raising' | 'other' | 'partnership'): PersonSummary[] {
        return ((view.stage.holders[side] ?? []) as string[]).map(byId);
      },
      /** the types of the events on the record, in order */
      events(): string[] {
        return (view.record as { type: string }[]).map((e) => e.type);
      },
      lastEvent(type: string): View {
        return (view.record as { type: string }[]).filter((e) => e.type === type).at(-1);
      },
    };
  }

  /**
   * A panel member for each agency: its director. The command names only the person; their seat
   * and the agencies in the disagreement they represent come from the directory.
   */
  function panelOf(...agencies: string[]) {
    return agencies.map((name) => ({ personId: directorOf(name).id }));
  }

  function directorOf(name: string): PersonSummary {
    const director = t.people.find((p) => p.role === 'director' && p.agency?.name === name);
    if (!director) throw new Error(`no director at ${name}`);
    return director;
  }

  /** The e-mail address of an agency's board member, from the directory. */
  async function boardMemberOf(agencyName: string): Promise<string> {
    const [member] = await boardOf(agencyName);
    return member?.email as string;
  }

  /** The agency's board member and deputy, from the directory (a pre-school's sit elsewhere). */
  async function boardOf(agencyName: string): Promise<PersonSummary[]> {
    const row = await t.store.db
      .selectFrom('agencies')
      .select(['board_member_id', 'board_deputy_id'])
      .where('name', '=', agencyName)
      .executeTakeFirstOrThrow();
    return [row.board_member_id, row.board_deputy_id]
      .filter((id): id is string => typeof id === 'string')
      .map(byId);
  }

  /** The agency's named escalation manager, from the directory. */
  async function escalationManagerOf(agencyName: string): Promise<string> {
    const row = await t.store.db
      .selectFrom('agencies')
      .select('escalation_manager_id')
      .where('name', '=', agencyName)
      .executeTakeFirstOrThrow();
    return row.escalation_manager_id as string;
  }

  return {
    byId,
    agencyId,
    partnershipPerson,
    raise,
    panelOf,
    directorOf,
    boardMemberOf,
    boardOf,
    escalationManagerOf,
  };
}
