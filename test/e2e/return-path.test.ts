import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PASSWORD, createAccount } from '../../src/modules/accounts/accounts.test-support.ts';
import { totpCode } from '../../src/modules/accounts/totp.models.ts';
import { navigation, useBrowserHarness } from './support/browser.ts';

/** Records every request the context makes to another origin, and stops it there. */
async function watchOtherOrigins(context: BrowserContext, origin: string): Promise<string[]> {
  const elsewhere: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    elsewhere.push(url);
    return route.abort('blockedbyclient');
  });
  return elsewhere;
}

// Finding 1 and 2 of the security review: Chromium followed "Location: /\t/evil.example" to
// http://evil.example/, and CR/LF or non-Latin-1 characters made the server answer 500.
describe('returnTo in a real browser', () => {
  const harness = useBrowserHarness();
  const HOSTILE = ['%2F%09%2Fevil.example', '%2F%0A%2Fx', '%2F%E3%80%80', '%2F%5C%2Fevil.example'];

  it.each(HOSTILE)('given a signed-in person who opens /sign-in?returnTo=%s, Chromium stays on the platform', async (returnTo) => {
    const { context } = await harness.newContext({ as: 'coordinator' });
    const origin = harness.platform.url;
    const elsewhere = await watchOtherOrigins(context, origin);
    const page = await context.newPage();
    const response = await page.goto(`/sign-in?returnTo=${returnTo}`);
    expect(response?.status()).toBe(200);
    // The safe fallback: the home page, which leads a signed-in person on to their role's page.
    expect(new URL(page.url()).origin).toBe(origin);
    expect(elsewhere).toEqual([]);
    await context.close();
  });

  it.each(HOSTILE)('given returnTo=%s, signing in with password and TOTP in Chromium lands on the platform', async (returnTo) => {
    const account = await createAccount(harness.platform.app, { role: 'police_dispatcher', totp: true });
    const { context } = await harness.newContext();
    const origin = harness.platform.url;
    const elsewhere = await watchOtherOrigins(context, origin);
    const page = await context.newPage();
    await page.goto(`/sign-in?returnTo=${returnTo}`);
    await page.fill('#field-email', account.email);
    await page.fill('#field-password', PASSWORD);
    await navigation(page, () => page.locator('main button[type="submit"]').first().click());
    expect(new URL(page.url()).pathname).toBe('/sign-in/totp');
    await page.fill('#field-code', totpCode(account.secret!, harness.platform.app.clock.now()));
    const landed = await navigation(page, () => page.locator('main button[type="submit"]').first().click());
    expect(landed.status()).toBe(200);
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe('/console'); // the dispatcher's home
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});
