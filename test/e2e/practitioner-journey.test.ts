/**
 * The main journey in Chromium: the Acorn Lane Pre-school DSL signs in, raises a disagreement
 * with children's social care through every question page, records a discussion, escalates to
 * stage 2 and resolves it (past the Interruption panel that asks first): once with the mouse
 * (saving screenshots to docs/screenshots/), once keyboard-only (Tab, Space, Enter), and once
 * with JavaScript off. axe runs on every page.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/services/demo.js';
import type { PersonSummary } from '../../src/services/people.js';
import { ROLE_LABELS } from '../../src/words.js';
import { givePasswords } from '../pages/agent.js';
import { createTestApp, type TestApp } from '../support/app.js';
import {
  accessibilityViolations,
  launchBrowser,
  listenOnLoopback,
  screenshot,
  skipBrowser,
  watchForErrors,
} from './browser.js';
import { enterAuthenticatorCode, submitPassword } from './sign-in.js';

const CSC = "Bromley Children's Social Care (demo)";

/** How a person works the page: with the mouse, or with the keyboard alone. */
interface Hands {
  fill(target: Locator, value: string): Promise<void>;
  tick(target: Locator): Promise<void>;
  press(target: Locator): Promise<void>;
}

const mouse: Hands = {
  fill: (target, value) => target.fill(value),
  tick: (target) => target.check(),
  press: (target) => target.click(),
};

