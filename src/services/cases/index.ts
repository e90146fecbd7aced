/**
 * The case use cases, one file each: raise.ts (raising a disagreement), run-command.ts
 * (escalating, recording, resolving: every command after raising), read.ts (reading a case,
 * and opening it for a person with what they may do). context.ts makes the engine's context
 * for all three; errors.ts holds what they refuse with.
 */
export { caseContext } from './context.js';
export { CaseNotFound, CommandRefused, InvalidRequest, VersionConflict } from './errors.js';
export type { FoldedCase } from './folded-cases.js';
export { raiseCase } from './raise.js';
export { type OpenCase, openCase, readCase } from './read.js';
export { runCommand } from './run-command.js';
export type { CaseServiceDeps, CaseView, Via } from './view.js';
