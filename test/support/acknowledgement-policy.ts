/**
 * The Bromley partnership's policy as its version 4, with the rule a partnership would write for
 * "the agency receiving the escalation acknowledges it within 1 working day" on its first stage
 * (issue 18, item 7), and the raiser told when it is given. For tests that add it through the API.
 */
import { readFileSync } from 'node:fs';

const bromley = readFileSync('policies/bromley-partnership.yaml', 'utf8');

export const bromleyWithAcknowledgement = bromley
  .replace(/^version: 3$/m, 'version: 4')
  .replace(/^title: (.*)$/m, 'title: $1 (version 4)')
  .replace(
    /(\n {4}timescale:\n {6}workingDays: 1\n {6}source: 002_bc950ad84b2976ce.txt 3 \(table, Stage 1\)\n)/,
    `$1    acknowledgement:
      by: other-side
      within: { workingDays: 1 }
      promptWhenOverdue: true
      description: The agency receiving the escalation acknowledges it within 1 working day.
      source: example-procedure.txt 3.2
`,
  )
  .replace(
    /^notifications:\n/m,
    `notifications:
  - key: acknowledgement-told
    on: acknowledged
    to:
      - { kind: raiser }
      - { kind: holders, side: raising }
    purpose: The agency that raised the disagreement knows the other agency has received it.
    source: example-procedure.txt 3.2
`,
  );

if (!bromleyWithAcknowledgement.includes('acknowledgement:\n      by: other-side')) {
  throw new Error('policies/bromley-partnership.yaml changed: the acknowledgement was not added');
}
