import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/web/i18n/locales.ts';
import { axeViolations, expectNoAxeViolations } from './support/axe.ts';
import { pageLanguage, switchLanguage, useBrowserHarness } from './support/browser.ts';
import { type PageCase, type PageFixtures, PAGES, openPageCase, seedPageFixtures } from './support/pages.ts';

// Every page of the table, in every language, checked by axe-core against WCAG 2.2 AA.
describe('accessibility of every page (axe-core, WCAG 2.2 AA)', () => {
  const harness = useBrowserHarness();
  let fixtures: PageFixtures;
  // One browser context per visitor and language: the language is chosen once, with the switcher.
  const visitors = new Map<string, Page>();

  beforeAll(async () => {
    fixtures = await seedPageFixtures(harness.platform.app);
  });

  async function visitorPage(pageCase: PageCase, locale: Locale): Promise<Page> {
    const scope = pageCase.scope?.(fixtures) ?? {};
    const key = JSON.stringify([pageCase.as, scope, locale]);
    let page = visitors.get(key);
    if (!page) {
      page = await harness.newPage({ as: pageCase.as, scope, bypassCSP: true });
      await page.goto('/');
      await switchLanguage(page, locale);
      visitors.set(key, page);
    }
    return page;
  }

  describe.each(LOCALES)('in %s', (locale) => {
    it.each(PAGES)('given the $name page, axe-core finds no violation', async (pageCase) => {
      const page = await visitorPage(pageCase, locale);
      const response = await openPageCase(page, pageCase, fixtures);
      expect(response.status()).toBe(pageCase.status ?? 200);
      expect(await pageLanguage(page)).toBe(locale);
      await expectNoAxeViolations(page);
    });
  });

  it('given a page with an unlabelled field and faint text, the check fails naming both rules and the elements', async () => {
    const page = await harness.newPage({ bypassCSP: true });
    await page.setContent('<!doctype html><html lang="en"><head><title>Faulty</title></head><body><main><h1>Faulty</h1><input id="nameless" type="text"><p id="faint" style="color:#d0d0d0">Faint</p></main></body></html>');

    const violations = await axeViolations(page);

    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(/^label .*#nameless/), expect.stringMatching(/^color-contrast .*#faint/)]));
    await expect(expectNoAxeViolations(page)).rejects.toThrow(/accessibility violations/);
  });
});
