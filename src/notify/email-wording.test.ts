/**
 * The words of each e-mail (templates.ts, template-asks.ts): what happened, what is asked of the
 * reader, by when, and why they are told; the case reference and never a child's details. The
 * journeys check who is told; these check what each e-mail says.
 */
import { describe, expect, it } from 'vitest';
import { aboutNoCase, type NotificationData } from './data.js';
import { askFor } from './template-asks.js';
import { formatDueForEmail, renderEmail } from './templates.js';

const data: NotificationData = {
  reference: 'ESC-WORDS1',
  eventType: 'stage-entered',
  stage: { number: 2, name: 'Manager to manager' },
  dueAt: '2026-04-09T17:00:00+01:00',
  status: 'open',
  policyTitle: 'Example partnership escalation policy',
};
const link = 'https://escalate.example/cases/x';
const render = (
  template: string,
  over: Partial<NotificationData> = {},
  reason = 'The policy says so.',
) => renderEmail(template, { ...data, ...over }, reason, link);

describe('the e-mails: what happened', () => {
  it.each([
    [
      'case-raised',
      {},
      'Disagreement ESC-WORDS1 raised',
      "A professional disagreement about a child's safety has been raised (ESC-WORDS1), and your agency is part of it.",
    ],
    [
      'stage-entered',
      {},
      'Disagreement ESC-WORDS1: now at stage 2',
      'Disagreement ESC-WORDS1 has been escalated and is now at stage 2 (Manager to manager).',
    ],
    [
      'stage-entered',
      { passedOver: true },
      'Disagreement ESC-WORDS1: taken past stage 2',
      'Disagreement ESC-WORDS1 has been taken straight past stage 2 (Manager to manager) because of the risk to the child. The policy says you are told at this stage.',
    ],
    [
      'immediate-risk',
      {},
      'Disagreement ESC-WORDS1: a child may be at immediate risk',
      'A worker has recorded, on disagreement ESC-WORDS1, that a child may be at immediate risk of harm.',
    ],
    [
      'action-recorded',
      {},
      'Disagreement ESC-WORDS1: new entry on the record',
      'Something new has been recorded on disagreement ESC-WORDS1.',
    ],
    [
      'outcome',
      { status: 'resolved' },
      'Disagreement ESC-WORDS1: resolved',
      'Disagreement ESC-WORDS1 has been resolved at stage 2 (Manager to manager).',
    ],
    [
      'outcome',
      { status: 'withdrawn' },
      'Disagreement ESC-WORDS1: withdrawn',
      'Disagreement ESC-WORDS1 has been withdrawn.',
    ],
    [
      'outcome',
      { status: 'decided', decidedBy: 'panel' },
      'Disagreement ESC-WORDS1: decided',
      'Disagreement ESC-WORDS1 has been decided by the Resolution Panel.',
    ],
    [
      'outcome',
      { status: 'decided', decidedBy: 'chair' },
      'Disagreement ESC-WORDS1: decided',
      "Disagreement ESC-WORDS1 has been decided by the partnership's chair.",
    ],
    [
      'outcome',
      { status: 'closed' },
      'Disagreement ESC-WORDS1: closed',
      'Disagreement ESC-WORDS1 has ended (closed).',
    ],
    [
      'referred-to-chair',
      {},
      'Disagreement ESC-WORDS1: referred to the independent chair',
      "Disagreement ESC-WORDS1 could not be resolved between the agencies and has been referred to the partnership's independent chair.",
    ],
    [
      'panel-convened',
      {},
      'Disagreement ESC-WORDS1: Resolution Panel convened',
      "The partnership's chair has convened a Resolution Panel to settle disagreement ESC-WORDS1.",
    ],
    [
      'panel-decision-proposed',
      {},
      'Disagreement ESC-WORDS1: a decision for the Resolution Panel to agree',
      'A decision on disagreement ESC-WORDS1 has been put to the Resolution Panel. It counts once every member of the panel has agreed it.',
    ],
    [
      'decision-recorded',
      { decidedBy: 'panel' },
      'Disagreement ESC-WORDS1: decision recorded',
      'A decision on disagreement ESC-WORDS1 has been recorded by the Resolution Panel.',
    ],
    [
      'decision-recorded',
      { decidedBy: 'chair' },
      'Disagreement ESC-WORDS1: decision recorded',
      "A decision on disagreement ESC-WORDS1 has been recorded by the partnership's chair.",
    ],
    [
      'acknowledged',
      {},
      'Disagreement ESC-WORDS1: escalation acknowledged',
      'The agency the disagreement is with has acknowledged the escalation to stage 2 (Manager to manager) of disagreement ESC-WORDS1.',
    ],
    [
      'acknowledgement-overdue',
      {},
      'Overdue: acknowledge disagreement ESC-WORDS1 stage 2',
      'The escalation to stage 2 (Manager to manager) of disagreement ESC-WORDS1 has not been acknowledged, and the time the policy gives for it has passed.',
    ],
    [
      'plan-action-reminder',
      { planActionDueAt: '2026-04-09T16:00:00.000Z' },
      'Disagreement ESC-WORDS1: an agreed action is due soon',
      'An action your agency agreed to in the action plan of disagreement ESC-WORDS1 is due by 5pm on Thursday 9 April 2026.',
    ],
    [
      'plan-action-overdue',
      { planActionDueAt: '2026-04-09T16:00:00.000Z' },
      'Overdue: an agreed action on disagreement ESC-WORDS1',
      'An action your agency agreed to in the action plan of disagreement ESC-WORDS1 was due by 5pm on Thursday 9 April 2026 and has not been marked done.',
    ],
    [
      'holder-missing',
      { unheldFor: ['Agency A (fictional)', 'the partnership (no chair)'] },
      'Disagreement ESC-WORDS1: nobody named to hold stage 2',
      'Disagreement ESC-WORDS1 has reached stage 2 (Manager to manager), but nobody in the directory could be named to hold it for Agency A (fictional), the partnership (no chair).',
    ],
    [
      'holder-missing',
      {},
      'Disagreement ESC-WORDS1: nobody named to hold stage 2',
      'Disagreement ESC-WORDS1 has reached stage 2 (Manager to manager), but nobody in the directory could be named to hold it for one side.',
    ],
    [
      'reminder',
      {},
      'Reminder: disagreement ESC-WORDS1 stage 2 falls due today',
      'Stage 2 (Manager to manager) of disagreement ESC-WORDS1 falls due today.',
    ],
    [
      'overdue',
      {},
      'Overdue: disagreement ESC-WORDS1 stage 2',
      'The time for stage 2 (Manager to manager) of disagreement ESC-WORDS1 has passed and it is not resolved.',
    ],
    ['something-new', {}, 'Disagreement ESC-WORDS1', 'There is news on disagreement ESC-WORDS1.'],
  ])('%s %j: the subject and what happened', (template, over, subject, happened) => {
    const email = render(template, over as Partial<NotificationData>);
    expect(email.subject).toBe(subject);
    expect(email.text.split('\n\n')[0]).toBe(happened);
  });

  it('a policy review, due or overdue, names the policy, who adopted it and the date', () => {
    const review = {
      policyId: 'local',
      version: 2,
      reviewOn: '2026-09-01',
      adoptedBy: 'Agency A (fictional)',
    };
    const due = render('policy-review', { review });
    expect(due.subject).toBe('Policy review due: Example partnership escalation policy');
    expect(due.text.split('\n\n')[0]).toBe(
      'The escalation policy "Example partnership escalation policy" (adopted by Agency A (fictional)) is due for review on 1 September 2026.',
    );
    const late = render('policy-review', {
      review: { ...review, adoptedBy: null, overdueBy: '6 years ago' },
    });
    expect(late.subject).toBe('Policy review overdue: Example partnership escalation policy');
    expect(late.text.split('\n\n')[0]).toBe(
      'The escalation policy "Example partnership escalation policy" was due for review on 1 September 2026, 6 years ago.',
    );
    expect(late.text).toContain('See Escalate: https://escalate.example/cases/x');
    expect(late.text).not.toContain('is due by');
    const undated = render('policy-review', {});
    expect(undated.text.split('\n\n')[0]).toBe(
      'The escalation policy "Example partnership escalation policy" is due for review on its review date.',
    );
  });
});

