import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The promise of the platform: WCAG 2.2 level AA (with the 2.0 and 2.1 A/AA rules it includes). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

type AxeWindow = { axe?: { run: (context: Document, options: object) => Promise<AxeResults> } };

/** Runs axe-core on the page as it is now and returns one line per violation: rule, help text, offending elements. */
export async function axeViolations(page: Page): Promise<string[]> {
  const injected = await page.evaluate(() => Boolean((window as unknown as AxeWindow).axe));
  if (!injected) {
    // The platform's CSP forbids injected scripts: the page must come from a context made with bypassCSP.
    await page.addScriptTag({ content: AXE_SOURCE }).catch((error: unknown) => {
      throw new Error(`could not inject axe-core (is the browser context made with bypassCSP: true?): ${String(error)}`);
    });
  }
  const results = await page.evaluate(
    (tags) => (window as unknown as AxeWindow).axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    [...AXE_TAGS],
  );
  return results.violations.map((violation) => `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Fails the test with every axe-core violation (WCAG 2.2 AA tags) found on the page. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page), `accessibility violations on ${page.url()}`).toEqual([]);
}
