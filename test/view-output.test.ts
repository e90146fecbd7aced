/**
 * Issue 20: what makes pages render faster must change no byte of any page. Every page rendered
 * while people on both sides of a disagreement, their managers, the partnership team and the chair
 * use it (the case page, each action form they are offered, their case lists, the dashboard, the
 * access log, an error page) is rendered again with stock Nunjucks (`speedUps: false` in
 * src/web/plugins/views.ts), from the same data, and the two must be the same text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../src/web/plugins/views.js';
import { givePasswords, signedInAgents } from './pages/agent.js';
import { createTestApp, type TestApp } from './support/app.js';
import { raiseBody } from './support/sides.js';

let t: TestApp;
const as = signedInAgents(() => t.app);
const rendered: { template: string; context: Record<string, unknown>; html: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  await givePasswords(t.store, t.people);
  const env = t.app.views;
  const render = env.render.bind(env);
  // every page the app renders from here on, with the data it was rendered from
  (env as { render: (template: string, context: Record<string, unknown>) => string }).render = (
    template,
    context,
  ) => {
    const html = render(template, context);
    rendered.push({ template, context: structuredClone(context), html });
    return html;
  };
});
afterAll(async () => t.close());

describe('pages rendered with the speed-ups are byte for byte what stock Nunjucks renders', () => {
  it('for every page each person meets on a case, as each side, manager, the team and the chair', async () => {
    const teacher = t.person('frontline', 'Hillcrest Primary School');
    const csc = t.people.find(
      (p) => p.agency?.sector === 'childrens-social-care' && p.partnership === 'bscp',
    );
    const raised = await t.api(teacher, 'POST', '/api/v1/cases', {
      ...raiseBody(csc?.agency?.id as string, 'Child E (fictional)'),
      immediateRisk: false,
    });
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    const holders: { raising: string[]; other: string[] } = raised.body.stage.holders;
    const byId = (personId: string) => t.people.find((p) => p.id === personId);
    const people = [
      teacher,
      byId(holders.other[0] as string),
      t.person('manager', 'Hillcrest Primary School'),
      t.people.find((p) => p.role === 'partnership-team' && p.partnership === 'bscp'),
      t.people.find((p) => p.role === 'chair' && p.partnership === 'bscp'),
    ];
    for (const person of people) {
      if (!person) throw new Error('the demo lacks one of the people');
      const agent = await as(person);
      const page = await agent.get(`/cases/${id}`);
      expect(page.status, person.name).toBe(200);
      // every action form the case page offers this person
      for (const [, href] of page.body.matchAll(/href="(\/cases\/[^/"]+\/[a-z-]+)"/g)) {
        if (href && !href.endsWith('.pdf')) await agent.get(href);
      }
      for (const url of ['/cases', '/cases/team', '/cases/all', '/partnership', '/account']) {
        await agent.get(url);
      }
      await agent.get('/cases/00000000-0000-4000-8000-000000000000');
    }
    const stock = createViewEnvironment(
      { production: true, serviceName: String(t.app.views.getGlobal('serviceName')) },
      undefined,
      { speedUps: false },
    ).env;
    const templates = new Set(rendered.map((r) => r.template));
    expect(templates.size).toBeGreaterThanOrEqual(8);
    for (const { template, context, html } of rendered) {
      expect(stock.render(template, context), template).toBe(html);
    }
  });
});
