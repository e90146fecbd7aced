/**
 * The e-mails: what happened, what is asked of the reader and by when, why the policy tells
 * them, and a link to the case. Minimum personal data: the case reference, never a child's
 * name or details; the reader signs in to see the rest.
 */
import { DateTime } from 'luxon';
import type { AccountNotice, NotificationData, ReadAlert } from './data.js';
import { askFor } from './template-asks.js';

export type { NotificationData } from './data.js';

export interface Email {
  subject: string;
  text: string;
}

export function formatDueForEmail(iso: string): string {
  const t = DateTime.fromISO(iso).setZone('Europe/London');
  const time = t.minute === 0 ? t.toFormat('h') : t.toFormat('h:mm');
  return `${time}${t.toFormat('a').toLowerCase()} on ${t.toFormat('cccc d LLLL yyyy')}`;
}

function formatDate(isoDate: string): string {
  // a date alone (YYYY-MM-DD) reads as the same day in any zone
  return DateTime.fromISO(isoDate).toFormat('d LLLL yyyy');
}

const stageLabel = (d: NotificationData) => `stage ${d.stage.number} (${d.stage.name})`;

/** When an agreed action is due, for its reminder and overdue prompt (which always carry it). */
const actionDue = (d: NotificationData) =>
  // Stryker disable next-line StringLiteral: equivalent, because any word in place of a missing time reads as an invalid one
  formatDueForEmail(d.planActionDueAt ?? '');

function outcomeText(d: NotificationData): string {
  if (d.status === 'resolved') return `has been resolved at ${stageLabel(d)}`;
  if (d.status === 'withdrawn') return 'has been withdrawn';
  const who = d.decidedBy === 'panel' ? 'the Resolution Panel' : "the partnership's chair";
  if (d.status === 'decided') return `has been decided by ${who}`;
  return `has ended (${d.status})`;
}

interface Wording {
  subject: string;
  happened: string;
}

