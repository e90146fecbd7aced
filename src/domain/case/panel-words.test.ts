/**
 * The chair's stage (decide-final.ts): the Resolution Panel's make-up and the representations it
 * receives. refusals.test.ts proves each refusal happens; this file holds what each says and
 * what an accepted command records. The panel's decision: chair-words.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fiveStagePolicy, lastEvent as last, later, people, variant } from './testing.js';
import {
  atChair,
  consultFirstAtChair,
  convene,
  cscDirector,
  head,
  healthDirector,
  panelRule,
  sat,
} from './testing-chair.js';

const { chair } = people;

describe('002 2.17: the Resolution Panel’s make-up', () => {
  it('from too few agencies, says how many it asks for and how many there are', () => {
    const c = atChair();
    expect(c.refusal(convene([head, cscDirector]), chair, later)).toEqual({
      code: 'panel-too-few-agencies',
      message:
        'The policy asks for a panel from at least 3 agencies; these members come from 2. Add members from other agencies.',
    });
  });

  it('is of agencies’ senior representatives: a member the directory places at no agency is refused, by name', () => {
    const c = atChair();
    const nowhere = { personId: 'p-nowhere', boardMember: true };
    // with two agencies and someone at none, the panel must not pass for three agencies
    expect(c.refusal(convene([head, cscDirector, nowhere]), chair, later)).toEqual({
      code: 'panel-member-at-no-agency',
      message:
        "A Resolution Panel is made of its agencies' senior representatives, but the directory places panel member p-nowhere at no agency. Choose members at the partnership's agencies, or ask the partnership team to record their agency in the directory.",
    });
    expect(
      c.refusal(
        convene([head, nowhere, cscDirector, { personId: 'p-elsewhere' }, healthDirector]),
        chair,
        later,
      ).message,
    ).toMatch(/ places panel members p-nowhere, p-elsewhere at no agency\. /);
    expect(c.current.panel).toBeNull();
  });

  it('exactly the least number of agencies is enough', () => {
    const c = atChair();
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    expect(last(c)).toStrictEqual({
      type: 'panel-convened',
      at: later,
      by: 'p-chair',
      members: [head, cscDirector, healthDirector].map((m) => ({ ...m, boardMember: true })),
    });
  });

  it('002 2.17: members off the Executive are counted, one or more', () => {
    const c = atChair();
    const exec = (m: { personId: string; agencyId: string }) =>
      sat(m.personId, m.agencyId, 'executive');
    expect(
      c.refusal(
        convene([exec(head), exec(cscDirector), sat('p-h', 'a-health', 'board')]),
        chair,
        later,
      ).message,
    ).toBe(
      "Every panel member must sit on the partnership's executive, as the directory records it. One member does not: choose members the directory shows on the executive, or ask the partnership team to correct the directory.",
    );
    expect(
      c.refusal(
        convene([exec(head), sat('p-c', 'a-csc', 'none'), sat('p-h', 'a-health', 'board')]),
        chair,
        later,
      ).message,
    ).toMatch(/\. 2 members do not: choose members the directory shows on the executive,/);
  });

  it('a panel drawn from the board takes a board or an executive seat, not none', () => {
    const c = atChair(panelRule({ membership: 'board' }));
    expect(
      c.refusal(
        convene([sat('p-s', 'a-school', 'board'), sat('p-c', 'a-csc', 'none'), healthDirector]),
        chair,
        later,
      ).message,
    ).toMatch(/^Every panel member must sit on the partnership's board, .* One member does not/);
    c.must(
      convene([sat('p-s', 'a-school', 'board'), sat('p-c', 'a-csc', 'executive'), healthDirector]),
      chair,
      later,
    );
    expect(c.current.panel?.members.map((m) => [m.seat, m.boardMember])).toEqual([
      ['board', true],
      ['executive', true],
      [undefined, true],
    ]);
  });

  it('a panel drawn from anyone (003) needs no seat', () => {
    const c = atChair(panelRule({ membership: 'any' }));
    c.must(
      convene([
        sat('p-s', 'a-school', 'none'),
        { personId: 'p-c', agencyId: 'a-csc' },
        healthDirector,
      ]),
      chair,
      later,
    );
    expect(c.current.panel?.members.map((m) => m.boardMember)).toEqual([false, false, true]);
  });

  it('names how many agencies in the disagreement are not on it', () => {
    const c = atChair(fiveStagePolicy, { agencies: ['a-csc', 'a-health'] });
    const police = sat('p-police', 'a-police');
    const probation = sat('p-probation', 'a-probation');
    expect(c.refusal(convene([head, police, probation]), chair, later).message).toBe(
      'The panel must include every agency in the disagreement, through its own senior officer or the board member who represents it. 2 agencies are not represented: add its board member or deputy.',
    );
    expect(c.refusal(convene([head, cscDirector, police]), chair, later).message).toMatch(
      /\. One agency is not represented: add its board member or deputy\.$/,
    );
  });

  it('000: a board member at another agency in the disagreement cannot also represent one', () => {
    const c = atChair(fiveStagePolicy, { agencies: ['a-csc', 'a-health'] });
    const forBoth = sat('p-c', 'a-csc', undefined, ['a-health']);
    expect(
      c.refusal(convene([head, forBoth, sat('p-police', 'a-police')]), chair, later).message,
    ).toMatch(
      /\. One agency is not represented: add its board member or deputy\. A board member who works at another agency in the disagreement cannot represent this one: ask the partnership team to name someone else\.$/,
    );
    // from an agency outside the disagreement, the same member represents it
    c.must(
      convene([head, cscDirector, sat('p-police', 'a-police', undefined, ['a-health'])]),
      chair,
      later,
    );
    expect(c.current.panel?.members[2]?.represents).toEqual(['a-health']);
  });

  it('000: says so when one of the agencies missing has only a conflicted representative', () => {
    const c = atChair(fiveStagePolicy, { agencies: ['a-csc', 'a-health', 'a-probation'] });
    const forBoth = sat('p-c', 'a-csc', undefined, ['a-health']);
    expect(
      c.refusal(convene([head, forBoth, sat('p-police', 'a-police')]), chair, later).message,
    ).toMatch(
      /\. 2 agencies are not represented: add its board member or deputy\. A board member who works at another agency in the disagreement cannot represent this one/,
    );
  });

  it('003: an agency in the disagreement is included where possible, not always', () => {
    const c = consultFirstAtChair();
    c.must(convene([head, healthDirector]), chair, later);
    expect(c.current.panel?.members).toHaveLength(2);
  });

  it('says a policy without a panel has none, and a panel is convened once', () => {
    const noPanel = variant(fiveStagePolicy, {
      finalRoute: { ...fiveStagePolicy.finalRoute, panel: undefined },
    });
    expect(atChair(noPanel).refusal(convene([head]), chair, later)).toEqual({
      code: 'no-panel-in-policy',
      message:
        'This policy has no Resolution Panel. The chair resolves the case or records a decision directly.',
    });
    const c = atChair();
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    expect(c.refusal(convene([head, cscDirector, healthDirector]), chair, later).message).toBe(
      'A Resolution Panel has already been convened for this case.',
    );
  });
});

describe('representations to the panel', () => {
  it('go to a convened panel, which records who made them', () => {
    const c = atChair();
    const representation = {
      type: 'record-representation',
      fromPersonId: 'p-social-worker',
      fromAgencyId: 'a-csc',
      summary: 'The referral was closed on the evidence then',
    } as const;
    expect(c.refusal(representation, chair, later).message).toBe(
      'Representations go to a Resolution Panel. The chair must convene the panel first.',
    );
    c.must(convene([head, cscDirector, healthDirector]), chair, later);
    c.must(representation, chair, later);
    expect(last(c)).toStrictEqual({
      ...representation,
      type: 'representation-received',
      at: later,
      by: 'p-chair',
    });
  });
});
