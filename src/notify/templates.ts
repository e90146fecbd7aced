/**
 * The e-mails: what happened, what is asked of the reader and by when, and a link to the case.
 * Minimum personal data: the case reference, never a child's name or details; the reader signs
 * in to see the rest.
 */
import { DateTime } from 'luxon';
import type { NotificationData } from '../services/notifications.js';

export interface Email {
  subject: string;
  text: string;
}

export function formatDueForEmail(iso: string): string {
  const t = DateTime.fromISO(iso, { setZone: true }).setZone('Europe/London');
  const time = t.minute === 0 ? t.toFormat('h') : t.toFormat('h:mm');
  return `${time}${t.toFormat('a').toLowerCase()} on ${t.toFormat('cccc d LLLL yyyy')}`;
}

const WHAT_HAPPENED: Record<string, (d: NotificationData) => string> = {
  'case-raised': (d) =>
    `A professional disagreement about a child's safety has been raised (${d.reference}).`,
  'stage-entered': (d) =>
    `Disagreement ${d.reference} is now at stage ${d.stage.number}: ${d.stage.name}.`,
  'immediate-risk': (d) =>
    `Disagreement ${d.reference} says a child may be at immediate risk of harm.`,
  'action-recorded': (d) => `Something new has been recorded on disagreement ${d.reference}.`,
  outcome: (d) => `Disagreement ${d.reference} has ended: it is now ${d.status}.`,
  'referred-to-chair': (d) =>
    `Disagreement ${d.reference} has been referred to the partnership's independent chair.`,
  'panel-convened': (d) => `A Resolution Panel has been convened for disagreement ${d.reference}.`,
  'decision-recorded': (d) => `A decision has been recorded on disagreement ${d.reference}.`,
  reminder: (d) =>
    `Stage ${d.stage.number} (${d.stage.name}) of disagreement ${d.reference} falls due soon.`,
  overdue: (d) =>
    `Stage ${d.stage.number} (${d.stage.name}) of disagreement ${d.reference} is overdue.`,
  'policy-review': (d) => `The escalation policy "${d.policyTitle}" is due for review.`,
};

const SUBJECTS: Record<string, (d: NotificationData) => string> = {
  'case-raised': (d) => `Disagreement ${d.reference} raised`,
  'stage-entered': (d) => `Disagreement ${d.reference}: now at stage ${d.stage.number}`,
  'immediate-risk': (d) => `Disagreement ${d.reference}: immediate risk of harm`,
  'action-recorded': (d) => `Disagreement ${d.reference}: new record`,
  outcome: (d) => `Disagreement ${d.reference}: ${d.status}`,
  'referred-to-chair': (d) => `Disagreement ${d.reference}: referred to the chair`,
  'panel-convened': (d) => `Disagreement ${d.reference}: Resolution Panel convened`,
  'decision-recorded': (d) => `Disagreement ${d.reference}: decision recorded`,
  reminder: (d) => `Reminder: disagreement ${d.reference} stage ${d.stage.number} falls due soon`,
  overdue: (d) => `Overdue: disagreement ${d.reference} stage ${d.stage.number}`,
  'policy-review': (d) => `Policy review due: ${d.policyTitle}`,
};

export function renderEmail(
  template: string,
  data: NotificationData,
  reason: string,
  link: string,
): Email {
  const happened =
    WHAT_HAPPENED[template]?.(data) ?? `There is news on disagreement ${data.reference}.`;
  const subject = SUBJECTS[template]?.(data) ?? `Disagreement ${data.reference}`;
  const due = data.dueAt ? `\nThe current stage is due by ${formatDueForEmail(data.dueAt)}.\n` : '';
  const text = [
    happened,
    '',
    `What we ask of you: ${reason}`,
    due,
    `See the disagreement and what happens next: ${link}`,
    '',
    `This e-mail is sent under "${data.policyTitle}". It deliberately holds no details of the`,
    "child or family: sign in to see them. Record every action and decision on the child's file.",
  ].join('\n');
  return { subject, text };
}
