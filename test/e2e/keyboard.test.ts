import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PASSWORD, createAccount } from '../../src/modules/accounts/accounts.test-support.ts';
import { navigation, pageLanguage, useBrowserHarness } from './support/browser.ts';

/** The element that has the keyboard focus, described as tag#id.class. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return 'nothing';
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${Array.from(element.classList, (name) => `.${name}`).join('')}`;
  });
}

/** Presses Tab until the element matching `target` has the focus (as a person would), at most `limit` times. */
async function tabTo(page: Page, target: string, limit = 20): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, target)) return;
  }
  throw new Error(`${target} was not reached with ${limit} presses of Tab (focus is on ${await focused(page)})`);
}

describe('keyboard use', () => {
  const harness = useBrowserHarness();

  it('given the home page, the first Tab reaches the skip link and Enter moves the focus to the main content', async () => {
    const page = await harness.newPage();
    await page.goto('/');

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a.skip-link');
    expect(await page.locator('a.skip-link').isVisible()).toBe(true);

    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('main#main');
  });

  it('given the home page, the language can be switched to French with the keyboard alone', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    expect(await pageLanguage(page)).toBe('nl');

    await tabTo(page, '#language-select');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#language-select').inputValue()).toBe('fr');
    await tabTo(page, '.language-switcher button[type="submit"]', 1);
    const response = await navigation(page, () => page.keyboard.press('Enter'));

    expect(response.status()).toBe(200);
    expect(await pageLanguage(page)).toBe('fr');
    expect(await page.locator('#language-select').inputValue()).toBe('fr');
  });

  it('given a coordinator with a password, signing in works with the keyboard alone', async () => {
    const account = await createAccount(harness.platform.app, { role: 'coordinator' });
    const page = await harness.newPage();
    await page.goto('/sign-in');

    await tabTo(page, '#field-email');
    await page.keyboard.type(account.email);
    await tabTo(page, '#field-password', 1);
    await page.keyboard.type(PASSWORD);
    const response = await navigation(page, () => page.keyboard.press('Enter'));

    expect(response.status()).toBe(200);
    // A coordinator's home: their network (the list, for an account without one yet).
    expect(new URL(page.url()).pathname).toBe('/networks');
    expect(await page.locator('form[action="/sign-out"]').count()).toBe(1);
    expect(await page.locator('a[href="/account"]').count()).toBe(1);
  });
});