describe('the e-mails: what is asked, by when, and why', () => {
  it('a stage e-mail in full: what happened, the ask, the due time, why, the link, no child details', () => {
    const email = render('stage-entered', { recipientKind: 'holders', holderSide: 'raising' });
    expect(email.text).toBe(
      `${[
        'Disagreement ESC-WORDS1 has been escalated and is now at stage 2 (Manager to manager).',
        'What we ask of you: You now hold this disagreement for your agency, which raised it. Contact your counterpart in the other agency, by phone or face to face, record the discussion and its outcome, and resolve it or escalate it.',
        "The disagreement's current stage is due by 5pm on Thursday 9 April 2026.",
        'Why you are told: The policy says so.',
        'See the disagreement and what happens next: https://escalate.example/cases/x',
        'This e-mail is sent under "Example partnership escalation policy". It deliberately holds no details of the child or family: sign in to see them.',
      ].join('\n\n')}\n`,
    );
  });

  it('a sweep’s reason is the ask itself, with no "why you are told"', () => {
    const email = render('reminder', {}, 'Work to resolve it before it falls due.');
    expect(email.text).toContain('What we ask of you: Work to resolve it before it falls due.');
    expect(email.text).not.toContain('Why you are told');
  });

  it('a stage with no number of days says to act within a timescale that protects the child', () => {
    expect(render('stage-entered', { dueAt: null }).text).toContain(
      'The policy sets no number of days for this stage: act within a timescale that protects the child.',
    );
  });

  it('a closed case, and an agreed action, give no stage due time', () => {
    expect(render('outcome', { status: 'resolved' }).text).not.toContain('due by');
    const action = render('plan-action-reminder', {
      planActionDueAt: '2026-04-09T16:00:00.000Z',
      acknowledgementDueAt: '2026-04-07T16:00:00.000Z',
      recipientKind: 'raiser',
    });
    expect(action.text).not.toContain('current stage is due');
    expect(action.text).not.toContain('acknowledge');
  });

  it('an acknowledgement owed is not asked of anyone once the case is closed', () => {
    const closed = render('outcome', {
      status: 'resolved',
      acknowledgementDueAt: '2026-04-07T16:00:00.000Z',
      recipientKind: 'agency-contact',
    });
    expect(closed.text).not.toContain('acknowledge');
  });

  it('the ask is chosen by the reader’s side, then their kind, then the default', () => {
    expect(
      askFor('stage-entered', { ...data, recipientKind: 'holders', holderSide: 'other' }),
    ).toMatch(/^You now hold this disagreement for your agency, which it is with\./);
    expect(
      askFor('stage-entered', { ...data, recipientKind: 'raiser', holderSide: 'raising' }),
    ).toMatch(/^Nothing is asked of you now/);
    expect(askFor('stage-entered', { ...data, recipientKind: 'role:director' })).toBe(
      'Work with your counterpart in the other agency to resolve the disagreement at this stage.',
    );
    expect(askFor('stage-entered', data)).toBe(
      'Work with your counterpart in the other agency to resolve the disagreement at this stage.',
    );
    expect(askFor('no-such-template', data)).toBe('Read the disagreement.');
  });

  it('a child at immediate risk: the DSL is asked to see the referral made to the service the policy names', () => {
    const ask = askFor('immediate-risk', {
      ...data,
      recipientKind: 'role:dsl',
      referralService: 'MASH (Multi-Agency Safeguarding Hub)',
    });
    expect(ask).toContain('referred to MASH (Multi-Agency Safeguarding Hub) now');
    expect(askFor('immediate-risk', { ...data, recipientKind: 'role:manager' })).toContain(
      "referred to children's social care now",
    );
  });
});

