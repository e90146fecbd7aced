/**
 * "What we ask of you": by what happened (the template) and who the policy addresses (the
 * recipient kind), in plain English. The policy's own words follow as "Why you are told".
 */
import type { NotificationData } from './data.js';

type Asks = Record<string, string> & { default: string };

export const ASKS: Record<string, Asks> = {
  'case-raised': {
    'agency-contact':
      'Your agency is named in this disagreement. Make sure the right person in your agency reads it and contacts the worker who raised it, by phone or face to face, within the time the policy gives.',
    holders:
      'You hold this disagreement for your agency at stage 1. Talk to the worker who raised it, by phone or face to face, as soon as you can, and record the discussion and its outcome on the case.',
    default: 'Read the disagreement and contact the worker who raised it to talk it through.',
  },
  'immediate-risk': {
    'role:dsl':
      'If the child is in immediate danger, call 999. Make sure the child has been referred to REFERRAL now, and record the referral on the disagreement. Do not wait for the disagreement to be settled.',
    'role:manager':
      'If the child is in immediate danger, call 999. Make sure the child has been referred to REFERRAL now, and record the referral on the disagreement. Do not wait for the disagreement to be settled.',
    default:
      "Read the disagreement now: the child's safety comes before settling the disagreement.",
  },
  'stage-entered': {
    'cp-chair':
      'You are the Child Protection Chair for a child in this disagreement. Be aware of it and consider whether it affects the Child Protection Plan; the managers involved may contact you.',
    iro: 'You are the Independent Reviewing Officer for a Looked After Child in this disagreement. Be aware of it and consider whether it affects the care plan; the managers involved may contact you.',
    'business-unit':
      "Record the escalation for the partnership's oversight, and be ready to help if it reaches the chair. No reply is needed.",
    'board-member':
      'As the partnership board member who represents an agency in this disagreement (or their deputy), engage in seeking a resolution with its senior managers before it goes to the chair: the referral to the chair must say how you were involved.',
    'designated-health':
      'As a designated health professional, give the senior managers and directors involved professional health safeguarding advice on this disagreement; they record it on the case.',
    'role:dsl':
      'As the Designated Safeguarding Lead, be aware of the disagreement and support your colleagues in keeping the child safe.',
    'holders:raising':
      'You now hold this disagreement for your agency, which raised it. Contact your counterpart in the other agency, by phone or face to face, record the discussion and its outcome, and resolve it or escalate it.',
    'holders:other':
      'You now hold this disagreement for your agency, which it is with. Contact your counterpart in the agency that raised it, by phone or face to face, record the discussion and its outcome, and resolve it or escalate it.',
    'holders:side-at-chair':
      "The disagreement is now with the partnership's chair, who decides. You stay its contact for your agency: be ready to give the chair what they need, and to make a representation if a Resolution Panel is convened. You will be told the decision.",
    'holders:partnership':
      "The disagreement is now at the chair's stage. The chair resolves it directly or convenes a Resolution Panel and records the decision; the partnership team supports them.",
    raiser:
      'Nothing is asked of you now: the disagreement you raised has moved to a new stage, held by the people named on the case. You will be told the outcome.',
    default:
      'Work with your counterpart in the other agency to resolve the disagreement at this stage.',
  },
  'referred-to-chair': {
    chair:
      'Consider the disagreement: resolve it directly, or convene a Resolution Panel, and record your decision.',
    'business-unit':
      "Put the referral before the partnership's independent chair, and arrange a Resolution Panel if the chair asks for one.",
    default: 'Be ready to give the chair what they need to decide.',
  },
  'panel-decision-proposed': {
    holders:
      'If you are a member of the Resolution Panel, read the decision on the case and record that you agree it, or tell the chair you do not. The chair and the partnership team: see that every member has answered.',
    default: 'Read the decision put to the Resolution Panel on the case.',
  },
  'panel-convened': {
    default:
      "You may make representations to the panel. Send them through the partnership's business unit so the panel has them before it decides.",
  },
  'decision-recorded': {
    default:
      "Read the decision and act on what it asks of your agency. Record it on the child's file.",
  },
  outcome: {
    default:
      "Read the outcome and the actions agreed, and record them on the child's file. If you think the child is still not safe, talk to your manager or Designated Safeguarding Lead.",
  },
  'action-recorded': { default: 'Read the new entry on the record.' },
  acknowledged: {
    default:
      'Nothing more is asked of you for the acknowledgement. Carry on working to resolve the disagreement at this stage with your counterpart.',
  },
  'holder-missing': {
    default:
      "Find who should hold the disagreement for the agency named, tell them, and add them to the directory (as the agency's named escalation manager, or a person with the stage's role), so that the case is never left with nobody on that side.",
  },
  'policy-review': {
    'business-unit-copy':
      "No action is needed from you: this is the partnership team's copy. The agency that adopted this local version of the partnership's policy has been asked to review it with those who signed it; until then, the cases it raises are governed by the version it has.",
    default:
      'Review the policy with those who signed it. If it changes, send the new version to your Escalate administrator to load with a new version number.',
  },
};

export function askFor(template: string, data: NotificationData): string {
  const asks = ASKS[template];
  if (!asks) return 'Read the disagreement.';
  // Stryker disable next-line StringLiteral: equivalent, because no ask is kept under '' either: both fall to the default
  const kind = data.recipientKind ?? 'default';
  const ask =
    (data.holderSide ? asks[`${kind}:${data.holderSide}`] : undefined) ??
    asks[kind] ??
    asks.default;
  return ask.replace('REFERRAL', data.referralService ?? "children's social care");
}
