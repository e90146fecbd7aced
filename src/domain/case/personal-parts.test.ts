/**
 * The personal part of an event (personal.ts), rule by rule: which fields of each event are
 * personal, each identifying detail of a child, what is left out or passed over when splitting,
 * how the parts merge back, and the notice put in place of removed text (the retention rule, or a
 * request). personal.test.ts holds the whole raised event and the round trip.
 */
import { describe, expect, it } from 'vitest';
import {
  CHILD_PERSONAL_FIELDS,
  isRedactedCopy,
  mergePersonal,
  redactedCopy,
  removedText,
  splitPersonal,
} from './personal.js';

describe('which fields are personal', () => {
  it.each([
    ['consultation-recorded', { with: { personId: 'p' }, answers: { a: 'x' }, summary: 's' }],
    ['discussion-recorded', { how: 'phone', participants: ['x'], summary: 's', outcome: 'o' }],
    ['acknowledged', { dueAt: null, note: 'n' }],
    ['plan-action-added', { actionId: 'action-1', description: 'd' }],
    ['plan-action-done', { actionId: 'action-1', note: 'n' }],
    ['hub-referral-recorded', { service: 'Hub', reference: 'H-1' }],
    ['referred-to-chair', { scrutiny: true, details: 'd', boardMembersEngaged: 'b' }],
    ['panel-decision-proposed', { stage: 5, decision: 'd', learning: 'l' }],
    ['representation-received', { fromPersonId: 'p', summary: 's' }],
    ['resolved', { agreedBy: [], outcome: 'o', actions: ['a'], learning: 'l' }],
    ['decision-made', { binding: true, decision: 'd', learning: 'l' }],
    ['withdrawn', { stage: 2, reason: 'r' }],
    ['reopened', { dueAt: null, reason: 'r' }],
    ['child-protective-deadline-set', { deadline: '2026-03-30T17:00:00Z', reason: 'r' }],
    [
      'child-contacts-updated',
      { child: 0, cpChairEmail: 'c@example.org', iroEmail: 'i@example.org' },
    ],
  ])('%s: what a person typed is personal; the rest is kept', (type, data) => {
    const { kept, personal } = splitPersonal(type, data);
    const [first, ...typed] = Object.keys(data);
    expect(Object.keys(kept)).toEqual([first]);
    expect(Object.keys(personal ?? {})).toEqual(typed);
  });

  it('panel members, agreements and removals have nothing personal', () => {
    for (const type of ['panel-convened', 'panel-member-agreed', 'redacted']) {
      expect(splitPersonal(type, { members: [], memberId: 'p', closedAt: 'x' })).toEqual({
        kept: { members: [], memberId: 'p', closedAt: 'x' },
        personal: null,
      });
    }
  });

  it('an event type not in the list keeps everything with the event', () => {
    expect(splitPersonal('something-new', { reason: 'r', summary: 's' })).toEqual({
      kept: { reason: 'r', summary: 's' },
      personal: null,
    });
  });

  it('a field left undefined is in neither part', () => {
    expect(splitPersonal('withdrawn', { reason: undefined, note: undefined })).toEqual({
      kept: {},
      personal: null,
    });
  });
});

describe('a child’s details', () => {
  it('each of name, date of birth, case number, CP Chair and IRO address says who they are', () => {
    expect(CHILD_PERSONAL_FIELDS).toEqual([
      'name',
      'dateOfBirth',
      'caseNumber',
      'cpChairEmail',
      'iroEmail',
    ]);
    const child = {
      name: 'Orla Fictional',
      dateOfBirth: '2021-06-01',
      caseNumber: 'C-1',
      cpChairEmail: 'cp@example.org',
      iroEmail: 'iro@example.org',
      lookedAfter: true,
    };
    const { kept, personal } = splitPersonal('raised', { children: [child, { name: 'P.Q.' }] });
    expect(kept).toEqual({ children: [{ lookedAfter: true }, {}] });
    expect(personal).toEqual({
      children: [
        {
          name: 'Orla Fictional',
          dateOfBirth: '2021-06-01',
          caseNumber: 'C-1',
          cpChairEmail: 'cp@example.org',
          iroEmail: 'iro@example.org',
        },
        { name: 'P.Q.' },
      ],
    });
  });

  it('a child that is not an object is kept as an empty entry, so the count of children stays', () => {
    expect(splitPersonal('raised', { children: ['Orla', null] })).toEqual({
      kept: { children: [{}, {}] },
      personal: { children: [{}, {}] },
    });
  });

  it('children that are not a list are personal whole; on another event they are kept', () => {
    expect(splitPersonal('raised', { children: 'Orla' })).toEqual({
      kept: {},
      personal: { children: 'Orla' },
    });
    expect(splitPersonal('withdrawn', { children: [{ name: 'Orla' }] })).toEqual({
      kept: { children: [{ name: 'Orla' }] },
      personal: null,
    });
  });
});

