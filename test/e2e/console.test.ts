import { beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleWorld, dispatch, insertAlert, planSteps, seedConsoleWorld } from '../../src/modules/console/console.test-support.ts';
import { useBrowserHarness } from './support/browser.ts';

describe('the live view of an alert in the browser', () => {
  const harness = useBrowserHarness();
  let world: ConsoleWorld;
  let alertId: string;

  beforeAll(async () => {
    const app = harness.platform.app;
    const now = app.clock.now();
    world = await seedConsoleWorld(app.database, now);
    ({ alertId } = await insertAlert(app.database, now, { zoneId: world.zoneId }));
    await planSteps(app.database, alertId, [world.anna, world.bert].map((personId) => ({ personId, channel: 'email' as const })), now);
  });

  it('given two dispatchers on the page with its CSP, a delivery that goes out updates the counts in both without a reload', async () => {
    const pages = [
      await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: world.zoneId }, locale: 'en-GB' }),
      await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: world.zoneId }, locale: 'en-GB' }),
    ];
    for (const page of pages) {
      await page.goto(`/alerts/${alertId}`);
      await expect.poll(() => page.locator('#alert-live-changes li').count()).toBeGreaterThan(0);
      expect(await page.locator('#alert-live-summary').textContent()).toContain('0 of 2 reached');
    }

    await dispatch(harness.platform.app.database, 'email', [{ personId: world.anna, kind: 'sent' }], harness.platform.app.clock.now());

    for (const page of pages) {
      await expect.poll(() => page.locator('#alert-live-summary').textContent(), { timeout: 10_000 }).toContain('1 of 2 reached');
      expect(await page.locator('[data-cell="email:sent"]').textContent()).toBe('1');
    }
  });
});
