import { beforeAll, describe, expect, it } from 'vitest';
import { alertLinkPath } from '../../src/modules/alerts/alert-links.models.ts';
import { publishAlert } from '../../src/modules/alerts/alert-planning.usecases.ts';
import { DISPATCHER, FIELDS, addMember, publishInput, seedAlertZone, untilPlanned } from '../../src/modules/alerts/alerts.test-support.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useBrowserHarness } from './support/browser.ts';

/**
 * The page a member opens from the SMS at night, on a phone: the urgency in the heading, what to
 * do and 112/101 before anything else, then what is known as labelled lines, in their language.
 */
describe("the member's alert page on a phone", () => {
  const harness = useBrowserHarness();
  let links: { nl: string; fr: string };

  beforeAll(async () => {
    const app = harness.platform.app;
    const now = app.clock.now();
    await seedAlertZone(app, now);
    await addMember(app, { id: 'anna', language: 'nl' }, now);
    await addMember(app, { id: 'benoit', language: 'fr' }, now);
    const checklist = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };
    const { alert } = await publishAlert({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist, fields: { ...FIELDS, where: 'Kerkstraat 20' } }), target: { kind: 'networks', networkIds: ['net-a'] } });
    await untilPlanned(app, alert.id); // the members' links work once they are in the audience
    const secret = app.config.security.sessionSecret;
    links = { nl: alertLinkPath(secret, alert.id, 'anna'), fr: alertLinkPath(secret, alert.id, 'benoit') };
  });

  it('given a red alert opened at 390 px, the heading says urgent, 112/101 come first and every field is a labelled line, without sideways scrolling', async () => {
    const page = await harness.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    await page.goto(links.nl);

    const heading = page.locator('.alert-heading');
    expect(await heading.locator('.alert-tag').textContent()).toBe('Dringend');
    expect(await heading.locator('h1').textContent()).toBe('DRINGEND BIN-bericht: Inbraak bezig');
    expect(await heading.locator('h1').evaluate((element) => getComputedStyle(element).color)).toBe('rgb(164, 22, 26)');
    // What to do and the emergency numbers come before the facts.
    const order = await page.locator('article h2').allTextContents();
    expect(order).toEqual(['Wat kunt u doen?', 'Wat weten we?']);
    expect(await page.locator('.alert-actions .emergency').textContent()).toBe('Noodgeval: bel 112. Iets gezien? Bel de politie op 101.');
    const lines = await page.locator('.alert-facts > div').evaluateAll((rows) => rows.map((row) => [row.querySelector('dt')!.textContent, row.querySelector('dd')!.textContent]));
    expect(lines).toEqual([
      ['Wat', 'Inbraak bezig'],
      ['Waar', 'Kerkstraat 20'],
      ['Wanneer', 'nu'],
      ['Persoon/personen', 'twee mannen in donkere kledij'],
      ['Voertuig', 'witte bestelwagen'],
      ['Richting', 'E40'],
      ['Advies', 'Doe de buitenverlichting aan.'],
    ]);
    expect(await page.locator('#alert-language-note').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoAxeViolations(page);
  });

  it('given a French member and the text typed in Dutch, the page says so in French, and at 200 % zoom nothing runs off the side', async () => {
    // 200 % zoom of a 1280 px window is a 640 px wide layout at twice the pixels.
    const page = await harness.newPage({ viewport: { width: 640, height: 400 }, locale: 'fr-BE' });
    await page.goto(links.fr);
    expect(await page.locator('#alert-language-note').textContent()).toBe('La police a rédigé la description en néerlandais ; seuls les intitulés sont traduits.');
    expect(await page.locator('.alert-facts dt').first().textContent()).toBe('Quoi');
    expect(await page.locator('.alert-facts dd').first().getAttribute('lang')).toBe('nl');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
  });
});
