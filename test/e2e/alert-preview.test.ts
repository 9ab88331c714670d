import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAlertSettingsRepository } from '../../src/modules/alert-settings/alert-settings.repository.ts';
import { ZONE, addMember, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { navigation, useBrowserHarness } from './support/browser.ts';

/** A red alert composed to the end of the preview, as a dispatcher does it at night. */
async function composeRedAlert(page: Page): Promise<void> {
  await page.goto('/alerts/new');
  await page.getByLabel('Dringend (rood)', { exact: false }).check();
  await page.getByLabel('Wat', { exact: true }).fill('Inbraak bezig');
  await page.getByLabel('Waar', { exact: true }).fill('Kerkstraat 20');
  await page.getByLabel('Voertuig', { exact: true }).fill('witte bestelwagen');
  for (const label of ['De feiten gebeuren nu', 'Er is een concrete beschrijving', 'Het bericht brengt de bewoners niet in gevaar', 'Op heterdaad']) await page.getByLabel(label, { exact: false }).check();
  await page.getByLabel('BIN Kerkstraat').check();
  await navigation(page, () => page.getByRole('button', { name: 'Voorbeeld bekijken' }).click());
}

const backgroundOf = (page: Page, selector: string) => page.locator(selector).evaluate((element) => getComputedStyle(element).backgroundColor);

/**
 * The preview a dispatcher reads before a red alert leaves: the type in words and in red, every call
 * the escalation adds, the SMS exactly as it leaves, and one primary action with a stop that looks
 * like what it is.
 */
describe('the preview of an alert', () => {
  const harness = useBrowserHarness();

  beforeAll(async () => {
    const app = harness.platform.app;
    const now = app.clock.now();
    await seedAlertZone(app, now);
    await createAlertSettingsRepository({ database: app.database }).saveSettings({ zoneId: ZONE, escalation: { channel: 'voice', afterMinutes: 10 }, coordinatorsMaySendGreen: false, greenNeedsApproval: false }, now);
    for (const id of ['p1', 'p2', 'p3']) await addMember(app, { id, red: ['sms'], networks: ['net-a'] }, now);
  });

  it('given a red alert, the preview says it is urgent in words and in red, shows the SMS with its sender and parts, and counts the escalation calls', async () => {
    const page = await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: ZONE }, bypassCSP: true });
    await composeRedAlert(page);

    const banner = page.locator('#alert-severity');
    expect(await banner.textContent()).toContain('Dringend bericht (rood)');
    expect(await banner.evaluate((element) => getComputedStyle(element).borderLeftColor)).toBe('rgb(164, 22, 26)');
    expect(await page.locator('#alert-preview-count').textContent()).toContain('3 personen ontvangen dit bericht.');
    expect(await page.locator('#alert-preview-escalation').textContent()).toBe('Daarna nog 3 oproepen na 10 minuten, aan wie dan nog niet bevestigd heeft: hoogstens 3 oproepen in totaal.');

    const sms = page.locator('[data-sms-preview="nl"]');
    const smsText = (await sms.locator('pre').textContent())!;
    expect(smsText).toMatch(/^BIN Kerkstraat: Inbraak bezig\. Kerkstraat 20\. Voertuig: witte bestelwagen\. .*Bel 101\.\nhttp:\/\/127\.0\.0\.1:\d+\/s\/\w{10}$/);
    expect(await sms.locator('[data-sms-parts]').textContent()).toBe(`1 sms-deel · ${smsText.length} tekens`);
    await expectNoAxeViolations(page);
  });

  it('given the dispatcher presses send, the stop button appears beside it as a secondary button that looks different, and stops the countdown', async () => {
    const page = await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: ZONE } });
    await composeRedAlert(page);
    // One primary action on the page: every other button of the form is secondary.
    expect(await page.locator('#alert-send-form button:not(.secondary)').count()).toBe(1);

    await page.getByRole('button', { name: 'Nu verzenden' }).click();
    const stop = page.getByRole('button', { name: 'Niet verzenden' });
    await expect.poll(() => stop.isVisible()).toBe(true);
    expect(await stop.getAttribute('class')).toBe('secondary');
    expect(await backgroundOf(page, '#alert-send-cancel')).toBe('rgb(255, 255, 255)');
    expect(await backgroundOf(page, '#alert-send')).toBe('rgb(164, 22, 26)');
    await stop.click();
    expect(await page.locator('#alert-countdown').textContent()).toContain('Verzenden gestopt');
    expect(await page.locator('#alert-send').isEnabled()).toBe(true);
  });

  it('given a short text over its limit is pasted, the text is kept whole and the counter says how many characters too many', async () => {
    const page = await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: ZONE } });
    await composeRedAlert(page);
    const field = page.getByLabel('Korte tekst, Nederlands', { exact: false });
    await field.fill('x'.repeat(450));
    expect((await field.inputValue()).length).toBe(450);
    expect(await page.locator('#field-shortText_nl-counter').textContent()).toBe('U hebt 150 tekens te veel.');
  });
});
