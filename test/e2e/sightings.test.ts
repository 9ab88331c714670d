import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAYTIME, addMember, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { sendAlertToNetworkA } from '../../src/modules/alerts/sightings.test-support.ts';
import { jpegWithMetadata } from '../../src/shared/image-metadata.test-support.ts';
import { LOCALES } from '../../src/web/i18n/locales.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { navigation, pageLanguage, useBrowserHarness } from './support/browser.ts';

/**
 * The member's alert page with its "What did you see?" form. It is not a row of the page table
 * (support/pages.ts): that table opens every page in the language chosen with the switcher, while
 * this page speaks the member's own language, so it is checked here once per member language.
 */
describe('the alert page of a member, with the sighting form', () => {
  const harness = useBrowserHarness();
  let alert: Awaited<ReturnType<typeof sendAlertToNetworkA>>;
  const member = (locale: string) => `member-${locale}`;

  beforeAll(async () => {
    const app = harness.platform.app;
    await seedAlertZone(app, DAYTIME);
    for (const locale of LOCALES) await addMember(app, { id: member(locale), language: locale }, DAYTIME);
    alert = await sendAlertToNetworkA(app, LOCALES.map(member));
  });
  afterAll(async () => {
    await harness.platform.app.blobs.remove(await harness.platform.app.blobs.list('sightings/'));
  });

  /** A member's browser with CSP reports collected (axe needs the CSP bypassed, so it gets its own page). */
  async function memberPage(options: { axe?: boolean } = {}): Promise<{ page: Page; refused: string[] }> {
    const page = await harness.newPage({ bypassCSP: options.axe ?? false });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    return { page, refused };
  }

  it.each(LOCALES)('given a member whose language is %s, the page and its refused empty form pass axe-core', async (locale) => {
    const { page } = await memberPage({ axe: true });
    const opened = await page.goto(alert.links[member(locale)]!);
    expect(opened?.status()).toBe(200);
    expect(await pageLanguage(page)).toBe(locale);
    expect(await page.locator('#field-text').count()).toBe(1);
    await expectNoAxeViolations(page);

    const refused = await navigation(page, () => page.locator('#sighting button[type="submit"]').click());

    expect(refused.status()).toBe(400);
    expect(await page.locator('#sighting .error-summary').count()).toBe(1);
    await expectNoAxeViolations(page);
  });

  it('given a dispatcher on the live view, a sighting with a photo sent by a member appears there without a reload, and its photo opens as an image', async () => {
    const dispatcher = await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: 'zone-alerts' }, locale: 'en-GB' });
    await dispatcher.goto(`/alerts/${alert.alertId}`);
    expect(await dispatcher.locator('#alert-live-sightings li').count()).toBe(0);

    const { page, refused } = await memberPage();
    await page.goto(alert.links[member('nl')]!);
    await page.locator('#field-text').fill('Witte bestelwagen stopte aan nummer 12');
    await page.locator('#field-photo').setInputFiles({ name: 'IMG_0042.JPG', mimeType: 'image/jpeg', buffer: jpegWithMetadata() });
    const sent = await navigation(page, () => page.locator('#sighting button[type="submit"]').click());
    expect(sent.status()).toBe(200);
    expect(await page.locator('#sighting [role="status"]').textContent()).toBe('Bedankt. De politie heeft ontvangen wat u zag.');
    expect(refused).toEqual([]);

    const item = dispatcher.locator('#alert-live-sightings li');
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await item.locator('p').textContent()).toBe('Witte bestelwagen stopte aan nummer 12');
    expect(await item.locator('span').textContent()).toContain('BIN Kerkstraat');
    expect(await dispatcher.locator('#alert-live-sightings-none').isHidden()).toBe(true);

    const photo = await navigation(dispatcher, () => item.locator('a').click());
    expect(photo.headers()['content-type']).toBe('image/jpeg');
    // The browser decodes what was stored: stripping left a valid JPEG of 2×2 pixels.
    expect(await dispatcher.evaluate(() => [document.images[0]?.naturalWidth, document.images[0]?.naturalHeight])).toEqual([2, 2]);
  });
});
