/**
 * Test support for the policy checks and warnings: the five-stage test policy with one change,
 * checked. Used by this folder's tests.
 */
import { fiveStagePolicy } from '../case/testing.js';
import { checkPolicy, type PolicyIssue } from './checks.js';
import { Policy, type PolicyInput } from './schema.js';
import { policyWarnings } from './warnings.js';

export type StageInput = PolicyInput['stages'][number];

/** The five-stage policy (professional, manager, senior-manager, director, chair) as input. */
export function fiveStageInput(): PolicyInput {
  return structuredClone(fiveStagePolicy) as PolicyInput;
}

/** Stage `index` of a policy being written, to change. */
export function stageOf(input: PolicyInput, index: number): StageInput {
  const stage = input.stages[index];
  if (!stage) throw new Error(`no stage ${index}`);
  return stage;
}

/** The five-stage policy with `change` made to it, parsed: the schema must accept it. */
export function changedPolicy(change: (input: PolicyInput) => void): Policy {
  const input = fiveStageInput();
  change(input);
  return Policy.parse(input);
}

/** The semantic problems of the five-stage policy with `change` made to it. */
export function issuesAfter(change: (input: PolicyInput) => void): PolicyIssue[] {
  return checkPolicy(changedPolicy(change));
}

/** The warnings on the five-stage policy with `change` made to it. */
export function warningsAfter(change: (input: PolicyInput) => void): PolicyIssue[] {
  return policyWarnings(changedPolicy(change));
}
