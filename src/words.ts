/** The words the pages show for the codes the domain uses (docs/words.md). */
import { DateTime } from 'luxon';
import { memoize } from './domain/memo.js';
import type { AccessLogAction, Via } from './store/schema.js';

export const CATEGORY_LABELS: Record<string, string> = {
  'levels-of-need': 'Levels of need',
  'roles-and-responsibilities': 'Roles and responsibilities',
  'need-for-action': 'The need for action',
  'progressing-plans': 'Progressing plans',
  communication: 'Communication',
  other: 'Something else',
};

export const CATEGORY_HINTS: Record<string, string> = {
  'levels-of-need': 'For example, whether the child meets the threshold for a service',
  'roles-and-responsibilities': 'Who should be doing what',
  'need-for-action': 'Whether something needs to be done now',
  'progressing-plans': 'A plan that is not moving forward',
  communication: 'Information not shared, or not shared in time',
};

/** What the access log shows for each thing a person did with a case (every action has one). */
export const ACCESS_LOG_ACTION_LABELS: Record<AccessLogAction, string> = {
  read: 'Read the case',
  print: "Downloaded the record for the child's file",
  export: 'Included in a download of cases (CSV)',
  'access-log': 'Read this access log',
};

export const VIA_LABELS: Record<Via, string> = {
  page: 'Web page',
  api: 'API',
  cli: 'Command line',
};

export const MEANS_LABELS: Record<string, string> = {
  phone: 'By phone',
  'face-to-face': 'Face to face',
  meeting: 'In a meeting',
  email: 'By e-mail',
  video: 'By video call',
};

export const ROLE_LABELS: Record<string, string> = {
  frontline: 'practitioner',
  manager: 'manager',
  dsl: 'designated safeguarding lead',
  'senior-manager': 'senior manager',
  director: 'director',
  'named-professional': 'named professional',
  'partnership-team': 'partnership team',
  chair: 'independent chair',
  'panel-member': 'Resolution Panel member',
  administrator: 'administrator',
};

export const SECTOR_LABELS: Record<string, string> = {
  'early-years': 'Early years and pre-school',
  school: 'School',
  'childrens-social-care': "Children's social care",
  health: 'Health',
  gp: 'GP practice',
  police: 'Police',
  other: 'Other',
};

export const STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  resolved: 'Resolved',
  decided: 'Decided',
  withdrawn: 'Withdrawn',
};

export const EVENT_TITLES: Record<string, string> = {
  raised: 'Disagreement raised',
  'consultation-recorded': 'Consultation recorded',
  'stage-entered': 'Stage started',
  'discussion-recorded': 'Discussion recorded',
  'hub-referral-recorded': 'Referral recorded',
  'referred-to-chair': 'Referred to the chair',
  'panel-convened': 'Resolution Panel convened',
  'panel-decision-proposed': 'Decision put to the Resolution Panel',
  'panel-member-agreed': 'Panel member agreed the decision',
  'representation-received': 'Representation received',
  resolved: 'Resolved',
  'decision-made': 'Decision recorded',
  withdrawn: 'Withdrawn',
  reopened: 'Reopened',
  'child-protective-deadline-set': 'Child-protective deadline set',
  acknowledged: 'Escalation acknowledged',
  'plan-action-added': 'Action added to the agreed plan',
  'plan-action-done': 'Agreed action done',
  'child-contacts-updated': "A child's CP Chair or IRO address recorded",
  redacted: 'Personal details removed',
};

const london = (iso: string) =>
  DateTime.fromISO(iso, { setZone: true }).setZone('Europe/London').setLocale('en-GB');

function clock(t: DateTime): string {
  return (t.minute === 0 ? t.toFormat('h') : t.toFormat('h:mm')) + t.toFormat('a').toLowerCase();
}

const dueWordsIn = memoize((key: string) => {
  const [iso = '', year] = key.split('|');
  const t = london(iso);
  const sameYear = String(t.year) === year;
  return `by ${clock(t)} ${t.toFormat(sameYear ? 'cccc d LLLL' : 'cccc d LLLL yyyy')}`;
});

/** "by 5pm Tuesday 3 December" (the year only when it is not this year). */
export function dueWords(iso: string, now: Date): string {
  // the UK year changes at midnight UTC on 1 January (GMT), so the UTC year is the UK's
  return dueWordsIn(`${iso}|${now.getUTCFullYear()}`);
}

/** "3 December 2026 at 9:30am" */
export const dateTimeWords = memoize((iso: string): string => {
  const t = london(iso);
  return `${t.toFormat('d LLLL yyyy')} at ${clock(t)}`;
});

/** "3 December 2026" from YYYY-MM-DD or an instant */
export const dateWords = memoize((iso: string): string =>
  london(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toFormat('d LLLL yyyy'),
);
