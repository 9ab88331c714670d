import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/support/app.ts';
import type { Actor } from '../modules/accounts/authorization.models.ts';
import { zoneEvaluation } from '../modules/evaluation/evaluation.usecases.ts';
import { createManualClock } from '../shared/clock.ts';
import { DEMO_ALERT_COUNT, loadDemoActivity } from './demo-activity.ts';
import { DEMO_STEPS } from './demo.ts';

describe('the demo year', () => {
  let app: TestApp;
  let zoneId: string;
  const officer = (zone: string): Actor => ({ accountId: 'officer', name: 'Officer', email: 'o@example.test', grants: [{ id: 'g', role: 'zone_admin', zoneId: zone, dispatchCentreId: null, networkId: null, zoneIds: [zone], networkIds: [] }] });

  beforeAll(async () => {
    app = await createTestApp({ clock: createManualClock(Date.UTC(2026, 10, 28, 12)) });
    for (const step of DEMO_STEPS) await step.run(app);
    zoneId = (await app.zones.findByCode('DEMO'))!.id;
  }, 120_000);
  afterAll(() => app.database.destroy());

  it('given the demo, PZ Demo has a year of alerts, reach, feedback and members leaving with reasons', async () => {
    const figures = await zoneEvaluation({ app, actor: officer(zoneId), zoneId, year: 2026 });
    expect(figures.alerts.total).toBeGreaterThan(100);
    expect(figures.alerts.red).toBeGreaterThan(30);
    expect(figures.alerts.exercises).toBeGreaterThan(0);
    expect(figures.alerts.byMonth.filter((m) => m.red + m.green > 0).length).toBeGreaterThanOrEqual(10);
    expect(figures.alerts.byHour.filter((count) => count > 0).length).toBeGreaterThan(8);
    expect(figures.reach.red.median50).not.toBeNull();
    expect(figures.reach.red.median90!).toBeGreaterThan(figures.reach.red.median50!);
    expect(figures.channels.map((c) => c.channel).sort()).toEqual(['email', 'sms', 'voice']);
    expect(figures.results.withResult).toBeGreaterThan(0);
    expect(figures.results.withoutResult).toBeGreaterThan(0);
    expect(figures.sightings).toBeGreaterThan(0);
    expect(figures.reports.total).toBeGreaterThan(20);
    expect(figures.ratings.useful).toBeGreaterThan(figures.ratings.notUseful);
    expect(figures.ratings.comments.length).toBeGreaterThan(0);
    expect(figures.membership.left).toBeGreaterThan(5);
    expect(figures.membership.joined).toBeGreaterThan(0);
    expect(figures.membership.reasons.counted[0]).toMatchObject({ reason: 'Te veel berichten' });
    expect(figures.membership.activeAtStart).toBeGreaterThan(100);
  });

  it('given the demo year loaded, a second run adds nothing', async () => {
    const before = await app.database.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await loadDemoActivity(app)).toEqual({ created: 0 });
    const after = await app.database.db.selectFrom('deliveries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const alerts = await app.database.db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(alerts.n)).toBeGreaterThan(DEMO_ALERT_COUNT);
    expect(Number(alerts.n)).toBeLessThan(2 * DEMO_ALERT_COUNT);
  });
});
