/**
 * Both sides of one disagreement in Chromium, through every stage of the Bromley partnership
 * policy (seed 002): a Hillcrest Primary School worker raises it with Bromley Children's Social
 * Care for a child on a Child Protection Plan whose CP Chair's address they do not know, and
 * each person signs in in turn. At each step: who was e-mailed (the outbox delivered to a real
 * SMTP receiver on loopback), what each person's case page offers, and that what a person may
 * not do is refused (no form; a forged POST answers the reason and changes nothing). axe runs
 * on every page visited; the README's "Both sides" screenshots are saved on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/notify/outbox.js';
import { messageIdFor, smtpTransport, type Transport } from '../../src/notify/transports.js';
import type { PersonSummary } from '../../src/services/people.js';
import { ROLE_LABELS } from '../../src/words.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { type Receiver, startReceiver } from '../support/smtp-receiver.js';
import { launchBrowser, listenOnLoopback, screenshot, seen, skipBrowser } from './browser.js';
import { signedInPage } from './sign-in.js';

const SCHOOL = 'Hillcrest Primary School';
const CSC = "Bromley Children's Social Care (demo)";
const BUSINESS_UNIT = 'business-unit@bscp-demo.example';
/** the CP Chair's address, added once the case is at stage 2 (fictional) */
const CP_CHAIR = 'cp-chair.north@csc-demo.example';
/** the child (fictional): never in an e-mail */
const CHILD = { name: 'Poppy Wrenfield', day: '9', month: '2', year: '2019' };

const HOLDER_ONLY =
  "Only the people holding this stage (or their managers, or their agency's Designated Safeguarding Lead) may";

let t: TestApp;
let browser: Browser;
let base: string;
let receiver: Receiver;
let transport: Transport;
let caseId = '';

/** Everyone who takes part, from the demo directory. */
const who = {} as Record<
  | 'raiser'
  | 'schoolManager'
  | 'schoolSenior'
  | 'schoolDirector'
  | 'cscWorker'
  | 'cscManager'
  | 'cscSenior'
  | 'cscDirector'
  | 'chair'
  | 'team',
  PersonSummary
>;

/** each person's own signed-in page (a browser context of their own), and its errors */
const pages = new Map<string, { page: Page; errors: string[] }>();

/** The person's page, signed in (with the authenticator step where their role needs it). */
async function as(person: PersonSummary): Promise<Page> {
  const known = pages.get(person.id);
  if (known) return known.page;
  const errors: string[] = [];
  const page = await signedInPage({ browser, base, t }, person, errors);
  pages.set(person.id, { page, errors });
  return page;
}

interface CasePage {
  page: Page;
  /** "It is your turn", "Whose turn it is" or "What happens now" */
  heading: string;
  /** what the page asks of them */
  ask: string;
  /** the buttons under "What you can do" */
  offers: string[];
  /** the "Who holds it" table, as text */
  holders: string;
}

/** The case page as `person` sees it now. */
async function casePage(person: PersonSummary, shot?: string): Promise<CasePage> {
  const page = await as(person);
  await page.goto(`${base}/cases/${caseId}`);
  await seen(page, `${person.role} at ${person.agency?.name ?? 'the partnership'}`);
  if (shot) await screenshot(page, shot);
  const text = async (selector: string) =>
    (
      ((await page.locator(selector).count()) &&
        (await page.locator(selector).first().textContent())) ||
      ''
    )
      .replace(/\s+/g, ' ')
      .trim();
  return {
    page,
    heading: await text('#whose-turn'),
    ask: await text('#whose-turn + p'),
    offers: (await page.locator('main .govuk-button-group .govuk-button').allTextContents()).map(
      (s) => s.trim(),
    ),
    holders: await text('table[aria-describedby="whose-turn"]'),
  };
}

/** What the "Who holds it" table must say of a holder: name, phone and e-mail. */
async function contactOf(person: PersonSummary): Promise<string[]> {
  const row = await t.store.db
    .selectFrom('people')
    .leftJoin('agencies', 'agencies.id', 'people.agency_id')
    .select(['people.phone', 'agencies.duty_phone'])
    .where('people.id', '=', person.id)
    .executeTakeFirstOrThrow();
  const phone = row.phone ?? row.duty_phone;
  expect(phone, `${person.name} has a phone in the demo directory`).toBeTruthy();
  return [person.name, phone as string, person.email];
}

