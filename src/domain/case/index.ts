export { ACTIONS, type ActionType, availableActions } from './actions.js';
export * from './commands.js';
export type { Actor, DecideContext, DecideResult } from './context.js';
export { decide } from './decide.js';
export type { DomainError } from './errors.js';
export * from './events.js';
export { formatDue, type NextStep, nextStep } from './next-step.js';
export { type NotificationIntent, notificationsDue } from './notifications.js';
export {
  CONSULTATION_KEY,
  CONSULTATION_STAGE,
  finalStageNumber,
  stageNumberOf,
} from './stages.js';
export * from './state.js';