const WORDING: Record<string, (d: NotificationData) => Wording> = {
  'case-raised': (d) => ({
    subject: `Disagreement ${d.reference} raised`,
    happened: `A professional disagreement about a child's safety has been raised (${d.reference}), and your agency is part of it.`,
  }),
  'stage-entered': (d) =>
    d.passedOver
      ? {
          subject: `Disagreement ${d.reference}: taken past stage ${d.stage.number}`,
          happened: `Disagreement ${d.reference} has been taken straight past ${stageLabel(d)} because of the risk to the child. The policy says you are told at this stage.`,
        }
      : {
          subject: `Disagreement ${d.reference}: now at stage ${d.stage.number}`,
          happened: `Disagreement ${d.reference} has been escalated and is now at ${stageLabel(d)}.`,
        },
  'immediate-risk': (d) => ({
    subject: `Disagreement ${d.reference}: a child may be at immediate risk`,
    happened: `A worker has recorded, on disagreement ${d.reference}, that a child may be at immediate risk of harm.`,
  }),
  'action-recorded': (d) => ({
    subject: `Disagreement ${d.reference}: new entry on the record`,
    happened: `Something new has been recorded on disagreement ${d.reference}.`,
  }),
  outcome: (d) => ({
    subject: `Disagreement ${d.reference}: ${d.status}`,
    happened: `Disagreement ${d.reference} ${outcomeText(d)}.`,
  }),
  'referred-to-chair': (d) => ({
    subject: `Disagreement ${d.reference}: referred to the independent chair`,
    happened: `Disagreement ${d.reference} could not be resolved between the agencies and has been referred to the partnership's independent chair.`,
  }),
  'panel-convened': (d) => ({
    subject: `Disagreement ${d.reference}: Resolution Panel convened`,
    happened: `The partnership's chair has convened a Resolution Panel to settle disagreement ${d.reference}.`,
  }),
  'panel-decision-proposed': (d) => ({
    subject: `Disagreement ${d.reference}: a decision for the Resolution Panel to agree`,
    happened: `A decision on disagreement ${d.reference} has been put to the Resolution Panel. It counts once every member of the panel has agreed it.`,
  }),
  'decision-recorded': (d) => ({
    subject: `Disagreement ${d.reference}: decision recorded`,
    happened: `A decision on disagreement ${d.reference} has been recorded by ${d.decidedBy === 'panel' ? 'the Resolution Panel' : "the partnership's chair"}.`,
  }),
  acknowledged: (d) => ({
    subject: `Disagreement ${d.reference}: escalation acknowledged`,
    happened: `The agency the disagreement is with has acknowledged the escalation to ${stageLabel(d)} of disagreement ${d.reference}.`,
  }),
  'acknowledgement-overdue': (d) => ({
    subject: `Overdue: acknowledge disagreement ${d.reference} stage ${d.stage.number}`,
    happened: `The escalation to ${stageLabel(d)} of disagreement ${d.reference} has not been acknowledged, and the time the policy gives for it has passed.`,
  }),
  'plan-action-reminder': (d) => ({
    subject: `Disagreement ${d.reference}: an agreed action is due soon`,
    happened: `An action your agency agreed to in the action plan of disagreement ${d.reference} is due by ${actionDue(d)}.`,
  }),
  'plan-action-overdue': (d) => ({
    subject: `Overdue: an agreed action on disagreement ${d.reference}`,
    happened: `An action your agency agreed to in the action plan of disagreement ${d.reference} was due by ${actionDue(d)} and has not been marked done.`,
  }),
  'holder-missing': (d) => ({
    subject: `Disagreement ${d.reference}: nobody named to hold stage ${d.stage.number}`,
    happened: `Disagreement ${d.reference} has reached ${stageLabel(d)}, but nobody in the directory could be named to hold it for ${d.unheldFor?.join(', ') || 'one side'}.`,
  }),
  reminder: (d) => ({
    subject: `Reminder: disagreement ${d.reference} stage ${d.stage.number} falls due today`,
    happened: `Stage ${d.stage.number} (${d.stage.name}) of disagreement ${d.reference} falls due today.`,
  }),
  overdue: (d) => ({
    subject: `Overdue: disagreement ${d.reference} stage ${d.stage.number}`,
    happened: `The time for ${stageLabel(d)} of disagreement ${d.reference} has passed and it is not resolved.`,
  }),
  'policy-review': (d) => {
    const on = d.review ? formatDate(d.review.reviewOn) : 'its review date';
    const late = d.review?.overdueBy;
    return {
      subject: `Policy review ${late ? 'overdue' : 'due'}: ${d.policyTitle}`,
      happened: `The escalation policy "${d.policyTitle}"${d.review?.adoptedBy ? ` (adopted by ${d.review.adoptedBy})` : ''} ${late ? `was due for review on ${on}, ${late}` : `is due for review on ${on}`}.`,
    };
  },
};

/** Templates whose `reason` is the ask itself (the sweeps), not the policy's purpose. */
const REASON_IS_THE_ASK = new Set([
  'reminder',
  'overdue',
  'acknowledgement-overdue',
  'plan-action-reminder',
  'plan-action-overdue',
]);

/**
 * While the other side's acknowledgement is owed: asked of that side (its holders, its contact),
 * said to the raising side's holders, so both know (issue 18).
 */
function acknowledgementAsk(d: NotificationData): string {
  if (!d.acknowledgementDueAt || d.status !== 'open') return '';
  const by = formatDueForEmail(d.acknowledgementDueAt);
  if (d.holderSide === 'other' || d.recipientKind === 'agency-contact') {
    return `The policy asks your agency to acknowledge the escalation on the case by ${by}: use "Acknowledge the escalation" on the case.`;
  }
  if (d.holderSide === 'raising' || d.recipientKind === 'raiser') {
    return `The policy asks the agency the disagreement is with to acknowledge it by ${by}; the case will show when it does.`;
  }
  return '';
}

function byWhen(d: NotificationData): string {
  // an agreed action's own due time is the news; the stage's is not (the case may be closed)
  if (d.review || d.status !== 'open' || d.planActionDueAt) return '';
  if (d.dueAt) return `The disagreement's current stage is due by ${formatDueForEmail(d.dueAt)}.`;
  return 'The policy sets no number of days for this stage: act within a timescale that protects the child.';
}

