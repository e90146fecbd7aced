/**
 * Issue 18, item 7: while the other side's acknowledgement is owed, the e-mail telling of the
 * stage asks the other side for it, by when, and tells the raising side it is coming; once it
 * is late, the overdue prompt asks for it now.
 */
import { describe, expect, it } from 'vitest';
import type { NotificationData } from './data.js';
import { renderEmail } from './templates.js';

const data: NotificationData = {
  reference: 'ESC-TEST01',
  eventType: 'stage-entered',
  stage: { number: 2, name: 'Manager to manager' },
  dueAt: '2026-04-09T17:00:00+01:00',
  status: 'open',
  policyTitle: 'Example partnership escalation policy',
  acknowledgementDueAt: '2026-04-07T17:00:00+01:00',
};
const link = 'https://escalate.example/cases/x';
const ASKED =
  'The policy asks your agency to acknowledge the escalation on the case by 5pm on Tuesday 7 April 2026';
const COMING =
  'The policy asks the agency the disagreement is with to acknowledge it by 5pm on Tuesday 7 April 2026';

describe('e-mails while an acknowledgement is owed', () => {
  it.each([
    ['the other side’s holder', { recipientKind: 'holders', holderSide: 'other' }, ASKED],
    ['the other agency’s contact', { recipientKind: 'agency-contact' }, ASKED],
    ['the raising side’s holder', { recipientKind: 'holders', holderSide: 'raising' }, COMING],
    ['the raiser', { recipientKind: 'raiser' }, COMING],
  ])('%s is told', (_who, extra, words) => {
    const email = renderEmail('stage-entered', { ...data, ...extra }, 'The policy says so.', link);
    expect(email.text).toContain(words);
  });

  it('the business unit is not asked for it, nor is anyone once it has been given', () => {
    const unit = renderEmail(
      'stage-entered',
      { ...data, recipientKind: 'business-unit' },
      'r',
      link,
    );
    expect(unit.text).not.toContain('acknowledge');
    const { acknowledgementDueAt: _given, ...after } = data;
    const holder = renderEmail(
      'stage-entered',
      { ...after, recipientKind: 'holders', holderSide: 'other' },
      'r',
      link,
    );
    expect(holder.text).not.toContain('acknowledge the escalation');
  });

  it('the overdue prompt asks for it now, in its own words', () => {
    const email = renderEmail(
      'acknowledgement-overdue',
      data,
      'Acknowledge it on the case now.',
      link,
    );
    expect(email.subject).toBe('Overdue: acknowledge disagreement ESC-TEST01 stage 2');
    expect(email.text).toContain('What we ask of you: Acknowledge it on the case now.');
    expect(email.text).not.toContain(ASKED);
  });
});
