import { beforeAll, describe, expect, it } from 'vitest';
import { ZONE, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { useBrowserHarness } from './support/browser.ts';

/** Sign-in leads to `/` when no page was asked for: each role lands on its own work from there. */
describe("each role's home after signing in", () => {
  const harness = useBrowserHarness();

  beforeAll(async () => {
    await seedAlertZone(harness.platform.app, harness.platform.app.clock.now());
  });

  it.each([
    ['a dispatcher', 'police_dispatcher', { zoneId: ZONE }, '/console'],
    ['a BIN officer (zone admin)', 'zone_admin', { zoneId: ZONE }, '/admin'],
    ['a coordinator', 'coordinator', { networkId: 'net-a' }, '/networks/net-a'],
  ] as const)('given %s, the home page opens their own work', async (_, role, scope, path) => {
    const page = await harness.newPage({ as: role, scope });
    const response = await page.goto('/');
    expect(response!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(path);
  });

  it('given nobody signed in, the home page is the public one', async () => {
    const page = await harness.newPage();
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('h1').count()).toBe(1);
  });

  it('given a dispatcher who asked for a page before signing in, sign-in still leads there, not home', async () => {
    const page = await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: ZONE } });
    await page.goto('/sign-in?returnTo=%2Falerts%2Fnew');
    expect(new URL(page.url()).pathname).toBe('/alerts/new');
  });
});