describe('merging the parts back', () => {
  it('no personal part: the event as kept', () => {
    const kept = { number: 2 };
    expect(mergePersonal(kept, null)).toBe(kept);
  });

  it('each child’s identity is laid over the same child’s flags, by place in the list', () => {
    expect(
      mergePersonal(
        { children: [{ lookedAfter: true }, { lookedAfter: false }], category: 'other' },
        { children: [{ name: 'A' }, { name: 'B' }], disagreement: 'd' },
      ),
    ).toEqual({
      children: [
        { lookedAfter: true, name: 'A' },
        { lookedAfter: false, name: 'B' },
      ],
      category: 'other',
      disagreement: 'd',
    });
  });

  it('a child missing from either part, or not an object, adds nothing', () => {
    expect(
      mergePersonal({ children: [{ lookedAfter: true }, 'x'] }, { children: [null] }).children,
    ).toEqual([{ lookedAfter: true }, {}]);
  });

  it('children in only one part are taken as they are in the personal part', () => {
    expect(mergePersonal({ children: 'kept' }, { children: [{ name: 'A' }] })).toEqual({
      children: [{ name: 'A' }],
    });
    expect(mergePersonal({ children: [{ lookedAfter: true }] }, { children: 'A' })).toEqual({
      children: 'A',
    });
  });
});

describe('the notice in place of removed text', () => {
  it('names the ground and the day, from the first of January to the end of December', () => {
    expect(removedText('2033-01-01')).toBe('[removed under the retention rule on 1 January 2033]');
    expect(removedText('2033-12-31T23:00:00Z', 'rule')).toBe(
      '[removed under the retention rule on 31 December 2033]',
    );
    expect(removedText('2034-05-09T08:00:00Z', 'request')).toBe(
      '[removed on request on 9 May 2034]',
    );
  });

  it('every piece of text, number or flag nested anywhere is replaced, on the ground given', () => {
    const notice = removedText('2034-05-09', 'request');
    expect(
      redactedCopy({ a: ['x', { b: 2, c: true }], d: null }, '2034-05-09T08:00:00Z', 'request'),
    ).toEqual({ a: [notice, { b: notice, c: notice }], d: notice });
    expect(redactedCopy(['x'], '2034-05-09')).toEqual([removedText('2034-05-09')]);
  });

  it('is recognised as removed only when every piece is a notice, on either ground', () => {
    const byRule = removedText('2033-11-03');
    const byRequest = removedText('2033-11-03', 'request');
    expect(isRedactedCopy({ a: [byRule, { b: byRequest }] })).toBe(true);
    expect(isRedactedCopy([])).toBe(true);
    expect(isRedactedCopy({ a: [byRule, 'Orla'] })).toBe(false);
    expect(isRedactedCopy({ a: byRule, b: 'Orla' })).toBe(false);
    expect(isRedactedCopy([byRule, 'Orla'])).toBe(false);
    expect(isRedactedCopy(3)).toBe(false);
    expect(isRedactedCopy(null)).toBe(false);
    expect(isRedactedCopy(`Orla ${byRule}`)).toBe(false);
    expect(isRedactedCopy('[removed by hand on 3 November 2033]')).toBe(false);
  });
});
