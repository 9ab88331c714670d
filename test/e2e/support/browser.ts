import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '../../../src/modules/accounts/authorization.models.ts';
import type { Locale } from '../../../src/web/i18n/locales.ts';
import { type TestUser, signedInAs } from '../../support/app.ts';
import { launchBrowser } from './chromium.ts';
import { type TestPlatform, startTestPlatform } from './platform.ts';

/** Who looks at a page: nobody signed in, or a staff account holding one role. */
export type Visitor = 'anonymous' | Role;

export type Scope = Parameters<typeof signedInAs>[2];

export type ContextOptions = {
  as?: Visitor;
  /** Where the role is granted (zone, dispatch centre or network); platform roles need none. */
  scope?: Scope;
  /** Lets tests inject scripts such as axe-core despite the platform's strict CSP. */
  bypassCSP?: boolean;
  viewport?: { width: number; height: number };
  /** The browser's language (Accept-Language); the platform follows it until a language is chosen. */
  locale?: string;
};

export type VisitorContext = { context: BrowserContext; user: TestUser | null };

export type BrowserHarness = {
  readonly platform: TestPlatform;
  readonly browser: Browser;
  /** A fresh browser context (cookies of its own), signed in as `as` unless anonymous. */
  newContext: (options?: ContextOptions) => Promise<VisitorContext>;
  /** A page in a fresh context of its own. */
  newPage: (options?: ContextOptions) => Promise<Page>;
};

/** Puts the session of a staff account created by `signedInAs` into a browser context. */
export async function signInContext(context: BrowserContext, platform: TestPlatform, role: Role, scope: Scope = {}): Promise<TestUser> {
  const user = await signedInAs(platform.app, role, scope);
  const separator = user.cookie.indexOf('=');
  await context.addCookies([{ name: user.cookie.slice(0, separator), value: user.cookie.slice(separator + 1), url: platform.url, httpOnly: true, sameSite: 'Lax' }]);
  return user;
}

/**
 * One platform and one browser per test file, shared by its tests: starting them once keeps the
 * browser tests fast. Call at the top of a file (or describe block); use inside tests only.
 */
export function useBrowserHarness(): BrowserHarness {
  let platform: TestPlatform | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Both start at once; whichever started is stopped after, even when the other failed.
    const [startedPlatform, startedBrowser] = await Promise.allSettled([startTestPlatform(), launchBrowser()]);
    if (startedPlatform.status === 'fulfilled') platform = startedPlatform.value;
    if (startedBrowser.status === 'fulfilled') browser = startedBrowser.value;
    if (startedPlatform.status === 'rejected') throw startedPlatform.reason;
    if (startedBrowser.status === 'rejected') throw startedBrowser.reason;
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  const started = () => {
    if (!platform || !browser) throw new Error('the browser harness is used outside a test');
    return { platform, browser };
  };
  const newContext = async (options: ContextOptions = {}): Promise<VisitorContext> => {
    const { platform, browser } = started();
    const context = await browser.newContext({ baseURL: platform.url, bypassCSP: options.bypassCSP ?? false, viewport: options.viewport ?? { width: 1280, height: 800 }, locale: options.locale ?? 'nl-BE' });
    const visitor = options.as ?? 'anonymous';
    const user = visitor === 'anonymous' ? null : await signInContext(context, platform, visitor, options.scope);
    return { context, user };
  };
  return {
    get platform() {
      return started().platform;
    },
    get browser() {
      return started().browser;
    },
    newContext,
    newPage: async (options) => (await newContext(options)).context.newPage(),
  };
}

/** The language the page says it is in (`<html lang>`). */
export function pageLanguage(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

/**
 * Runs an action that makes the page load a new document (a link followed, a form submitted) and
 * returns the response of the document it lands on, after redirects.
 */
export async function navigation(page: Page, action: () => Promise<unknown>): Promise<Response> {
  let landed = null as Response | null;
  const onResponse = (response: Response) => {
    if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) landed = response;
  };
  page.on('response', onResponse);
  try {
    await Promise.all([page.waitForEvent('load'), action()]);
  } finally {
    page.off('response', onResponse);
  }
  if (!landed) throw new Error('the action loaded no new document');
  return landed;
}

/** Chooses a language with the switcher in the page header, as a person would, and waits for the page to come back in it. */
export async function switchLanguage(page: Page, locale: Locale): Promise<void> {
  await page.locator('#language-select').selectOption(locale);
  await navigation(page, () => page.locator('.language-switcher button[type="submit"]').click());
  const lang = await pageLanguage(page);
  if (lang !== locale) throw new Error(`the language switcher left the page in "${lang}" instead of "${locale}"`);
}
