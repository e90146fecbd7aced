/**
 * The Bromley partnership's policy as its version 4, with the rule a partnership would write for
 * "an action plan is agreed, with who does what by when, before the disagreement is closed; each
 * agency is reminded the working day before its action is due" (issue 18, item 8). For tests that
 * add it through the API.
 */
import { readFileSync } from 'node:fs';

const bromley = readFileSync('policies/bromley-partnership.yaml', 'utf8');

export const bromleyWithActionPlan = bromley
  .replace(/^version: 3$/m, 'version: 4')
  .replace(/^title: (.*)$/m, 'title: $1 (version 4)')
  .replace(
    /^recording:\n/m,
    `actionPlan:
  atResolution: required
  reminderBefore: { workingDays: 1 }
  promptWhenOverdue: true
  description: Agree who does what by when, and check each action is done.
  source: example-procedure.txt 5.3
recording:
`,
  );

if (!bromleyWithActionPlan.includes('actionPlan:\n  atResolution: required')) {
  throw new Error('policies/bromley-partnership.yaml changed: the action plan was not added');
}
