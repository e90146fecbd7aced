/**
 * Partnership oversight over the generated history (test/support/history.ts): the dashboard
 * page and who may see it, charts equal to their tables, CSV downloads, the case record PDF
 * (page and `escalate record`) and the board report, with the PDFs' text extracted and read.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../src/reports/csv.js';
import { ReportQuery } from '../src/reports/query.js';
import { dashboard } from '../src/services/oversight.js';
import { actorById, type PersonSummary } from '../src/services/people.js';
import { Agent, givePasswords } from './pages/agent.js';
import { createTestApp, type TestApp } from './support/app.js';
import { AGENCY, generateHistory, NOW, PLANS } from './support/history.js';
import { escalate } from './support/process.js';

let t: TestApp;
const agents = new Map<string, Agent>();

async function as(person: PersonSummary): Promise<Agent> {
  let agent = agents.get(person.id);
  if (!agent) {
    agent = new Agent(t.app);
    await agent.signIn(person);
    agents.set(person.id, agent);
  }
  return agent;
}

async function download(person: PersonSummary, url: string) {
  const agent = await as(person);
  const response = await t.app.inject({
    method: 'GET',
    url,
    headers: agent.cookie ? { cookie: agent.cookie } : {},
  });
  return response;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

function partnershipPerson(role: string, partnershipOf: string): PersonSummary {
  const partnership = t.person('frontline', partnershipOf).partnership;
  const found = t.people.find((p) => p.role === role && p.partnership === partnership);
  if (!found) throw new Error(`no ${role} in ${partnership}`);
  return found;
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  await givePasswords(t.store, t.people);
  await generateHistory(t);
}, 180_000);
afterAll(async () => t.close());

describe('the partnership dashboard', () => {
  it('answers "how many reached stage 3 last quarter, between which agencies, how many late"', async () => {
    const team = partnershipPerson('partnership-team', AGENCY.school);
    const page = await (await as(team)).get('/partnership?period=last-quarter&stage=3');
    expect(page.status).toBe(200);
    expect(page.body).toContain('1 July 2026 to 30 September 2026');
    // stage 3 row of the stages table: reached 6, ended 5, late 2 (worked out in dashboard-figures)
    expect(page.body).toMatch(
      /3\. Senior manager to senior manager\s*<\/th>\s*<td[^>]*>6<\/td>\s*<td[^>]*>5<\/td>\s*<td[^>]*>2<\/td>/,
    );
    expect(page.body).toContain('Agencies in dispute');
    expect(page.headers['cache-control']).toBe('no-store');
    // every chart is an SVG image with a text alternative, and the page has no script of its own
    const svgs = page.body.match(/<svg role="img" focusable="false" aria-label="[^"]+"/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(5);
  });

  it('is refused (404) to every other role, and shows another partnership only its own cases', async () => {
    // every other role in the partnership: at an agency, or partnership-wide
    const bromley = t.person('frontline', AGENCY.school).partnership;
    const roles = [
      'frontline',
      'manager',
      'dsl',
      'senior-manager',
      'director',
      'named-professional',
      'panel-member',
      'administrator',
    ];
    for (const role of roles) {
      const person = t.people.find((p) => p.role === role && p.partnership === bromley);
      if (!person) throw new Error(`the demo has no ${role} in ${bromley}`);
      const agent = await as(person);
      for (const url of [
        '/partnership',
        '/partnership/tables/stages.csv',
        '/partnership/cases.csv',
        '/partnership/report',
        '/partnership/report.pdf',
      ]) {
        const answer = await agent.get(url);
        expect(answer.status, `${role} ${url}`).toBe(404);
        expect(answer.body).not.toContain('At a glance');
        expect(answer.body).not.toContain('Fictional child');
      }
    }
    const signedOut = await t.app.inject({ method: 'GET', url: '/partnership' });
    expect(signedOut.statusCode).toBe(303);
    const torbay = partnershipPerson('partnership-team', 'Bayview Academy');
    const theirs = await (await as(torbay)).get('/partnership?period=last-quarter');
    expect(theirs.status).toBe(200);
    expect(theirs.body).not.toContain('Hillcrest Primary School');
    const chair = partnershipPerson('chair', AGENCY.school);
    expect((await (await as(chair)).get('/partnership')).status).toBe(200);
  });

  it('draws each chart from its table: the same rows, one bar per row, read out in its text', async () => {
    const team = partnershipPerson('partnership-team', AGENCY.school);
    const actor = await actorById(t.store.db, team.id);
    if (!actor) throw new Error('no actor');
    const shown = await dashboard(
      { db: t.store.db, now: () => NOW },
      actor,
      ReportQuery.parse({ period: 'last-quarter' }),
    );
    expect(shown.charts.length).toBeGreaterThanOrEqual(6);
    for (const chart of shown.charts) {
      const table = shown.tables.find((x) => x.key === chart.table);
      if (!table) throw new Error(chart.table);
      const rows = chart.values.map((v) => table.columns.map((_, i) => v[`c${i}`]));
      for (const row of rows) expect(table.rows).toContainEqual(row);
      for (const row of rows) expect(chart.description).toContain(String(row[0]));
    }
    for (const key of ['open-by-stage', 'categories', 'outcomes']) {
      const chart = shown.charts.find((c) => c.key === key);
      const table = shown.tables.find((x) => x.key === key);
      if (!chart || !table) throw new Error(key);
      const marks = /class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(chart.svg)?.[1] ?? '';
      expect((marks.match(/<path /g) ?? []).length, key).toBe(table.rows.length);
      for (const row of table.rows) expect(chart.description).toContain(`${row[0]}: `);
    }
  });

  it('refuses hostile filters with a clear message, and never reflects them unescaped', async () => {
    const agent = await as(partnershipPerson('partnership-team', AGENCY.school));
    const payloads = [
      '<script>alert(1)</script>',
      "' OR '1'='1",
      '"><img src=x onerror=alert(1)>',
      'x'.repeat(5000),
      '\u202eevil',
    ];
    for (const name of ['period', 'agency', 'sector', 'category', 'stage', 'from-day']) {
      for (const payload of payloads) {
        const answer = await agent.get(`/partnership?${name}=${encodeURIComponent(payload)}`);
        expect([400, 414], `${name}=${payload.slice(0, 20)}`).toContain(answer.status);
        expect(answer.body).not.toContain('<script>alert(1)</script>');
        expect(answer.body).not.toContain('<img src=x');
      }
    }
    const csv = await agent.get(
      `/partnership/tables/stages.csv?category=${encodeURIComponent("' OR 1=1 --")}`,
    );
    expect(csv.status).toBe(400);
    const nul = await agent.get('/partnership?period=last-quarter%00');
    expect([400, 404]).toContain(nul.status);
  });

  it('shows a clear error and no figures for filters it cannot use', async () => {
    const agent = await as(partnershipPerson('partnership-team', AGENCY.school));
    const custom = await agent.get(
      '/partnership?period=custom&from-day=31&from-month=2&from-year=2026',
    );
    expect(custom.status).toBe(400);
    expect(custom.body).toContain('govuk-error-summary');
    expect(custom.body).toContain('The first day must be a real date');
    expect(custom.body).toContain('Enter the last day of the period');
    expect(custom.body).not.toContain('At a glance');
    const reversed = await agent.get(
      '/partnership?period=custom&from-day=1&from-month=9&from-year=2026&to-day=1&to-month=7&to-year=2026',
    );
    expect(reversed.body).toContain('The last day must be the same as or after the first day');
    const bogus = await agent.get('/partnership?period=forever&stage=x');
    expect(bogus.status).toBe(400);
    expect(bogus.body).toContain('Choose a period from the list');
    expect(bogus.body).toContain('Choose a stage from the list');
    const ok = await agent.get(
      '/partnership?period=custom&from-day=1&from-month=7&from-year=2026&to-day=30&to-month=9&to-year=2026',
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('1 July 2026 to 30 September 2026');
  });
});

describe('the figures API', () => {
  it('answers the partnership team with the figures and tables, and nobody else', async () => {
    const team = partnershipPerson('partnership-team', AGENCY.school);
    const answer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/partnership/figures?period=last-quarter&stage=3',
      headers: { authorization: `Bearer ${await t.token(team)}` },
    });
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.figures.period.label).toBe('1 July 2026 to 30 September 2026');
    expect(body.tables.find((x: { key: string }) => x.key === 'stages').rows[2]).toEqual([
      '3. Senior manager to senior manager',
      6,
      5,
      2,
      0.8,
      0.1,
      14,
    ]);
    const worker = t.person('frontline', AGENCY.school);
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/partnership/figures',
      headers: { authorization: `Bearer ${await t.token(worker)}` },
    });
    expect(refused.statusCode).toBe(404);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/partnership/figures?period=custom&from=2026-02-31',
      headers: { authorization: `Bearer ${await t.token(team)}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a real date');
    const openapi = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(
      openapi
        .json()
        .paths['/api/v1/partnership/figures'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(['period', 'from', 'to', 'agency', 'sector', 'category', 'stage']);
  });
});

describe('CSV downloads', () => {
  it('gives each table as CSV, equal to the table on the page', async () => {
    const team = partnershipPerson('partnership-team', AGENCY.school);
    const answer = await download(team, '/partnership/tables/stages.csv?period=last-quarter');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('text/csv');
    const lines = answer.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Stage,Reached,Ended,Late,Within timescale (%),Median,90th percentile');
    expect(lines[3]).toMatch(/^3\. Senior manager to senior manager,6,5,2,80,/);
  });

  it("leaves children's details out unless the partnership team asks, and logs each case then", async () => {
    const team = partnershipPerson('partnership-team', AGENCY.school);
    const plain = await download(team, '/partnership/cases.csv?period=last-12-months');
    expect(plain.statusCode).toBe(200);
    const rows = plain.body.trim().split('\r\n');
    expect(rows).toHaveLength(1 + PLANS.length);
    expect(plain.body).not.toContain('Fictional child');
    expect(rows[0]).not.toContain('Children');

    const before = await t.store.db
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'export')
      .executeTakeFirstOrThrow();
    const withChildren = await download(team, '/partnership/cases.csv?children=include');
    expect(withChildren.statusCode).toBe(200);
    expect(withChildren.body).toContain('Fictional child');
    const after = await t.store.db
      .selectFrom('access_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'export')
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(PLANS.length);

    const chair = partnershipPerson('chair', AGENCY.school);
    const refused = await download(chair, '/partnership/cases.csv?children=include');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only the partnership team can download children');
  });

  it('gives a case system the same CSVs through the API, to the same people (issue 25)', async () => {
    const team = partnershipPerson('partnership-team', AGENCY.school);
    const api = async (person: PersonSummary, url: string) =>
      t.app.inject({ url, headers: { authorization: `Bearer ${await t.token(person)}` } });
    for (const [page, path] of [
      ['/partnership/cases.csv?period=last-12-months', '/api/v1/partnership/cases.csv'],
      [
        '/partnership/tables/stages.csv?period=last-12-months',
        '/api/v1/partnership/tables/stages.csv',
      ],
    ] as const) {
      const fromPage = await download(team, page);
      const fromApi = await api(team, `${path}?period=last-12-months`);
      expect(fromApi.statusCode, path).toBe(200);
      expect(fromApi.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(fromApi.headers['content-disposition']).toBe(fromPage.headers['content-disposition']);
      expect(fromApi.body, path).toBe(fromPage.body);
    }
    const exports = () =>
      t.store.db
        .selectFrom('access_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'export')
        .where('via', '=', 'api')
        .executeTakeFirstOrThrow();
    const before = await exports();
    const withChildren = await api(team, '/api/v1/partnership/cases.csv?children=include');
    expect(withChildren.body).toContain('Fictional child');
    expect(Number((await exports()).n) - Number(before.n)).toBe(PLANS.length);

    const chair = partnershipPerson('chair', AGENCY.school);
    const refused = await api(chair, '/api/v1/partnership/cases.csv?children=include');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain('Only the partnership team can download children');
    const frontline = t.person('frontline', AGENCY.school);
    for (const path of ['/api/v1/partnership/cases.csv', '/api/v1/partnership/tables/stages.csv']) {
      expect((await api(frontline, path)).statusCode, path).toBe(404);
    }
    expect((await api(team, '/api/v1/partnership/tables/nothing.csv')).statusCode).toBe(404);
  });

  it('defuses cells a spreadsheet would run as formulas', async () => {
    const csv = await toCsv(
      ['Agency'],
      [['=HYPERLINK("http://x")'], ['+1'], ['-2'], ['@SUM(A1)'], ['Plain'], [3]],
    );
    expect(csv.split('\r\n').slice(1, 7)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      "'+1",
      "'-2",
      "'@SUM(A1)",
      'Plain',
      '3',
    ]);
  });
});

describe("the case record for the child's file", () => {
  async function aCase() {
    const row = await t.store.db
      .selectFrom('cases')
      .select(['id', 'reference', 'raised_by_id'])
      .where('outcome', '=', 'chair-decision')
      .orderBy('raised_at')
      .executeTakeFirstOrThrow();
    return row;
  }

  it('prints as a PDF shaped like an escalation form, with every stage, who was told and the chain check', async () => {
    const kase = await aCase();
    const raiser = t.people.find((p) => p.id === kase.raised_by_id) as PersonSummary;
    const answer = await download(raiser, `/cases/${kase.id}/record.pdf`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(answer.rawPayload);
    for (const expected of [
      'Professional disagreement (escalation) record',
      kase.reference,
      'OFFICIAL-SENSITIVE',
      'Part A: the disagreement',
      'The plan for the child is not being followed.',
      'Fictional child',
      'Stage 1: Professional to professional',
      'Stage 2: Manager to manager',
      'Stage 5: Resolution by the BSCP Chair',
      'Referred to the chair',
      'Decision recorded',
      'Part C: who was told',
      'verified when this copy was printed',
    ]) {
      expect(text).toContain(expected);
    }
    const logged = await t.store.db
      .selectFrom('access_log')
      .select('person_id')
      .where('case_id', '=', kase.id)
      .where('action', '=', 'print')
      .execute();
    expect(logged.map((l) => l.person_id)).toContain(raiser.id);
  });

  it('is a 404 to someone who may not see the case', async () => {
    const kase = await aCase();
    const stranger = t.person('frontline', 'Bayview Academy');
    const answer = await download(stranger, `/cases/${kase.id}/record.pdf`);
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toContain('text/html');
  });

  it('prints from the command line: escalate record CASE --pdf FILE', async () => {
    const kase = await aCase();
    const file = join(mkdtempSync(join(tmpdir(), 'escalate-record-')), 'record.pdf');
    const env = { DATABASE_URL: t.database.url };
    const done = await escalate(['record', kase.reference, '--pdf', file], env);
    expect(done.code, done.stderr).toBe(0);
    const text = await pdfText(readFileSync(file));
    expect(text).toContain(kase.reference);
    expect(text).toContain('An operator, from the command line');
    const missing = await escalate(['record', 'ESC-NOPE', '--pdf', file], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no case ESC-NOPE.');
    const stranger = t.person('frontline', 'Bayview Academy');
    const refused = await escalate(
      ['record', kase.reference, '--pdf', file, '--as', stranger.email],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('may not see case');
  });
});

describe('the board report', () => {
  it('is written from the command line for a partnership and period', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'escalate-report-')), 'report.pdf');
    const env = { DATABASE_URL: t.database.url };
    const partnership = t.person('frontline', AGENCY.school).partnership;
    const custom = await escalate(
      [
        'report',
        '--partnership',
        partnership,
        '--period',
        'custom',
        '--from',
        '2026-07-01',
        '--to',
        '2026-09-30',
        '--pdf',
        file,
      ],
      env,
    );
    expect(custom.code, custom.stderr).toBe(0);
    const text = await pdfText(readFileSync(file));
    expect(text).toContain('Escalations report: 1 July 2026 to 30 September 2026');
    expect(text).toContain('Threshold guidance for health visitors is to be refreshed.');
    const wrong = await escalate(['report', '--partnership', 'nope', '--pdf', file], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('There is no partnership nope.');
    const badPeriod = await escalate(
      ['report', '--partnership', partnership, '--period', 'custom', '--pdf', file],
      env,
    );
    expect(badPeriod.code).toBe(1);
    expect(badPeriod.stderr).toContain('Enter the first day of the period');
  });

  it('gives the figures, themes and learning for a quarter, as HTML and as PDF', async () => {
    const team = partnershipPerson('partnership-team', AGENCY.school);
    const html = await (await as(team)).get('/partnership/report?period=last-quarter');
    expect(html.status).toBe(200);
    expect(html.body).toContain('Escalations report: 1 July 2026 to 30 September 2026');
    expect(html.body).toContain(
      '14 disagreements raised, 2 cases of them with a child at immediate risk.',
    );
    expect(html.body).toContain('Levels of need was the commonest cause of disagreement');
    expect(html.body).toContain('Strategy discussions need the police there from the start.');
    expect(html.body).toContain('Threshold guidance for health visitors is to be refreshed.');

    const pdf = await download(team, '/partnership/report.pdf?period=last-quarter');
    expect(pdf.statusCode).toBe(200);
    const text = await pdfText(pdf.rawPayload);
    for (const expected of [
      'Escalations report: 1 July 2026 to 30 September 2026',
      'Themes',
      'Timeliness and time at each stage',
      'Learning for the partnership',
      'Threshold guidance for health visitors is to be refreshed.',
      'OFFICIAL-SENSITIVE',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
