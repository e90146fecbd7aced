import type { Agent } from './agent.js';

/** Raises a disagreement through every question page; answers the case id. */
export async function raiseThroughPages(a: Agent, agencyId: string): Promise<string> {
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
    ['/cases/new/immediate-risk', { immediateRisk: 'no' }],
    ['/cases/new/deadline', {}],
  ];
  for (const [url, form] of steps) {
    const page = await a.get(url);
    if (page.status !== 200) throw new Error(`${url} answered ${page.status} ${page.location}`);
    const answer = await a.post(url, form);
    if (answer.status !== 303) throw new Error(`${url} refused: ${answer.status} ${answer.body}`);
  }
  const check = await a.get('/cases/new/check');
  if (check.body.includes('<script>alert(1)')) throw new Error('an answer was not escaped');
  if (!check.body.includes('&#60;script&#62;alert(1)')) throw new Error('an answer is missing');
  const raised = await a.post('/cases/new/check');
  const id = /^\/cases\/([0-9a-f-]+)\/raised$/.exec(raised.location ?? '')?.[1];
  if (!id) throw new Error(`raise failed: ${raised.status} ${raised.body}`);
  return id;
}
