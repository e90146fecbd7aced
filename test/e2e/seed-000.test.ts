/**
 * Seed 000 (St James preschool's local escalation policy) through the pages in Chromium, each
 * `it` naming the clause it proves: an Acorn Lane Pre-school worker raises a disagreement with
 * Bromley Children's Social Care about a child on a Child Protection Plan, and each holder on
 * each side takes it on, stage by stage, in their own signed-in page; the nursery refers it to
 * the chair, who convenes a Resolution Panel of Board members from three agencies (the
 * children's social care director sitting for the pre-school, which has no seat of its own);
 * the panel's decision counts once every member has agreed it on the page. At each step: who
 * was e-mailed, by rule (the outbox delivered to an SMTP receiver on loopback); on every page,
 * axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDue } from '../../src/notify/outbox.js';
import { messageIdFor, smtpTransport, type Transport } from '../../src/notify/transports.js';
import type { PersonSummary } from '../../src/services/people.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { type Receiver, startReceiver } from '../support/smtp-receiver.js';
import { launchBrowser, listenOnLoopback, seen, skipBrowser } from './browser.js';
import { signedInPage } from './sign-in.js';

const SEED = '000_79cfd3201b063709.txt';
const PRESCHOOL = 'Acorn Lane Pre-school';
const CSC = "Bromley Children's Social Care (demo)";
const SCHOOL = 'Hillcrest Primary School';
const POLICE = 'Metropolitan Police, Bromley (demo)';
const BUSINESS_UNIT = 'business-unit@bscp-demo.example';
/** the CP Chair's address, given on the raise journey (fictional) */
const CP_CHAIR = 'cp-chair.south@csc-demo.example';
/** the child (fictional): never in an e-mail */
const CHILD = { name: 'Arlo Fenwickham', day: '14', month: '6', year: '2022' };
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** a pre-school has no seat: the school's director (education and the early years) represents it */
const FOR_PRESCHOOL = literal(PRESCHOOL);
const DECISION = 'An early help assessment is to start this week, with the pre-school invited.';

let t: TestApp;
let browser: Browser;
let base: string;
let receiver: Receiver;
let transport: Transport;
let caseId = '';

/** Everyone who takes part, from the demo directory. */
const who = {} as Record<
  | 'raiser'
  | 'preschoolManager'
  | 'preschoolDirector'
  | 'cscWorker'
  | 'cscManager'
  | 'cscSenior'
  | 'cscDirector'
  | 'schoolDirector'
  | 'schoolSenior'
  | 'policeDirector'
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
  /** the buttons under "What you can do" */
  offers: string[];
  /** the "Who holds it" table, as text */
  holders: string;
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The case page as `person` sees it now. */
async function casePage(person: PersonSummary): Promise<CasePage> {
  const page = await as(person);
  await page.goto(`${base}/cases/${caseId}`);
  await seen(page, `${person.role} at ${person.agency?.name ?? 'the partnership'}`);
  const text = async (selector: string) =>
    squash(
      (await page.locator(selector).count())
        ? await page.locator(selector).first().textContent()
        : '',
    );
  return {
    page,
    heading: await text('#whose-turn'),
    offers: (await page.locator('main .govuk-button-group .govuk-button').allTextContents()).map(
      (s) => s.trim(),
    ),
    holders: await text('table[aria-describedby="whose-turn"]'),
  };
}

/** The "Who holds it" table names each holder, with their e-mail address. */
function expectHolders(view: CasePage, holders: PersonSummary[]): void {
  for (const holder of holders) {
    expect(view.holders).toContain(holder.name);
    expect(view.holders).toContain(holder.email);
  }
}

/** Opens an action's form from the person's case page (axe on it), and answers the page. */
async function open(person: PersonSummary, button: string): Promise<Page> {
  const page = await as(person);
  await page.goto(`${base}/cases/${caseId}`);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForURL(/\/cases\/[0-9a-f-]+\/[a-z-]+$/);
  await seen(page, `${button} form`);
  return page;
}

/** Sends the open form; back on the case page, with its "done" banner. */
async function send(page: Page, submit: string, what: string): Promise<void> {
  await page.getByRole('button', { name: submit, exact: true }).click();
  await page.waitForURL(/done=/);
  await seen(page, `${what} done`);
}

/** Fills and sends an action's form from the person's case page. */
async function act(
  person: PersonSummary,
  button: string,
  fill: (page: Page) => Promise<void>,
  submit: string,
): Promise<Page> {
  const page = await open(person, button);
  await fill(page);
  await send(page, submit, button);
  return page;
}

