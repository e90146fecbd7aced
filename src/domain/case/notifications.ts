/**
 * Which notifications the policy demands for new events. Pure: the service queues the
 * intents in its outbox, in the same transaction as the events, keyed by `key`.
 *
 * Once-only rules (documented in the README's design section):
 * - `case-raised`, `immediate-risk`, `referred-to-chair`, `panel-convened` fire once per case.
 * - `stage-entered` fires once per stage of a case, whether the case entered the stage or
 *   passed over it (start-at-stage): the people the policy involves at a stage should know
 *   even when a child's risk took the case past it. Reopening re-enters a stage without a
 *   stage-entered event, and the state remembers every stage reached, so a rule never fires
 *   twice for the same stage. The consultation step (stage 0) is not a policy stage and does
 *   not fire `stage-entered`.
 * - `action-recorded`, `outcome`, `decision-recorded` and `acknowledged` fire for each such event, keyed by
 *   the event's sequence number in the case (a reopened case can be resolved again).
 * A rule with `childFlags` fires only when a child in the case (at the time of the event)
 * has one of those flags.
 */
import type { NotificationRule, NotificationTrigger, Policy, Recipient } from '../policy/schema.js';
import type { CaseEvent } from './events.js';
import { apply, type CaseState } from './state.js';

export interface NotificationIntent {
  ruleKey: string;
  trigger: NotificationTrigger;
  recipient: Recipient;
  /** the index, in the `events` given, of the event that demands it */
  eventIndex: number;
  /** for stage-entered: the stage entered or passed over (it may not be the case's stage now) */
  stageNumber?: number;
  /** deterministic: the same demand always has the same key, so it is never queued twice */
  key: string;
}

/** A firing: a trigger and the key part that makes it unique within the case. */
interface Firing {
  trigger: NotificationTrigger;
  occasion: string;
  /** for stage-entered: the stage's key and number */
  stageKey?: string;
  stageNumber?: number;
}

function recipientKey(recipient: Recipient): string {
  switch (recipient.kind) {
    case 'role':
      return `role-${recipient.role}-${recipient.side}`;
    case 'board-member':
      return `board-member-${recipient.side}`;
    default:
      return recipient.kind;
  }
}

function firingsOf(before: CaseState | undefined, event: CaseEvent, after: CaseState): Firing[] {
  const seq = after.version - 1;
  const firings: Firing[] = [{ trigger: 'action-recorded', occasion: `event-${seq}` }];
  const newRisk = after.immediateRisk && !before?.immediateRisk;
  if (newRisk) firings.push({ trigger: 'immediate-risk', occasion: 'immediate-risk' });
  switch (event.type) {
    case 'raised':
      firings.push({ trigger: 'case-raised', occasion: 'case-raised' });
      break;
    case 'stage-entered': {
      // Stryker disable next-line OptionalChaining,ArrayDeclaration: equivalent, because a stage is entered only after the raised event, so `before` is always a case here
      const reached = before?.stagesReached ?? [];
      // the stage entered first: where one person is told once per command (the holders), they
      // hear of the stage they now hold, with its due time, not of a stage passed over on the way
      for (const stage of [event, ...event.skippedStages]) {
        if (stage.number === 0 || reached.includes(stage.number)) continue;
        firings.push({
          trigger: 'stage-entered',
          occasion: `stage-${stage.number}`,
          stageKey: stage.key,
          stageNumber: stage.number,
        });
      }
      break;
    }
    case 'referred-to-chair':
      // Stryker disable next-line OptionalChaining: equivalent, because a case's first event is always raised, so `before` is always a case here
      if (!before?.referredToChair) {
        firings.push({ trigger: 'referred-to-chair', occasion: 'referred-to-chair' });
      }
      break;
    case 'panel-convened':
      // Stryker disable next-line OptionalChaining: equivalent, because a case's first event is always raised, so `before` is always a case here
      if (!before?.panel) firings.push({ trigger: 'panel-convened', occasion: 'panel-convened' });
      break;
    case 'acknowledged':
      firings.push({ trigger: 'acknowledged', occasion: `event-${seq}` });
      break;
    case 'panel-decision-proposed':
      firings.push({ trigger: 'panel-decision-proposed', occasion: `event-${seq}` });
      break;
    case 'decision-made':
      firings.push({ trigger: 'decision-recorded', occasion: `event-${seq}` });
      firings.push({ trigger: 'outcome', occasion: `event-${seq}` });
      break;
    case 'resolved':
    case 'withdrawn':
      firings.push({ trigger: 'outcome', occasion: `event-${seq}` });
      break;
  }
  return firings;
}

function ruleApplies(rule: NotificationRule, firing: Firing, state: CaseState): boolean {
  if (rule.on !== firing.trigger) return false;
  // a rule naming stages: only a stage entered among them (other firings have no stage key)
  const stages: readonly (string | undefined)[] | undefined = rule.stages;
  if (stages && !stages.includes(firing.stageKey)) return false;
  if (rule.childFlags) {
    const flags = rule.childFlags;
    return state.children.some((child) => flags.some((flag) => child[flag]));
  }
  return true;
}

export function notificationsDue(
  before: CaseState | undefined,
  events: readonly CaseEvent[],
  policy: Policy,
): NotificationIntent[] {
  const intents: NotificationIntent[] = [];
  const keys = new Set<string>();
  let state = before;
  events.forEach((event, eventIndex) => {
    const after = apply(state, event);
    for (const firing of firingsOf(state, event, after)) {
      for (const rule of policy.notifications) {
        if (!ruleApplies(rule, firing, after)) continue;
        for (const recipient of rule.to) {
          const key = `${rule.key}:${firing.occasion}:${recipientKey(recipient)}`;
          if (keys.has(key)) continue;
          keys.add(key);
          intents.push({
            ruleKey: rule.key,
            trigger: firing.trigger,
            recipient,
            eventIndex,
            key,
            ...(firing.stageNumber !== undefined ? { stageNumber: firing.stageNumber } : {}),
          });
        }
      }
    }
    state = after;
  });
  return intents;
}