async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with the Tab key`);
}

function keyboard(page: Page): Hands {
  return {
    async fill(target, value) {
      await tabTo(page, target);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
    },
    async tick(target) {
      const radio = (await target.getAttribute('type')) === 'radio';
      if (!radio) {
        await tabTo(page, target);
        if (!(await target.isChecked())) await page.keyboard.press('Space');
        return;
      }
      // Tab reaches a radio group once; the arrow keys move (and select) within it
      const name = await target.getAttribute('name');
      await tabTo(page, page.locator(`input[type=radio][name="${name}"]`).first());
      for (
        let i = 0;
        i < 20 && !(await target.evaluate((el) => el === document.activeElement));
        i++
      ) {
        await page.keyboard.press('ArrowDown');
      }
      if (!(await target.isChecked())) await page.keyboard.press('Space');
    },
    async press(target) {
      await tabTo(page, target);
      await page.keyboard.press('Enter');
    },
  };
}

describe.skipIf(skipBrowser)('the practitioner journey in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let dsl: PersonSummary;
  /** who holds stage 2 for children's social care, and agrees the resolution */
  let cscHolder: PersonSummary;

  beforeAll(async () => {
    t = await createTestApp();
    dsl = t.person('dsl', 'Acorn Lane');
    cscHolder = t.person('manager', CSC);
    await givePasswords(t.store, [dsl]);
    base = await listenOnLoopback(t.app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * axe needs script, so with JavaScript off each page is checked again in a second, scripted
   * page of a context given the same cookies (GET pages change nothing).
   */
  async function axeFor(page: Page, scripted?: Page): Promise<string[]> {
    if (!scripted) return accessibilityViolations(page);
    await scripted.context().addCookies(await page.context().cookies());
    await scripted.goto(page.url());
    expect(await scripted.content()).toContain(await page.locator('h1').first().innerHTML());
    return accessibilityViolations(scripted);
  }

  /** `child`: initials of a child of the run's own, so no run's case is another's duplicate */
  async function journey(page: Page, hands: Hands, shots: boolean, child: string, scripted?: Page) {
    const errors = watchForErrors(page);
    let shot = 0;
    const checked: string[] = [];
    /** every page: no axe violations; in the mouse run, a numbered screenshot */
    /** `posted`: the answer to a POST, which the scripted twin cannot GET: axe checks it in the
     * other two runs */
    const seen = async (name: string, posted = false) => {
      await page.waitForLoadState('load');
      if (!(posted && scripted)) {
        expect(await axeFor(page, scripted), `${name}: ${page.url()}`).toEqual([]);
      }
      checked.push(name);
      shot += 1;
      if (shots) await screenshot(page, `${String(shot).padStart(2, '0')}-${name}`);
    };
    const submit = (text: string) =>
      hands.press(page.getByRole('button', { name: text, exact: true }));
    const label = (text: string) => page.getByLabel(text, { exact: true });

    await page.goto(`${base}/sign-in`);
    await seen('sign-in');
    await hands.fill(label('E-mail address'), dsl.email);
    await hands.fill(label('Password'), DEMO_PASSWORD);
    await submit('Sign in');
    await page.waitForURL(`${base}/cases`);
    await seen('my-cases');

    await hands.press(page.getByRole('link', { name: 'Raise a disagreement' }).first());
    await page.waitForURL(/consultation$/);
    await seen('consultation');
    await submit('Continue');

    await page.waitForURL(/child\/1$/);
    await seen('child');
    await hands.fill(label('Name or initials'), child);
    await hands.fill(label('Day'), '4');
    await hands.fill(label('Month'), '5');
    await hands.fill(label('Year'), '2022');
    await hands.tick(label('Child in need'));
    await submit('Continue');

    await page.waitForURL(/children$/);
    await seen('add-another-child');
    await hands.tick(label('No'));
    await submit('Continue');

    await page.waitForURL(/agencies$/);
    await seen('agencies');
    await hands.tick(label(CSC));
    await submit('Continue');

    await page.waitForURL(/category$/);
    await seen('category');
    await hands.tick(label('The need for action'));
    await submit('Continue');

    const text = async (url: RegExp, name: string, field: string, value: string) => {
      await page.waitForURL(url);
      await seen(name);
      await hands.fill(label(field), value);
      await submit('Continue');
    };
    await text(
      /disagreement$/,
      'disagreement',
      'What exactly do you disagree about?',
      'The referral was closed without a home visit.',
    );
    await page.waitForURL(/evidence$/);
    await seen('evidence');
    await hands.fill(label('The nature of your concern'), 'Bruising seen twice in a week');
    await hands.fill(label('The source of your concern'), 'Key worker; incident log');
    await submit('Continue');
    await text(
      /actions-to-date$/,
      'actions-to-date',
      'What has been done so far?',
      'Phoned the duty social worker on Monday.',
    );
    await text(/outcome$/, 'outcome', 'What outcome are you seeking?', 'A home visit this week.');

    await page.waitForURL(/immediate-risk$/);
    await seen('immediate-risk');
    expect(await page.locator('.govuk-caption-l').first().textContent()).toBe('Question 10 of 10');
    await hands.tick(label('No'));
    await submit('Continue');

    // no child at immediate risk: no deadline question, straight to check the answers
    await page.waitForURL(/check$/);
    await seen('check-answers');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain(CSC);
    await submit('Raise the disagreement');

    await page.waitForURL(/raised$/);
    await seen('confirmation');
    const reference = await page.locator('.govuk-panel__body strong').textContent();
    expect(reference).toMatch(/^ESC-[A-Z0-9]{8}$/);
    expect(await page.locator('main').textContent()).toContain('by 5pm');
    await hands.press(page.getByRole('link', { name: 'Go to the case' }));

    await page.waitForURL(/\/cases\/[0-9a-f-]+$/);
    await seen('case');
    await hands.press(page.getByRole('button', { name: 'Record a discussion' }));
    await page.waitForURL(/record-discussion$/);
    await seen('record-discussion');
    await hands.tick(label('By phone'));
    await hands.fill(label('Who took part'), 'Sam, duty social worker');
    await hands.fill(label('Summary of the discussion'), 'Talked it through; still disagreed.');
    await hands.fill(label('Outcome'), 'Not resolved: escalate to managers.');
    await submit('Record the discussion');

    await page.waitForURL(/done=record-discussion$/);
    await seen('discussion-recorded');
    await hands.press(page.getByRole('button', { name: 'Escalate' }));
    await page.waitForURL(/escalate$/);
    await seen('escalate');
    await hands.fill(label('Escalate to the next stage'), 'No home visit has been arranged.');
    await submit('Escalate');

    await page.waitForURL(/done=escalate$/);
    await seen('escalated');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toMatch(/Stage\s*2:/);
    // the pre-school's DSL and social care's manager hold stage 2
    expect(await page.locator('#whose-turn').textContent()).toBe('It is your turn');
    expect(await page.locator('main table').first().textContent()).toContain(cscHolder.name);
    await hands.press(page.getByRole('button', { name: 'Resolve' }));
    await page.waitForURL(/resolve$/);
    await seen('resolve');
    await hands.fill(label('The outcome that was agreed'), 'A home visit on Thursday.');
    // who agreed it at each agency: the DSL (holding stage 2 for the pre-school) is filled in;
    // the other side's holder is named
    expect(await page.locator('input[name^="agreed-"]').count()).toBe(2);
    expect(await label('Acorn Lane Pre-school').inputValue()).toBe(
      `${dsl.name}, ${ROLE_LABELS.dsl}`,
    );
    await hands.fill(label(CSC), `${cscHolder.name}, team manager`);
    await submit('Record the resolution');

    // resolving closes the case for everyone: the Interruption panel asks first
    await page.locator('.govuk-panel--interruption').waitFor();
    await seen('resolve-are-you-sure', true);
    expect(await page.locator('h1').textContent()).toContain(
      'Are you sure the disagreement is resolved?',
    );
    await submit('Yes, record the resolution');

    await page.waitForURL(/done=resolve$/);
    await seen('resolved');
    expect(await page.locator('main .govuk-tag').first().textContent()).toContain('Resolved');
    expect(await page.locator('main').textContent()).toContain(cscHolder.name);
    expect(errors).toEqual([]);
    return checked;
  }

  it('with the mouse, no accessibility violations on any page; screenshots saved', {
    timeout: 120_000,
  }, async () => {
    const page = await browser.newPage();
    const pages = await journey(page, mouse, true, 'A.B.');
    expect(pages.length).toBe(22);
    await page.close();
  });

  it('with the keyboard alone (Tab, Space, Enter; arrows within a radio group)', {
    timeout: 120_000,
  }, async () => {
    const page = await browser.newPage();
    await journey(page, keyboard(page), false, 'C.D.');
    await page.close();
  });

  it('the partnership team reads the access log from the case page, without violations', {
    timeout: 60_000,
  }, async () => {
    const team = t.people.find(
      (p) => p.role === 'partnership-team' && p.partnership === dsl.partnership,
    ) as PersonSummary;
    await givePasswords(t.store, [team]);
    const page = await browser.newPage();
    const errors = watchForErrors(page);
    await submitPassword(page, base, team);
    await enterAuthenticatorCode(page, base, team, t);
    const { id } = await t.store.db
      .selectFrom('cases')
      .select('id')
      .orderBy('raised_at')
      .executeTakeFirstOrThrow();
    await page.goto(`${base}/cases/${id}`);
    await page.getByRole('link', { name: 'See who has read this disagreement' }).click();
    await page.waitForURL(/access-log$/);
    expect(await page.locator('h1').textContent()).toContain('Who has read this disagreement');
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with JavaScript turned off', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const checker = await browser.newContext();
    await journey(page, mouse, false, 'E.F.', await checker.newPage());
    // no script ran: GOV.UK Frontend never marked the body as supported
    expect(await page.locator('body').getAttribute('class')).not.toContain(
      'govuk-frontend-supported',
    );
    await checker.close();
    await context.close();
  });
});
