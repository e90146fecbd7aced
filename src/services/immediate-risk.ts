/**
 * What a person reading about a child at immediate risk should do, in words for them: call 999
 * if the child is in immediate danger; make the referral to the Hub / MASH if the policy says
 * someone in their role makes it, else make sure one who does makes it now; tell those the policy
 * says to inform, leaving out their own role (a DSL is not told to tell their DSL). The Hub's
 * phone is the partnership's, from the directory (migration 021), else the policy's contact.
 */
import type { Policy, Role } from '../domain/policy/schema.js';
import type { Db } from '../store/database.js';
import { ROLE_LABELS } from '../words.js';

export interface RiskGuidance {
  /** the service the policy says to refer to, e.g. "MASH (Multi-Agency Safeguarding Hub)" */
  service: string;
  /** the phone to make the referral on, when one is known */
  phone: string | null;
  /** the reader's role is one the policy says makes the referral */
  makesReferral: boolean;
  /** the reader works for the partnership (team, chair, panel), not an agency in the case */
  forPartnership: boolean;
  /** those who make it, in words: "manager or designated safeguarding lead" */
  referralBy: string;
  /** whom the reader tells, not counting their own role */
  tell: string[];
  /** the roles at the raising agency Escalate e-mails when the risk is recorded */
  emailed: string[];
  /** the policy lets a case with a child at immediate risk start at a later stage (003) */
  startAtLaterStage: boolean;
  /** the policy's own words */
  instruction: string;
}

const label = (role: string) => ROLE_LABELS[role] ?? role;

const PARTNERSHIP_ROLES = new Set<Role>([
  'partnership-team',
  'chair',
  'panel-member',
  'administrator',
]);

function either(words: string[]): string {
  // Stryker disable next-line StringLiteral: equivalent, because joining one word or none uses no separator
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** The guidance for a reader in `role` under `policy`; `hubPhone` is the directory's. */
export function riskGuidance(policy: Policy, role: Role, hubPhone: string | null): RiskGuidance {
  const rule = policy.immediateRisk;
  const emailed = policy.notifications
    .filter((n) => n.on === 'immediate-risk')
    .flatMap((n) => n.to)
    .flatMap((to) => (to.kind === 'role' && to.side !== 'other' ? [to.role] : []));
  const forPartnership = PARTNERSHIP_ROLES.has(role);
  return {
    forPartnership,
    service: rule.referral.service,
    phone: hubPhone ?? rule.referral.contact?.phone ?? policy.contacts.hub?.phone ?? null,
    makesReferral: !forPartnership && rule.referral.by.includes(role),
    referralBy: either(rule.referral.by.map(label)),
    tell: forPartnership
      ? []
      : [...new Set(rule.inform.map((i) => i.role))].filter((r) => r !== role).map(label),
    emailed: [...new Set(emailed)].filter((r) => r !== role).map(label),
    startAtLaterStage: rule.startAt !== undefined,
    instruction: rule.instruction,
  };
}

/** The partnership's Hub / MASH phone from the directory, if it has one. */
export async function hubPhoneOf(db: Db, partnershipId: string): Promise<string | null> {
  const row = await db
    .selectFrom('partnerships')
    .select('hub_phone')
    .where('id', '=', partnershipId)
    .executeTakeFirst();
  return row?.hub_phone ?? null;
}