const discussion =
  (how: 'By phone' | 'Face to face', withWhom: string, outcome: string) => async (page: Page) => {
    await page.getByLabel(how, { exact: true }).check();
    await page.getByLabel('Who took part', { exact: true }).fill(withWhom);
    await page
      .getByLabel('Summary of the discussion', { exact: true })
      .fill('Talked it through; each side set out its view of the child’s needs.');
    await page.getByLabel('Outcome', { exact: true }).fill(outcome);
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
  expect(sent.length, 'every e-mail queued was sent').toBe(rows.length);
  // (the rest are account notices: a new authenticator set up at sign-in)
  const ids = new Set(sent.map((r) => messageIdFor(r.idempotency_key)));
  const caseMail = mail.filter((m) => ids.has(m.messageId));
  expect(caseMail.map((m) => m.to).sort()).toEqual(sent.map((r) => r.recipient_email).sort());
  for (const m of caseMail) expect(m.body).toContain(`/cases/${caseId}`);
  for (const m of mail) {
    for (const detail of [CHILD.name, 'Arlo', 'Fenwickham', '2022-06-14']) {
      expect(m.subject).not.toContain(detail);
      expect(m.body).not.toContain(detail);
    }
  }
  const byRule: Record<string, string[]> = {};
  for (const r of rows) byRule[r.rule_key] = [...(byRule[r.rule_key] ?? []), r.recipient_email];
  for (const list of Object.values(byRule)) list.sort();
  return byRule;
}

const emails = (...people: PersonSummary[]) => [...new Set(people.map((p) => p.email))].sort();

