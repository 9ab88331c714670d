import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/support/app.ts';
import { DEMO_NETWORKS, loadDemoNetworks } from './demo-networks.ts';
import { DEMO_STEPS } from './demo.ts';

describe('the demo networks', () => {
  let app: TestApp;

  beforeEach(async () => {
    app = await createTestApp();
    for (const step of DEMO_STEPS.filter((s) => s.run !== loadDemoNetworks)) await step.run(app);
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  it('given PZ Demo, three active networks 101, 102 and 103 cover parts of the sample, one through a street list', async () => {
    const result = await loadDemoNetworks(app);
    expect(result.created).toBe(1 + DEMO_NETWORKS.length);
    expect(await app.addresses.count()).toBe(297);
    const zone = (await app.zones.findByCode('DEMO'))!;
    const networks = await app.networks.listByZone(zone.id);
    expect(networks.map((n) => [n.code, n.status]).sort()).toEqual([['101', 'active'], ['102', 'active'], ['103', 'active']]);
    const counts = await app.networkAssignments.countAddresses(networks.map((n) => n.id));
    const byCode = (code: string) => counts.get(networks.find((n) => n.code === code)!.id);
    expect(byCode('101')).toBe(57);
    // Stationsstraat 1-58 (north of 50.8745) and all 50 houses of Émile Verhaerenlaan.
    expect(byCode('102')).toBe(58 + 50);
    // Molenveldlaan 1-40 and the buffer street Kerkstraat 90-100.
    expect(byCode('103')).toBe(40 + 11);
    const street = networks.find((n) => n.code === '103')!;
    expect(await app.networkAreas.listStreets([street.id])).toHaveLength(2);
  });

  it('given the demo loaded once, a second run creates nothing', async () => {
    await loadDemoNetworks(app);
    expect(await loadDemoNetworks(app)).toEqual({ created: 0 });
    expect(await app.networks.list({ zoneIds: 'all' })).toHaveLength(DEMO_NETWORKS.length);
  });
});