describe('the e-mails in full: nothing more than their paragraphs', () => {
  const footer = [
    'See the disagreement and what happens next: https://escalate.example/cases/x',
    'This e-mail is sent under "Example partnership escalation policy". It deliberately holds no details of the child or family: sign in to see them.',
  ];
  const full = (...paragraphs: string[]) => `${[...paragraphs, ...footer].join('\n\n')}\n`;

  it('the business unit told of a stage whose acknowledgement is owed is asked nothing about it', () => {
    const email = render('stage-entered', {
      recipientKind: 'business-unit',
      acknowledgementDueAt: '2026-04-07T16:00:00.000Z',
    });
    expect(email.text).toBe(
      full(
        'Disagreement ESC-WORDS1 has been escalated and is now at stage 2 (Manager to manager).',
        "What we ask of you: Record the escalation for the partnership's oversight, and be ready to help if it reaches the chair. No reply is needed.",
        "The disagreement's current stage is due by 5pm on Thursday 9 April 2026.",
        'Why you are told: The policy says so.',
      ),
    );
  });

  it('an outcome gives no due time', () => {
    expect(render('outcome', { status: 'resolved' }).text).toBe(
      full(
        'Disagreement ESC-WORDS1 has been resolved at stage 2 (Manager to manager).',
        "What we ask of you: Read the outcome and the actions agreed, and record them on the child's file. If you think the child is still not safe, talk to your manager or Designated Safeguarding Lead.",
        'Why you are told: The policy says so.',
      ),
    );
  });

  it('a reminder’s reason is its ask, with no "why you are told"', () => {
    expect(render('reminder', {}, 'Work to resolve it before it falls due.').text).toBe(
      full(
        'Stage 2 (Manager to manager) of disagreement ESC-WORDS1 falls due today.',
        'What we ask of you: Work to resolve it before it falls due.',
        "The disagreement's current stage is due by 5pm on Thursday 9 April 2026.",
      ),
    );
  });

  it('the overdue acknowledgement prompt to the other side asks it once, in its own words', () => {
    const email = render(
      'acknowledgement-overdue',
      {
        recipientKind: 'holders',
        holderSide: 'other',
        acknowledgementDueAt: '2026-04-07T16:00:00.000Z',
      },
      'Acknowledge it on the case now.',
    );
    expect(email.text).toBe(
      full(
        'The escalation to stage 2 (Manager to manager) of disagreement ESC-WORDS1 has not been acknowledged, and the time the policy gives for it has passed.',
        'What we ask of you: Acknowledge it on the case now.',
        "The disagreement's current stage is due by 5pm on Thursday 9 April 2026.",
      ),
    );
  });
});