// each person signs in (in a browser context of their own) when they first take part; the time
// allowed is generous, so that a loaded machine cannot fail a sound test
describe.skipIf(skipBrowser)(
  `${SEED}: a pre-school's disagreement through every stage, on the pages`,
  { timeout: 180_000 },
  () => {
    beforeAll(async () => {
      t = await createTestApp({ now: new Date('2026-11-02T09:30:00Z') });
      who.raiser = t.person('frontline', PRESCHOOL);
      who.preschoolManager = t.person('manager', PRESCHOOL);
      who.preschoolDirector = t.person('director', PRESCHOOL);
      who.cscWorker = t.person('frontline', CSC);
      who.cscManager = t.person('manager', CSC);
      who.cscSenior = t.person('senior-manager', CSC);
      who.cscDirector = t.person('director', CSC);
      who.schoolDirector = t.person('director', SCHOOL);
      who.schoolSenior = t.person('senior-manager', SCHOOL);
      who.policeDirector = t.person('director', POLICE);
      const inBscp = (role: string) =>
        t.people.find((p) => p.role === role && p.partnership === who.raiser.partnership);
      who.chair = inBscp('chair') as PersonSummary;
      who.team = inBscp('partnership-team') as PersonSummary;
      // (the partnership team is only e-mailed: it does not sign in)
      await givePasswords(t.store, Object.values(who));
      receiver = await startReceiver();
      transport = smtpTransport(receiver.url, 'Escalate <e@test.example>');
      base = await listenOnLoopback(t.app);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      transport?.close?.();
      await browser?.close();
      await receiver?.stop();
      await t?.close();
    });

    it(`${SEED} "Any worker who feels that a decision is not safe or is inappropriate can initially consult their supervisor/manager": raised on the pages at the pre-school, with the CP Chair's address; CSC is told at once`, async () => {
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
      // the optional consultation with the manager, and what to have ready: the evidence
      const consultation = squash(await page.locator('main').textContent());
      expect(consultation).toContain('Consult your supervisor or manager');
      expect(consultation).toContain(
        'What is the nature and source of your concerns (the evidence)?',
      );
      expect(consultation).not.toContain('before the disagreement can go to stage 1');
      await next(/child\/1$/, 'child');
      await label('Name or initials').fill(CHILD.name);
      await label('Day').fill(CHILD.day);
      await label('Month').fill(CHILD.month);
      await label('Year').fill(CHILD.year);
      await label('Subject to a Child Protection Plan').check();
      await label("Child Protection Chair's e-mail address (if you know it)").fill(CP_CHAIR);
      await next(/children$/, 'add another child');
      await label('No').check();
      await next(/agencies$/, 'agencies');
      await label(CSC).check();
      await next(/category$/, 'category');
      await label('The need for action').check();
      await next(/disagreement$/, 'disagreement');
      await label('What exactly do you disagree about?').fill(
        'The referral was closed with no assessment although the concerns at the setting continue.',
      );
      await next(/evidence$/, 'evidence');
      await label('The nature of your concern').fill('Bruising seen at drop-off on two days');
      await label('The source of your concern').fill('Key worker; the setting’s welfare log');
      await next(/actions-to-date$/, 'actions to date');
      await label('What has been done so far?').fill('Talked to my manager; phoned the duty team.');
      await next(/outcome$/, 'outcome');
      await label('What outcome are you seeking?').fill('The referral reopened and assessed.');
      await next(/immediate-risk$/, 'immediate risk');
      await label('No').check();
      await next(/check$/, 'check answers');
      expect(squash(await page.locator('main').textContent())).toContain(CP_CHAIR);
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
      expect(row).toEqual({ policy_id: 'bromley-st-james-preschool', stage_number: 1 });
      // CSC's contact for escalations (its senior manager) and the worker who holds stage 1
      expect(await toldThisStep()).toEqual({
        'other-agency-told': emails(who.cscSenior, who.cscWorker),
      });
    });

    it(`${SEED} "The people who disagree have a discussion to resolve the problem ... could be a telephone conversation or a face to face meeting": Stage One is held by the two workers`, async () => {
      const [raiser, other] = await Promise.all([casePage(who.raiser), casePage(who.cscWorker)]);
      expect(raiser.heading).toBe('It is your turn');
      expect(raiser.offers).toEqual(
        expect.arrayContaining(['Record a discussion', 'Escalate', 'Withdraw']),
      );
      expectHolders(raiser, [who.cscWorker]);
      expect(other.heading).toBe('It is your turn');
      expect(other.offers).toEqual(expect.arrayContaining(['Record a discussion', 'Escalate']));
      expect(other.offers).not.toContain('Withdraw');
      expectHolders(other, [who.raiser]);

      await act(
        who.raiser,
        'Record a discussion',
        discussion('By phone', `${who.cscWorker.name}, CSC`, 'Still disagreed.'),
        'Record the discussion',
      );
      expect(await toldThisStep()).toEqual({});
      await act(
        who.raiser,
        'Escalate',
        escalation('The duty team will not reopen the referral.'),
        'Escalate',
      );
    });

    it(`${SEED} "If the case involves a child subject to a Child Protection Plan ... relevant Child Protection Chair ... must also be notified": Stage Two, the line managers, and the CP Chair told`, async () => {
      expect(await toldThisStep()).toEqual({
        'holders-told': emails(who.preschoolManager, who.cscManager),
        // (not the raiser: they escalated it themselves)
        'cp-chair-stage-2': [CP_CHAIR],
      });
      const cpChair = receiver.received.find((m) => m.to === CP_CHAIR);
      expect(cpChair?.body).toContain('You are the Child Protection Chair');

      // "you should contact the manager who should have a discussion with the equivalent
      // supervisor/ manager in the other agency"
      const [manager, other, raiser] = await Promise.all([
        casePage(who.preschoolManager),
        casePage(who.cscManager),
        casePage(who.raiser),
      ]);
      expect(manager.heading).toBe('It is your turn');
      expect(manager.offers).toEqual(
        expect.arrayContaining(['Record a discussion', 'Escalate', 'Withdraw']),
      );
      expectHolders(manager, [who.cscManager]);
      expect(other.heading).toBe('It is your turn');
      expect(other.offers).not.toContain('Withdraw');
      expectHolders(other, [who.preschoolManager]);
      // the worker who raised it is kept informed, but the turn is the managers'
      expect(raiser.heading).toBe('Whose turn it is');
      expect(raiser.offers).not.toContain('Escalate');
      expectHolders(raiser, [who.preschoolManager, who.cscManager]);

      await act(
        who.cscManager,
        'Record a discussion',
        discussion(
          'Face to face',
          `${who.preschoolManager.name}, ${PRESCHOOL}`,
          'Still disagreed.',
        ),
        'Record the discussion',
      );
      expect(await toldThisStep()).toEqual({});
      await act(
        who.preschoolManager,
        'Escalate',
        escalation('The managers could not agree.'),
        'Escalate',
      );
    });

    it(`${SEED} "The respective agency members on the Bromley Safeguarding Children Partnership should be engaged": Stage Three, the senior managers, and the agencies' Board members told`, async () => {
      // the pre-school's Board member is the school's director (a pre-school has no seat), with
      // the school's deputy; CSC's are its director and senior manager. The pre-school's own
      // director holds it for the pre-school, CSC's senior manager for CSC
      expect(await toldThisStep()).toEqual({
        'holders-told': emails(who.preschoolDirector, who.cscSenior),
        'raiser-kept-informed': emails(who.raiser),
        'board-members-engaged': emails(
          who.schoolDirector,
          who.schoolSenior,
          who.cscDirector,
          who.cscSenior,
        ),
      });
      const [director, senior, raiser] = await Promise.all([
        casePage(who.preschoolDirector),
        casePage(who.cscSenior),
        casePage(who.raiser),
      ]);
      expect(director.heading).toBe('It is your turn');
      // the next stage is the chair's: referring it takes the place of escalating
      expect(director.offers).toEqual(
        expect.arrayContaining(['Record a discussion', 'Refer to the chair']),
      );
      expect(director.offers).not.toContain('Escalate');
      expectHolders(director, [who.cscSenior]);
      expect(senior.heading).toBe('It is your turn');
      expectHolders(senior, [who.preschoolDirector]);
      expect(raiser.offers).not.toContain('Refer to the chair');
      await act(
        who.cscSenior,
        'Record a discussion',
        discussion(
          'By phone',
          `${who.preschoolDirector.name}, ${PRESCHOOL}\n${who.cscDirector.name}, Board member`,
          'Not resolved: the pre-school will refer it to the chair.',
        ),
        'Record the discussion',
      );
      expect(await toldThisStep()).toEqual({});
    });

    it(`${SEED} "The preschool raising the dispute must e-mail the details through ... for the attention of the independent chair" (and "after the agency BSCP members have been involved"): Stage Four, referred by the nursery`, async () => {
      const page = await open(who.preschoolDirector, 'Refer to the chair');
      // the form names the Board members to engage first, and whom each represents
      const hint = squash(await page.locator('#boardMembersEngaged-hint').textContent());
      expect(hint).toMatch(
        new RegExp(`${literal(`${who.schoolDirector.name}, ${SCHOOL} (for `)}${FOR_PRESCHOOL}\\)`),
      );
      expect(hint).toContain(`${who.cscDirector.name}, ${CSC} (for ${CSC})`);
      expect(hint).toContain(who.cscSenior.name);
      await page
        .getByLabel('Details for the attention of the chair', { exact: true })
        .fill(
          'The workers, managers and senior managers could not agree on reopening the referral.',
        );
      // without saying how the Board members were engaged, it is refused
      await page.getByRole('button', { name: 'Refer to the chair', exact: true }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await seen(page, 'refer to the chair: refused');
      expect(squash(await page.locator('.govuk-error-summary').textContent())).toContain(
        'engaged in seeking resolution before the chair. Say how they were involved.',
      );
      expect(await toldThisStep()).toEqual({});
      await page
        .getByLabel("How were the agencies' partnership Board members involved?")
        .fill(`${who.cscDirector.name} joined the senior managers’ call on Tuesday.`);
      await send(page, 'Refer to the chair', 'refer to the chair');
      expect(await toldThisStep()).toEqual({
        // the chair hears once, by the referral; CSC's senior manager stays its contact
        'holders-told': emails(who.team, who.cscSenior),
        'raiser-kept-informed': emails(who.raiser),
        'referral-to-chair': [BUSINESS_UNIT, who.chair.email].sort(),
      });
      const chair = await casePage(who.chair);
      expect(chair.heading).toBe('It is your turn');
      expect(chair.offers).toEqual(
        expect.arrayContaining(['Record the decision', 'Convene a Resolution Panel']),
      );
      // the e-mail holds no details by design (sign in to see them): the chair reads them on
      // the case's record, with how the Board members were engaged
      const record = squash(await chair.page.locator('main').textContent());
      expect(record).toContain('could not agree on reopening the referral');
      expect(record).toContain(
        `Board members engaged first: ${who.cscDirector.name} joined the senior managers’ call`,
      );
    });

    it(`${SEED} "The Resolution Panel must consist of senior officers from three agencies who are members of the full Board ... must include the agencies concerned": convened by the chair on the page`, async () => {
      const page = await open(who.chair, 'Convene a Resolution Panel');
      // each Board member with their seat, and whom they represent in this disagreement
      const item = (person: PersonSummary) =>
        page.locator('.govuk-checkboxes__item', { hasText: person.name });
      expect(squash(await item(who.schoolDirector).textContent())).toMatch(
        new RegExp(`Executive member, represents ${FOR_PRESCHOOL} in this disagreement`),
      );
      expect(squash(await item(who.cscDirector).textContent())).toContain(
        `Executive member, represents ${CSC} in this disagreement`,
      );
      expect(squash(await item(who.policeDirector).textContent())).toMatch(/^.*Executive member$/);
      expect(await page.locator('input[name="members"]').count()).toBeGreaterThan(3);

      // two agencies are not enough, nor three without the agencies concerned
      const tries: [PersonSummary[], string][] = [
        [
          [who.cscDirector, who.schoolDirector],
          'The policy asks for a panel from at least 3 agencies; these members come from 2.',
        ],
        [
          [who.schoolDirector, who.policeDirector, t.person('director', 'South Downs')],
          'The panel must include every agency in the disagreement',
        ],
      ];
      for (const [members, reason] of tries) {
        for (const m of members) await item(m).getByRole('checkbox').check();
        await page.getByRole('button', { name: 'Convene the panel', exact: true }).click();
        await page.locator('.govuk-error-summary').waitFor();
        await seen(page, 'convene: refused');
        expect(squash(await page.locator('.govuk-error-summary').textContent())).toContain(reason);
        for (const m of members) await item(m).getByRole('checkbox').uncheck();
      }
      expect(await toldThisStep()).toEqual({});

      for (const m of [who.cscDirector, who.schoolDirector, who.policeDirector]) {
        await item(m).getByRole('checkbox').check();
      }
      await send(page, 'Convene the panel', 'convene the panel');
      // "The Panel will receive representations from those involved in the dispute"
      expect(await toldThisStep()).toEqual({
        'panel-representations': emails(
          who.raiser,
          who.schoolDirector,
          who.schoolSenior,
          who.cscDirector,
          who.cscSenior,
        ),
      });
      const panel = squash(await page.locator('main').textContent());
      expect(panel).toContain('The Resolution Panel');
      expect(panel).toMatch(new RegExp(`Represents ${FOR_PRESCHOOL}`));
    });

    it(`${SEED} "will collectively resolve the professional differences": the chair records the panel's decision, and it counts once each member has agreed it on the page`, async () => {
      await act(
        who.chair,
        'Record the decision',
        async (page) => {
          await page.getByLabel('The Resolution Panel', { exact: true }).check();
          await page.getByLabel('The decision', { exact: true }).fill(DECISION);
        },
        'Record the decision',
      );
      const members = [who.cscDirector, who.schoolDirector, who.policeDirector];
      expect(await toldThisStep()).toEqual({
        // each member, and the partnership team (never the chair who recorded it)
        'panel-decision-to-agree': emails(...members, who.team),
      });

      for (const [i, member] of members.entries()) {
        const view = await casePage(member);
        expect(view.offers, member.name).toContain('Agree the panel’s decision');
        const page = await open(member, 'Agree the panel’s decision');
        const form = squash(await page.locator('main').textContent());
        expect(form).toContain(DECISION);
        expect(form).toContain(
          `${i} of 3 ${i === 1 ? 'member has' : 'members have'} agreed so far`,
        );
        await send(page, 'Record the agreement', 'agree the decision');
        const status = await t.store.db
          .selectFrom('cases')
          .select('status')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow();
        expect(status.status, `after ${i + 1} of 3`).toBe(i < 2 ? 'open' : 'decided');
        if (i < 2) {
          expect(await toldThisStep()).toEqual({});
          expect((await casePage(member)).offers).not.toContain('Agree the panel’s decision');
        }
      }
    });

    it(`${SEED} "actions and decisions must be recorded in writing ... shared with relevant personnel, to include the worker who raised the initial concern": both sides are told the decision`, async () => {
      expect(await toldThisStep()).toEqual({
        'outcome-to-raiser': emails(who.raiser),
        // both sides' last holders, the chair, the team and the panel's members (but the last
        // to agree, who made it count)
        'outcome-both-sides': emails(
          who.preschoolDirector,
          who.cscSenior,
          who.chair,
          who.team,
          who.cscDirector,
          who.schoolDirector,
        ),
      });
      const toRaiser = receiver.received.filter((m) => m.to === who.raiser.email).at(-1);
      expect(toRaiser?.subject).toMatch(/^Disagreement ESC-\w+: decided$/);
      const [raiser, other] = await Promise.all([casePage(who.raiser), casePage(who.cscWorker)]);
      for (const view of [raiser, other]) {
        expect(view.heading).toBe('What happens now');
        expect(squash(await view.page.locator('main').textContent())).toContain(DECISION);
      }
      for (const { errors } of pages.values()) {
        // (but the refusals' own answers, 422 by design, and a favicon whose fetch Chromium
        // abandons when a page is left as soon as it loads)
        expect(
          errors.filter((e) => !e.includes('status of 422') && !/favicon\.\w+$/.test(e)),
        ).toEqual([]);
      }
    });
  },
);
