import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromium } from 'playwright-core';
import { publishAlert } from '../../src/modules/alerts/alert-planning.usecases.ts';
import { DISPATCHER, ZONE, addMember, publishInput, seedAlertZone, untilPlanned } from '../../src/modules/alerts/alerts.test-support.ts';
import { wavToPcm } from '../../src/channels/voice/wav.ts';
import { navigation, signInContext } from './support/browser.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.ts';
import { type TestPlatform, startTestPlatform } from './support/platform.ts';

// Chromium's fake microphone (a beep) stands in for the dispatcher's: the page records it, turns it
// into a wav in the browser and sends it with the form.

describe('an update recorded in the browser', () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    platform = await startTestPlatform();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] });
  });
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('given a dispatcher who records two seconds and sends, the update carries that recording', async () => {
    const { app } = platform;
    await seedAlertZone(app, Date.now());
    await addMember(app, { id: 'm1', networks: ['net-a'], red: ['voice'], contacts: [{ kind: 'landline', value: '+3250440001' }] }, Date.now());
    const { alert } = await publishAlert({ app, by: DISPATCHER, target: { kind: 'networks', networkIds: ['net-a'] }, input: publishInput() });
    await untilPlanned(app, alert.id);
    const context = await browser.newContext({ baseURL: platform.url, locale: 'nl-BE' });
    await context.grantPermissions(['microphone']);
    await signInContext(context, platform, 'police_dispatcher', { zoneId: ZONE });
    const page = await context.newPage();
    await page.goto(`/incidents/${alert.incidentId}/recorded-update`);

    await page.getByRole('button', { name: 'Opnemen' }).click();
    await expect.poll(() => page.locator('#recorder-status').textContent()).toBe('Opname loopt…');
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: 'Stoppen' }).click();
    await expect.poll(() => page.locator('#recorder-status').textContent(), { timeout: 10_000 }).toMatch(/^Opname klaar \(2 s\)/);
    await page.getByLabel('Korte tekst voor sms en e-mail').fill('De verdachten zijn gevat.');
    const landed = await navigation(page, () => page.getByRole('button', { name: 'Update versturen' }).click());
    expect(landed.status()).toBe(200);

    const update = await app.database.db.selectFrom('alerts').selectAll().where('incident_id', '=', alert.incidentId).where('kind', '=', 'update').executeTakeFirstOrThrow();
    const pcm = wavToPcm((await app.blobs.get(`recordings/${update.audio_file!}`))!.data)!;
    expect(pcm.length / 8000).toBeGreaterThan(1.5);
    expect(pcm.length / 8000).toBeLessThan(3.5);
    expect(await page.locator('audio').first().getAttribute('src')).toBe(`/alerts/${update.id}/audio`);
    await context.close();
  }, 60_000);
});