async function expectHolders(view: CasePage, holders: PersonSummary[]): Promise<void> {
  for (const holder of holders) {
    for (const detail of await contactOf(holder)) expect(view.holders).toContain(detail);
  }
}

const recordLength = async () =>
  Number(
    (
      await t.store.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('case_id', '=', caseId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * `person` may not take `action` now: its page sends them back to the case, with no form; and a
 * POST of it anyway (the CSRF token taken from a page they may load, the case's current version)
 * answers the GOV.UK error summary with the reason, and adds nothing to the record.
 */
async function refused(
  person: PersonSummary,
  action: string,
  fields: Record<string, string>,
  reason: string,
): Promise<void> {
  const page = await as(person);
  await page.goto(`${base}/cases/${caseId}/${action}`);
  expect(page.url(), `${person.role} GET ${action}`).toBe(
    `${base}/cases/${caseId}?refused=${action}`,
  );
  await seen(page, `${action} refused`);
  expect(await page.locator('main form[method="post"]').count()).toBe(0);
  // and the page says so, rather than sending them back without a word
  expect(await page.locator('.govuk-notification-banner').textContent()).toMatch(
    /is not yours to do on this case now/,
  );
  const before = await recordLength();
  const { version } = await t.store.db
    .selectFrom('cases')
    .select('version')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
  // a form they were never offered, put together in the page and sent as a browser would
  await page.evaluate(
    ({ url, values }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = url;
      for (const [name, value] of Object.entries(values)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    },
    {
      url: `/cases/${caseId}/${action}`,
      values: { _csrf: csrf, version: String(version), ...fields },
    },
  );
  await page.waitForURL(`${base}/cases/${caseId}/${action}`);
  await seen(page, `${action} POST refused`);
  const summary = ((await page.locator('.govuk-error-summary').textContent()) ?? '').replace(
    /\s+/g,
    ' ',
  );
  expect(summary, `${person.role} POST ${action}`).toContain('There is a problem');
  expect(summary).toContain(reason);
  expect(await recordLength()).toBe(before);
}

/** Fills and sends an action's form from the person's case page. */
async function act(
  person: PersonSummary,
  button: string,
  fill: (page: Page) => Promise<void>,
  submit: string,
  shot?: string,
): Promise<void> {
  const page = await as(person);
  await page.goto(`${base}/cases/${caseId}`);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]+\/[a-z-]+$/);
  await seen(page, `${button} form`);
  await fill(page);
  if (shot) await screenshot(page, shot);
  await page.getByRole('button', { name: submit, exact: true }).click();
  await page.waitForURL(/done=/);
  await seen(page, `${button} done`);
}

const discussion = (withWhom: string) => async (page: Page) => {
  await page.getByLabel('By phone', { exact: true }).check();
  await page.getByLabel('Who took part', { exact: true }).fill(withWhom);
  await page
    .getByLabel('Summary of the discussion', { exact: true })
    .fill('Talked it through; each side set out its view.');
  await page.getByLabel('Outcome', { exact: true }).fill('Still disagreed: to be escalated.');
};

const escalation = (reason: string) => async (page: Page) => {
  await page.getByLabel('Escalate to the next stage', { exact: true }).fill(reason);
};

let mailSeen = 0;
const rowsSeen = new Set<string>();

/**
 * Delivers the outbox to the receiver; answers what this step queued for the case, rule by rule,
 * after checking that each e-mail sent arrived at exactly its recipient with no child's details.
 */
async function toldThisStep(): Promise<Record<string, string[]>> {
  for (let pass = 0; pass < 10; pass++) {
    const report = await deliverDue({
      db: t.store.db,
      transport,
      baseUrl: 'http://escalate.test',
      now: () => t.clock.now,
      batchSize: 50,
    });
    if (report.sent + report.retrying + report.failed === 0) break;
  }
  const rows = (
    await t.store.db.selectFrom('outbox').selectAll().where('case_id', '=', caseId).execute()
  ).filter((r) => !rowsSeen.has(r.id));
  for (const r of rows) rowsSeen.add(r.id);
  const mail = receiver.received.slice(mailSeen);
  mailSeen = receiver.received.length;
  const sent = rows.filter((r) => r.status === 'sent');
  // (the rest are account notices: a new authenticator set up at sign-in)
  const ids = new Set(sent.map((r) => messageIdFor(r.idempotency_key)));
  const caseMail = mail.filter((m) => ids.has(m.messageId));
  expect(caseMail.map((m) => m.to).sort()).toEqual(sent.map((r) => r.recipient_email).sort());
  for (const m of caseMail) expect(m.body).toContain(`/cases/${caseId}`);
  for (const m of mail) {
    for (const detail of [CHILD.name, 'Poppy', 'Wrenfield', '2019-02-09']) {
      expect(m.subject).not.toContain(detail);
      expect(m.body).not.toContain(detail);
    }
  }
  const byRule: Record<string, string[]> = {};
  for (const r of rows) byRule[r.rule_key] = [...(byRule[r.rule_key] ?? []), r.recipient_email];
  for (const list of Object.values(byRule)) list.sort();
  return byRule;
}

const emails = (...people: PersonSummary[]) => people.map((p) => p.email).sort();

describe.skipIf(skipBrowser)('both sides of one disagreement, through every Bromley stage', () => {
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
    who.raiser = t.person('frontline', SCHOOL);
    who.schoolManager = t.person('manager', SCHOOL);
    who.schoolSenior = t.person('senior-manager', SCHOOL);
    who.schoolDirector = t.person('director', SCHOOL);
    who.cscWorker = t.person('frontline', CSC);
    who.cscManager = t.person('manager', CSC);
    who.cscSenior = t.person('senior-manager', CSC);
    who.cscDirector = t.person('director', CSC);
    const inBscp = (role: string) =>
      t.people.find((p) => p.role === role && p.partnership === who.raiser.partnership);
    who.chair = inBscp('chair') as PersonSummary;
    who.team = inBscp('partnership-team') as PersonSummary;
    await givePasswords(t.store, Object.values(who));
    receiver = await startReceiver();
    transport = smtpTransport(receiver.url, 'Escalate <e@test.example>');
    base = await listenOnLoopback(t.app);
    browser = await launchBrowser();
    // everyone signs in, each in a browser context of their own; one at a time: ten at once
    // loaded CI's two cores until a sign-in page took over 30 s to load
    for (const person of Object.values(who)) await as(person);
  });
  afterAll(async () => {
    transport?.close?.();
    await browser?.close();
    await receiver?.stop();
    await t?.close();
  });

  it('raised at the school through every question page: CSC is told at once', async () => {
    const page = await as(who.raiser);
    await seen(page, 'my cases');
    const label = (text: string) => page.getByLabel(text, { exact: true });
    const next = async (url: RegExp, what: string) => {
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.waitForURL(url);
      await seen(page, what);
    };
    await page.getByRole('link', { name: 'Raise a disagreement' }).first().click();
    await page.waitForURL(/consultation$/);
    await seen(page, 'consultation');
    await next(/child\/1$/, 'child');
    await label('Name or initials').fill(CHILD.name);
    await label('Day').fill(CHILD.day);
    await label('Month').fill(CHILD.month);
    await label('Year').fill(CHILD.year);
    // on a plan, but the raiser does not know the CP Chair's address: left empty
    await label('Subject to a Child Protection Plan').check();
    await next(/children$/, 'add another child');
    await label('No').check();
    await next(/agencies$/, 'agencies');
    await label(CSC).check();
    await next(/category$/, 'category');
    await label('The need for action').check();
    await next(/disagreement$/, 'disagreement');
    await label('What exactly do you disagree about?').fill(
      'The strategy discussion was closed without hearing from the school.',
    );
    await next(/evidence$/, 'evidence');
    await label('The nature of your concern').fill('New marks seen after the last core group');
    await label('The source of your concern').fill('Class teacher; welfare log');
    await next(/actions-to-date$/, 'actions to date');
    await label('What has been done so far?').fill('Phoned the social worker twice.');
    await next(/outcome$/, 'outcome');
    await label('What outcome are you seeking?').fill('A strategy discussion this week.');
    await next(/immediate-risk$/, 'immediate risk');
    await label('No').check();
    await next(/check$/, 'check answers');
    await page.getByRole('button', { name: 'Raise the disagreement', exact: true }).click();
    await page.waitForURL(/raised$/);
    await seen(page, 'raised');
    await page.getByRole('link', { name: 'Go to the case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]+$/);
    caseId = new URL(page.url()).pathname.split('/')[2] as string;
    const row = await t.store.db
      .selectFrom('cases')
      .select(['policy_id', 'stage_number'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ policy_id: 'bromley-partnership', stage_number: 1 });

    // the other agency's contact for escalations (its senior manager) and the CSC worker who
    // holds stage 1 for it; the raiser is not told of their own raising
    expect(await toldThisStep()).toEqual({
      'other-agency-told': emails(who.cscSenior, who.cscWorker),
    });
  });

  it('stage 1: both workers hold it; CSC may not withdraw the school’s disagreement', async () => {
    // each person in their own page, so they may look at once
    const [raiser, other] = await Promise.all([
      casePage(who.raiser, 'both-1-raiser-stage-1'),
      casePage(who.cscWorker, 'both-2-other-side-stage-1'),
    ]);
    expect(raiser.heading).toBe('It is your turn');
    expect(raiser.offers).toEqual(
      expect.arrayContaining(['Record a discussion', 'Escalate', 'Withdraw']),
    );
    await expectHolders(raiser, [who.cscWorker]);

    expect(other.heading).toBe('It is your turn');
    expect(other.ask).toContain('the agency that raised it');
    expect(other.offers).toEqual(expect.arrayContaining(['Record a discussion', 'Escalate']));
    expect(other.offers).not.toContain('Withdraw');
    // how to reach the worker who raised it
    await expectHolders(other, [who.raiser]);

    await refused(
      who.cscWorker,
      'withdraw',
      { reason: 'We do not agree.' },
      'Only the agency that raised the disagreement may withdraw the disagreement.',
    );
    await act(
      who.raiser,
      'Record a discussion',
      discussion(`${who.cscWorker.name}, CSC`),
      'Record the discussion',
    );
    expect(await toldThisStep()).toEqual({});
    // the other side moves it on: its worker escalates; the raiser is told
    await act(who.cscWorker, 'Escalate', escalation('No strategy discussion agreed.'), 'Escalate');
  });

  it('stage 2: the managers hold it; the raiser is told but no longer offered Escalate; the CP Chair e-mail fails for want of an address', async () => {
    expect(await toldThisStep()).toEqual({
      'holders-told': emails(who.schoolManager, who.cscManager),
      'raiser-kept-informed': emails(who.raiser),
      // child 1 is on a plan, with no CP Chair address given: queued as failed, not sent
      'cp-chair-stage-2': [''],
    });
    const failed = await t.store.db
      .selectFrom('outbox')
      .select(['status', 'last_error'])
      .where('case_id', '=', caseId)
      .where('rule_key', '=', 'cp-chair-stage-2')
      .executeTakeFirstOrThrow();
    expect(failed).toEqual({
      status: 'failed',
      last_error: "No e-mail address is recorded for child 1's Child Protection Chair.",
    });

    // each person in their own page, so they may look at once
    const [manager, schoolManager, raiser, worker] = await Promise.all([
      casePage(who.cscManager, 'both-3-other-manager-stage-2'),
      casePage(who.schoolManager),
      casePage(who.raiser, 'both-4-raiser-stage-2'),
      casePage(who.cscWorker),
    ]);
    expect(manager.heading).toBe('It is your turn');
    expect(manager.offers).toEqual(
      expect.arrayContaining(['Record a discussion', 'Escalate', 'Resolve']),
    );
    expect(manager.offers).not.toContain('Withdraw');
    await expectHolders(manager, [who.schoolManager]);
    // the case page says the CP Chair was not told, and why
    const failedRow = manager.page.locator('main tr', { hasText: 'Child Protection Plan' });
    expect((await failedRow.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /No address known.*Failed No e-mail address is recorded for child 1's Child Protection Chair\./,
    );

    expect(schoolManager.heading).toBe('It is your turn');
    expect(schoolManager.offers).toEqual(expect.arrayContaining(['Escalate', 'Withdraw']));
    await expectHolders(schoolManager, [who.cscManager]);

    expect(raiser.heading).toBe('Whose turn it is');
    expect(raiser.offers).not.toContain('Escalate');
    expect(raiser.offers).toContain('Record a discussion');
    await expectHolders(raiser, [who.schoolManager, who.cscManager]);
    expect(worker.heading).toBe('Whose turn it is');
    expect(worker.offers).not.toContain('Withdraw');
    expect(worker.offers).not.toContain('Escalate');

    await refused(
      who.raiser,
      'escalate',
      { reason: 'I still disagree.' },
      `${HOLDER_ONLY} escalate the disagreement.`,
    );
    await refused(
      who.cscWorker,
      'withdraw',
      { reason: 'Not ours.' },
      'Only the agency that raised the disagreement may withdraw the disagreement.',
    );

    // the resolve form asks who agreed at each agency; the manager's own name is filled in
    const page = await as(who.cscManager);
    await page.goto(`${base}/cases/${caseId}/resolve`);
    await seen(page, 'resolve form');
    const schoolInput = page.getByLabel(SCHOOL, { exact: true });
    const cscInput = page.getByLabel(CSC, { exact: true });
    expect(await page.locator('input[name^="agreed-"]').count()).toBe(2);
    expect(await cscInput.inputValue()).toBe(`${who.cscManager.name}, ${ROLE_LABELS.manager}`);
    expect(await schoolInput.inputValue()).toBe('');
    await screenshot(page, 'both-5-resolve-each-agency');
  });

  it('stage 2: CSC adds the CP Chair’s address and the e-mail goes there; CSC escalates', async () => {
    await act(
      who.cscManager,
      "Add a child's CP Chair or IRO",
      async (page) => {
        await page.getByLabel(CHILD.name, { exact: true }).check();
        await page
          .getByLabel(
            "Child Protection Chair's e-mail address (if the child has a Child Protection Plan)",
            { exact: true },
          )
          .fill(CP_CHAIR);
      },
      'Save the address',
    );
    expect(await toldThisStep()).toEqual({ 'cp-chair-stage-2': [CP_CHAIR] });
    const cpChair = receiver.received.find((m) => m.to === CP_CHAIR);
    expect(cpChair?.body).toContain('You are the Child Protection Chair');

    await act(who.cscManager, 'Escalate', escalation('Managers could not agree.'), 'Escalate');
    expect(await toldThisStep()).toEqual({
      'holders-told': emails(who.schoolSenior, who.cscSenior),
      'raiser-kept-informed': emails(who.raiser),
      'business-unit-stage-3': [BUSINESS_UNIT],
    });
  });

  it('stage 3: the senior managers hold it; the school’s escalates to the directors', async () => {
    // each person in their own page, so they may look at once
    const [senior, other, raiser, worker] = await Promise.all([
      casePage(who.schoolSenior),
      casePage(who.cscSenior),
      casePage(who.raiser),
      casePage(who.cscWorker),
    ]);
    expect(senior.heading).toBe('It is your turn');
    expect(senior.offers).toEqual(expect.arrayContaining(['Escalate', 'Record a discussion']));
    await expectHolders(senior, [who.cscSenior]);
    expect(other.heading).toBe('It is your turn');
    expect(other.offers).not.toContain('Withdraw');
    await expectHolders(other, [who.schoolSenior]);
    // nor the raiser, nor the CSC worker (whose stage 1 it was)
    expect(raiser.offers).not.toContain('Escalate');
    expect(worker.offers).not.toContain('Escalate');
    expect(worker.offers).not.toContain('Withdraw');
    await refused(
      who.cscWorker,
      'escalate',
      { reason: 'Me too.' },
      `${HOLDER_ONLY} escalate the disagreement.`,
    );

    await act(
      who.schoolSenior,
      'Escalate',
      escalation('Heads of service could not agree.'),
      'Escalate',
    );
    // The directors, the new holders, are told that they hold it, and (a separate ask) as
    // their agency's board member that their agency's director should know of it; the board
    // deputies too, except the one who escalated it (002 2.10); and the partnership's designated
    // health professionals, to advise (002 2.12).
    const designatedHealth = t.people.filter(
      (p) => p.partnership === who.raiser.partnership && p.role === 'named-professional',
    );
    expect(await toldThisStep()).toEqual({
      'holders-told': emails(who.schoolDirector, who.cscDirector),
      'raiser-kept-informed': emails(who.raiser),
      'business-unit-stage-4': [BUSINESS_UNIT],
      'board-member-stage-4': emails(who.schoolDirector, who.cscDirector, who.cscSenior),
      'designated-health-stage-4': emails(...designatedHealth),
    });
  });

  it('stage 4: the directors hold it; the school’s director refers it to the chair (002 2.16: the agency raising the dispute)', async () => {
    // each person in their own page, so they may look at once
    const [director, other, raiser, worker] = await Promise.all([
      casePage(who.schoolDirector),
      casePage(who.cscDirector),
      casePage(who.raiser),
      casePage(who.cscWorker),
    ]);
    expect(director.heading).toBe('It is your turn');
    // the next stage is the chair's: referring it takes the place of escalating
    expect(director.offers).toEqual(
      expect.arrayContaining(['Refer to the chair', 'Record a discussion']),
    );
    expect(director.offers).not.toContain('Escalate');
    await expectHolders(director, [who.cscDirector]);
    // CSC's director holds stage 4 for CSC, but the raising agency refers it
    expect(other.heading).toBe('It is your turn');
    expect(other.offers).toContain('Record a discussion');
    expect(other.offers).not.toContain('Refer to the chair');
    expect(other.offers).not.toContain('Withdraw');
    await expectHolders(other, [who.schoolDirector]);
    expect(raiser.offers).not.toContain('Refer to the chair');
    await expectHolders(raiser, [who.schoolDirector, who.cscDirector]);
    expect(worker.offers).not.toContain('Withdraw');
    await refused(
      who.cscDirector,
      'refer-to-chair',
      { details: 'Please decide.', boardMembersEngaged: 'At the directors’ meeting.' },
      'Only the people holding this stage for the agency that raised it (or their managers, or its Designated Safeguarding Lead) may refer the disagreement to the chair.',
    );

    await act(
      who.schoolDirector,
      'Refer to the chair',
      async (page) => {
        await page
          .getByLabel('Details for the attention of the chair', { exact: true })
          .fill(
            'Directors met on Monday and could not agree on the need for a strategy discussion.',
          );
        // 002 2.15: after the agencies' Board members have been involved
        await page
          .getByLabel("How were the agencies' partnership Board members involved?")
          .fill('Both Board members joined the directors’ meeting on Monday.');
      },
      'Refer to the chair',
    );
    expect(await toldThisStep()).toEqual({
      // the chair hears once, by the referral (which asks them to decide); the team as a
      // holder; CSC's director stays its contact for CSC (not the school's director, who
      // referred it)
      'holders-told': emails(who.team, who.cscDirector),
      'raiser-kept-informed': emails(who.raiser),
      'business-unit-stage-5': [BUSINESS_UNIT],
      'referral-to-chair': [BUSINESS_UNIT, who.chair.email].sort(),
    });
  });

  it('stage 5: only the chair may record the decision or convene a panel; both sides are told the outcome', async () => {
    const chair = await casePage(who.chair, 'both-6-chair-stage-5');
    expect(chair.heading).toBe('It is your turn');
    expect(chair.offers).toEqual(
      expect.arrayContaining(['Record the decision', 'Convene a Resolution Panel']),
    );
    const others = [who.raiser, who.cscWorker, who.schoolDirector, who.cscDirector, who.team];
    // each in their own page, so they may look at once
    const views = await Promise.all(others.map((person) => casePage(person)));
    for (const [i, person] of others.entries()) {
      const view = views[i] as CasePage;
      expect(view.offers, person.role).not.toContain('Record the decision');
      expect(view.offers, person.role).not.toContain('Convene a Resolution Panel');
      expect(view.offers, person.role).not.toContain('Resolve');
      if (person.agency?.name === CSC) expect(view.offers).not.toContain('Withdraw');
    }
    await refused(
      who.cscDirector,
      'resolve',
      {
        outcome: 'We agreed after all.',
        [`agreed-${who.raiser.agency?.id}`]: who.schoolDirector.name,
        [`agreed-${who.cscDirector.agency?.id}`]: who.cscDirector.name,
      },
      "At the chair's stage, only the partnership's chair or the members of the Resolution Panel may record that the disagreement is resolved.",
    );
    await refused(
      who.team,
      'record-decision',
      { decidedBy: 'chair', decision: 'Not ours to decide.' },
      "At the chair's stage, only the partnership's chair or the members of the Resolution Panel may record the decision.",
    );

    await act(
      who.chair,
      'Record the decision',
      async (page) => {
        await page.getByLabel('I did, as chair', { exact: true }).check();
        await page
          .getByLabel('The decision', { exact: true })
          .fill('A strategy discussion is to be held by Friday, with the school invited.');
      },
      'Record the decision',
    );
    expect(await toldThisStep()).toEqual({
      'outcome-to-raiser': emails(who.raiser),
      // both sides' last holders (the directors), and the team; never the chair who decided
      'outcome-both-sides': emails(who.schoolDirector, who.cscDirector, who.team),
    });
    const toRaiser = receiver.received.filter((m) => m.to === who.raiser.email).at(-1);
    expect(toRaiser?.subject).toMatch(/^Disagreement ESC-\w+: decided$/);
    const chairNow = await casePage(who.chair);
    expect(chairNow.heading).toBe('What happens now');
    expect(chairNow.offers).not.toContain('Record the decision');
    // no console errors but the refusals' own answers (422, by design)
    for (const { errors } of pages.values()) {
      expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    }
  });
});
