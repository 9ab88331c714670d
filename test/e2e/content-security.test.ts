import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserHarness } from './support/browser.ts';
import { type PageFixtures, PAGES, openPageCase, seedPageFixtures } from './support/pages.ts';

/** Script elements with content of their own (no src): the CSP would block them. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]).filter((tag) => !/\ssrc\s*=/i.test(tag));
}

/** Style elements and style attributes: the CSP would block both. */
function inlineStyles(html: string): string[] {
  return [...html.matchAll(/<style\b[^>]*>|<[a-z][^>]*\sstyle\s*=[^>]*>/gi)].map((match) => match[0]);
}

describe('no inline script or style on any page (strict CSP)', () => {
  const harness = useBrowserHarness();
  let fixtures: PageFixtures;

  beforeAll(async () => {
    fixtures = await seedPageFixtures(harness.platform.app);
  });

  it.each(PAGES)('given the $name page, the HTML has no inline script or style, the CSP header is sent and the browser reports no violation', async (pageCase) => {
    const page = await harness.newPage({ as: pageCase.as, scope: pageCase.scope?.(fixtures) ?? {} });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });

    const response = await openPageCase(page, pageCase, fixtures);

    expect(response.status()).toBe(pageCase.status ?? 200);
    const html = await response.text();
    expect(inlineScripts(html)).toEqual([]);
    expect(inlineStyles(html)).toEqual([]);
    const csp = (await response.allHeaders())['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(refused).toEqual([]);
  });

  it('given a page with an inline style and script, the checks above see both', () => {
    const html = '<p style="color:red">x</p><script>alert(1)</script><script src="/assets/map.js"></script><style>p{}</style>';
    expect(inlineScripts(html)).toEqual(['<script>']);
    expect(inlineStyles(html)).toEqual(['<p style="color:red">', '<style>']);
  });
});