const ACCOUNT_WORDING: Record<AccountNotice['change'], { subject: string; happened: string }> = {
  'password-changed': {
    subject: 'Your Escalate password has been changed',
    happened: 'The password of your Escalate account was changed from Your account',
  },
  'password-set': {
    subject: 'Your Escalate password has been set by an administrator',
    happened: 'An administrator set a new password for your Escalate account',
  },
  'app-turned-on': {
    subject: 'An authenticator app has been set up on your Escalate account',
    happened: 'An authenticator app was set up for signing in to your Escalate account',
  },
  'app-turned-off': {
    subject: 'The authenticator app on your Escalate account has been turned off',
    happened: 'The authenticator app of your Escalate account was turned off from Your account',
  },
  'app-reset': {
    subject: 'The authenticator app on your Escalate account has been reset',
    happened:
      'An administrator removed the authenticator app from your Escalate account, and your sessions were ended',
  },
  'code-reused': {
    subject: 'A code from your authenticator app was used twice',
    happened:
      'Someone entered a code from your authenticator app that had already been used, when signing in to your Escalate account. It was refused',
  },
  'recovery-code-used': {
    subject: 'A recovery code was used on your Escalate account',
    happened:
      'One of your recovery codes was used in place of a code from your authenticator app. Each works once: make new ones from Your account when few are left',
  },
  'email-changed': {
    subject: 'The e-mail address of your Escalate account has changed',
    happened:
      'The e-mail address of your Escalate account was changed from this address to another one in the directory. Escalate will write to the new address from now on',
  },
};

/** A notice to a person about their own account: what changed and when, nothing more. */
function renderAccountEmail(notice: AccountNotice, link: string): Email {
  const wording = ACCOUNT_WORDING[notice.change];
  const paragraphs = [
    `${wording.happened}, at ${formatDueForEmail(notice.at)} (UK time).`,
    notice.change === 'code-reused' || notice.change === 'recovery-code-used'
      ? 'If this was not you, someone may know your password: change it from Your account, and contact your administrator.'
      : 'If this was not you, contact your administrator.',
    `Escalate: ${link}`,
    'This e-mail is sent to tell you of a change to your account. It holds no password or code.',
  ];
  return { subject: wording.subject, text: `${paragraphs.join('\n\n')}\n` };
}

/** The partnership team's alert: one person read unusually many cases in an hour (V8.1.4). */
function renderReadAlert(alert: ReadAlert, link: string): Email {
  const who = `${alert.personName} (${alert.role}${alert.agencyName ? `, ${alert.agencyName}` : ''})`;
  const paragraphs = [
    `${who} read ${alert.distinctCases} different disagreements between ${formatDueForEmail(alert.from)} and ${formatDueForEmail(alert.to)} (UK time), more than the ${alert.threshold} an hour that Escalate treats as usual.`,
    "What we ask of you: check with them, or their manager, that they needed to. Each case's access log shows who read it and when.",
    'Why you are told: reading many cases in a short time can mean an account is being misused.',
    `Escalate: ${link}`,
    'This e-mail holds no details of any child or family.',
  ];
  return {
    subject: `Unusual reading of disagreements by ${alert.personName}`,
    text: `${paragraphs.join('\n\n')}\n`,
  };
}

export function renderEmail(
  template: string,
  data: NotificationData,
  reason: string,
  link: string,
): Email {
  if (data.account) return renderAccountEmail(data.account, link);
  if (data.readAlert) return renderReadAlert(data.readAlert, link);
  const wording = WORDING[template]?.(data) ?? {
    subject: `Disagreement ${data.reference}`,
    happened: `There is news on disagreement ${data.reference}.`,
  };
  const ask = REASON_IS_THE_ASK.has(template) ? reason : askFor(template, data);
  const why = REASON_IS_THE_ASK.has(template) ? '' : `Why you are told: ${reason}`;
  const place = data.review ? 'Escalate' : 'the disagreement and what happens next';
  const paragraphs = [
    wording.happened,
    `What we ask of you: ${ask}`,
    template === 'acknowledgement-overdue' || data.planActionDueAt ? '' : acknowledgementAsk(data),
    byWhen(data),
    why,
    `See ${place}: ${link}`,
    `This e-mail is sent under "${data.policyTitle}". It deliberately holds no details of the child or family: sign in to see them.`,
  ];
  return { subject: wording.subject, text: `${paragraphs.filter(Boolean).join('\n\n')}\n` };
}
