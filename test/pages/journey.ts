import type { Agent } from './agent.js';

/** Answers every question page, up to Check your answers (checked for escaping). */
export async function answerQuestions(a: Agent, agencyId: string): Promise<void> {
  const steps: [string, Record<string, string | string[]>][] = [
    ['/cases/new/consultation', {}],
    [
      '/cases/new/child/1',
      { name: 'A.B.', 'dob-day': '4', 'dob-month': '5', 'dob-year': '2022', flags: 'childInNeed' },
    ],
    ['/cases/new/children', { addAnother: 'no' }],
    ['/cases/new/agencies', { agencies: agencyId }],
    ['/cases/new/category', { category: 'need-for-action' }],
    ['/cases/new/disagreement', { answer: 'Closed without a visit <script>alert(1)</script>' }],
    ['/cases/new/evidence', { nature: 'Bruising seen twice', source: 'Key worker, incident log' }],
    ['/cases/new/actions-to-date', { answer: 'Phoned the duty social worker on Monday.' }],
    ['/cases/new/outcome', { answer: 'A home visit this week.' }],
    // no child at immediate risk: no instruction, and no deadline question (the policy's apply)
    ['/cases/new/immediate-risk', { immediateRisk: 'no' }],
  ];
  for (const [url, form] of steps) {
    const page = await a.get(url);
    // a policy without a consultation step starts at the child
    if (url === '/cases/new/consultation' && page.location === '/cases/new/child/1') continue;
    if (page.status !== 200) throw new Error(`${url} answered ${page.status} ${page.location}`);
    const answer = await a.post(url, form);
    if (answer.status !== 303) throw new Error(`${url} refused: ${answer.status} ${answer.body}`);
  }
  const check = await a.get('/cases/new/check');
  if (check.body.includes('<script>alert(1)')) throw new Error('an answer was not escaped');
  if (!check.body.includes('&#60;script&#62;alert(1)')) throw new Error('an answer is missing');
}

/** Raises a disagreement through every question page; answers the case id. */
export async function raiseThroughPages(a: Agent, agencyId: string): Promise<string> {
  await answerQuestions(a, agencyId);
  let raised = await a.post('/cases/new/check');
  // an open disagreement about the same child with the same agencies: warned, and raised anyway
  if (raised.location === '/cases/new/possible-duplicate') {
    await a.get(raised.location);
    raised = await a.post(raised.location);
  }
  const id = /^\/cases\/([0-9a-f-]+)\/raised$/.exec(raised.location ?? '')?.[1];
  if (!id) throw new Error(`raise failed: ${raised.status} ${raised.body}`);
  return id;
}
