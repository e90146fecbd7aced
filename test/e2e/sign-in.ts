/**
 * Sign-in's second step in Chromium, as a person would do it: on the set-up page, type the key
 * shown into the "app" (compute its code) and enter the code; on the code page, enter the code of
 * the app set up earlier (computed from the secret the service stored).
 */
import type { Page } from 'playwright-core';
import type { PersonSummary } from '../../src/services/people.js';
import type { TestApp } from '../support/app.js';
import { TEST_TOTP_KEY } from '../support/app.js';
import { codeFor, currentCode } from '../support/authenticator.js';

export async function enterAuthenticatorCode(
  page: Page,
  base: string,
  person: PersonSummary,
  t: TestApp,
): Promise<void> {
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 5000 }).catch(() => {});
  const path = new URL(page.url()).pathname;
  if (path === '/sign-in/set-up') {
    const key = ((await page.locator('#key').textContent()) ?? '').replace(/\s/g, '');
    await page
      .getByLabel('Enter the 6-digit code the app now shows')
      .fill(codeFor(key, t.clock.now));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/sign-in/recovery-codes`, { timeout: 5000 });
    await page.getByRole('button', { name: 'I have saved my codes, continue' }).click();
  } else if (path === '/sign-in/code') {
    const code = await currentCode(
      { db: t.store.db, key: TEST_TOTP_KEY, clock: t.clock },
      person.id,
    );
    await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForURL(`${base}/cases`, { timeout: 5000 });
}
