import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isRedactedCopy,
  mergePersonal,
  PERSONAL_FIELDS,
  redactedCopy,
  removedText,
  splitPersonal,
} from './personal.js';

const raised = {
  category: 'communication',
  children: [
    {
      name: 'Hester Fictional-Split',
      dateOfBirth: '2020-02-02',
      caseNumber: 'C-9',
      childProtectionPlan: true,
      lookedAfter: false,
      childInNeed: true,
      iroEmail: 'iro@example.org',
    },
  ],
  raisingAgencyId: 'a1',
  otherAgencyIds: ['a2'],
  disagreement: 'About Hester.',
  evidence: { nature: 'n', source: 's' },
  actionsToDate: 'calls',
  outcomeSought: 'a call',
  immediateRisk: false,
  policy: { id: 'p', version: 1 },
};

describe('the personal part of an event', () => {
  it("keeps a child's flags and the case's facts with the event, and moves who they are and the free text out", () => {
    const { kept, personal } = splitPersonal('raised', raised);
    expect(kept).toEqual({
      category: 'communication',
      children: [{ childProtectionPlan: true, lookedAfter: false, childInNeed: true }],
      raisingAgencyId: 'a1',
      otherAgencyIds: ['a2'],
      immediateRisk: false,
      policy: { id: 'p', version: 1 },
    });
    expect(JSON.stringify(kept)).not.toContain('Hester');
    expect(personal).toEqual({
      children: [
        {
          name: 'Hester Fictional-Split',
          dateOfBirth: '2020-02-02',
          caseNumber: 'C-9',
          iroEmail: 'iro@example.org',
        },
      ],
      disagreement: 'About Hester.',
      evidence: { nature: 'n', source: 's' },
      actionsToDate: 'calls',
      outcomeSought: 'a call',
    });
  });

  it('merges back to the event exactly as recorded, whatever its fields (property)', () => {
    const types = Object.keys(PERSONAL_FIELDS);
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.dictionary(
          fc.constantFrom('reason', 'summary', 'outcome', 'learning', 'holders', 'number', 'x'),
          fc.jsonValue(),
        ),
        (type, data) => {
          // each part is stored as JSON text, so compare as stored (-0 is written as 0)
          const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value));
          const { kept, personal } = splitPersonal(type, data);
          expect(mergePersonal(stored(kept), stored(personal))).toEqual(stored(data));
        },
      ),
    );
    const { kept, personal } = splitPersonal('raised', raised);
    expect(mergePersonal(kept, personal)).toEqual(raised);
  });

  it('an event with nothing personal has no personal part', () => {
    expect(splitPersonal('panel-convened', { members: [] }).personal).toBeNull();
    expect(splitPersonal('stage-entered', { number: 2, reason: 'Escalated' }).personal).toEqual({
      reason: 'Escalated',
    });
  });

  it('a removed part keeps its shape and none of its text, and is recognised as removed', () => {
    const { personal } = splitPersonal('raised', raised);
    const removed = redactedCopy(personal, '2033-11-03T09:30:00.000Z');
    const notice = removedText('2033-11-03');
    expect(notice).toBe('[removed under the retention rule on 3 November 2033]');
    expect(removed).toEqual({
      children: [{ name: notice, dateOfBirth: notice, caseNumber: notice, iroEmail: notice }],
      disagreement: notice,
      evidence: { nature: notice, source: notice },
      actionsToDate: notice,
      outcomeSought: notice,
    });
    expect(isRedactedCopy(removed)).toBe(true);
    expect(isRedactedCopy(personal)).toBe(false);
    expect(isRedactedCopy({ reason: `${notice} but Hester` })).toBe(false);
  });
});