describe('the e-mails: due times in UK words', () => {
  it('on the hour, past the hour, in summer and winter time', () => {
    expect(formatDueForEmail('2026-04-09T16:00:00.000Z')).toBe('5pm on Thursday 9 April 2026');
    expect(formatDueForEmail('2026-12-09T09:30:00.000Z')).toBe(
      '9:30am on Wednesday 9 December 2026',
    );
  });
});

describe('the e-mails about an account or a read alert', () => {
  it('an account notice says what changed and when, and what to do if it was not them', () => {
    const notice = render('account', {
      account: { change: 'code-reused', at: '2026-04-09T16:00:00.000Z' },
    });
    expect(notice.subject).toBe('A code from your authenticator app was used twice');
    expect(notice.text).toBe(
      `${[
        'Someone entered a code from your authenticator app that had already been used, when signing in to your Escalate account. It was refused, at 5pm on Thursday 9 April 2026 (UK time).',
        'If this was not you, someone may know your password: change it from Your account, and contact your administrator.',
        'Escalate: https://escalate.example/cases/x',
        'This e-mail is sent to tell you of a change to your account. It holds no password or code.',
      ].join('\n\n')}\n`,
    );
    const recovery = render('account', {
      account: { change: 'recovery-code-used', at: '2026-04-09T16:00:00.000Z' },
    });
    expect(recovery.text).toContain('someone may know your password');
    const password = render('account', {
      account: { change: 'password-changed', at: '2026-04-09T16:00:00.000Z' },
    });
    expect(password.text.split('\n\n')[1]).toBe('If this was not you, contact your administrator.');
  });

  it('a read alert names the reader, their role and agency, how many cases, and the hour', () => {
    const readAlert = {
      personName: 'Pat Reader (fictional)',
      role: 'manager',
      agencyName: 'Agency A (fictional)',
      distinctCases: 42,
      threshold: 30,
      from: '2026-04-09T15:00:00.000Z',
      to: '2026-04-09T16:00:00.000Z',
    };
    const alert = render('read-alert', { readAlert });
    expect(alert.subject).toBe('Unusual reading of disagreements by Pat Reader (fictional)');
    expect(alert.text.split('\n\n')[0]).toBe(
      'Pat Reader (fictional) (manager, Agency A (fictional)) read 42 different disagreements between 4pm on Thursday 9 April 2026 and 5pm on Thursday 9 April 2026 (UK time), more than the 30 an hour that Escalate treats as usual.',
    );
    expect(alert.text.split('\n\n').slice(1)).toEqual([
      "What we ask of you: check with them, or their manager, that they needed to. Each case's access log shows who read it and when.",
      'Why you are told: reading many cases in a short time can mean an account is being misused.',
      'Escalate: https://escalate.example/cases/x',
      'This e-mail holds no details of any child or family.\n',
    ]);
    const noAgency = render('read-alert', { readAlert: { ...readAlert, agencyName: null } });
    expect(noAgency.text).toMatch(/^Pat Reader \(fictional\) \(manager\) read 42/);
  });
});

describe('a notification about no case', () => {
  it('carries no case: no reference, no stage, no due time', () => {
    expect(aboutNoCase({ recipientKind: 'partnership-team' })).toEqual({
      reference: '',
      eventType: undefined,
      stage: { number: 0, name: '' },
      dueAt: null,
      status: 'open',
      policyTitle: '',
      recipientKind: 'partnership-team',
    });
  });
});
