import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, TEST_DIALECTS, createTestDatabase } from '../../../test/support/databases.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import { createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import { createNetworksRepository } from '../networks/networks.repository.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';
import { countReasons, median, timeToShare, yearPeriod } from './evaluation.models.ts';
import { type EvaluationFixture, MINUTE, seedEvaluationFixture } from './evaluation.test-support.ts';
import { type EvaluationApp, networkEvaluation, zoneEvaluation } from './evaluation.usecases.ts';

const actor = (role: Actor['grants'][number]['role'], scope: { zoneId?: string; networkId?: string }, accountId = 'acc-1'): Actor => ({
  accountId,
  name: 'Test',
  email: 'test@example.test',
  grants: [{ id: 'g', role, zoneId: scope.zoneId ?? null, dispatchCentreId: null, networkId: scope.networkId ?? null, zoneIds: scope.zoneId ? [scope.zoneId] : [], networkIds: scope.networkId ? [scope.networkId] : [] }],
});

describe('the evaluation arithmetic', () => {
  it('given the year 2026, the period runs from Belgian midnight on 1 January to the next', () => {
    expect(yearPeriod(2026)).toEqual({ from: Date.UTC(2025, 11, 31, 23), to: Date.UTC(2026, 11, 31, 23) });
  });

  it('given an audience of 5 of whom 4 were reached, 50 % is the third person and 90 % was never reached', () => {
    expect(timeToShare(0, 5, [4, 1, 3, 2], 0.5)).toBe(3);
    expect(timeToShare(0, 5, [4, 1, 3, 2], 0.9)).toBeNull();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('given leave reasons in other spellings, they count as one and empty ones apart', () => {
    expect(countReasons(['Verhuisd', ' verhuisd ', 'Te veel  berichten', null, ''])).toEqual({ counted: [{ reason: 'Verhuisd', count: 2 }, { reason: 'Te veel berichten', count: 1 }], withoutReason: 2 });
  });
});

describe.each(TEST_DIALECTS)('the yearly evaluation figures (%s)', (dialect) => {
  let database: TestDatabase;
  let app: EvaluationApp;
  let world: EvaluationFixture;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    app = { database, zones: createZonesRepository({ database }), networks: createNetworksRepository({ database }), deliveries: createDeliveriesRepository({ database }) };
    world = await seedEvaluationFixture(database);
  });
  afterAll(() => database.destroy());

  it('given the small year, the zone report holds the figures computed by hand', async () => {
    const figures = await zoneEvaluation({ app, actor: actor('zone_admin', { zoneId: world.zoneId }), zoneId: world.zoneId, year: 2026 });
    expect(figures.alerts).toMatchObject({ total: 4, red: 2, green: 2, exercises: 1 });
    expect(Object.fromEntries(figures.alerts.byCategory.map((c) => [c.key, c.count]))).toEqual({ 'red.initial': 2, 'red.update': 0, 'red.result': 0, 'green.initial': 1, 'green.update': 0, 'green.result': 1, exercise: 1 });
    expect(figures.alerts.byMonth[2]).toEqual({ red: 1, green: 1 });
    expect(figures.alerts.byMonth[6]).toEqual({ red: 1, green: 0 });
    expect(figures.alerts.byMonth[10]).toEqual({ red: 0, green: 1 });
    expect(figures.alerts.byHour.flatMap((count, hour) => (count > 0 ? [[hour, count]] : []))).toEqual([[8, 1], [14, 1], [15, 1], [19, 1]]);
    // Red 1: reached after 1, 2, 5 min of 4 (50 %: 2 min, 90 %: never); red 2: 3, 4, 6, 10 min (4 and 10).
    expect(figures.reach.red).toEqual({ alerts: 2, median50: 3 * MINUTE, median90: 10 * MINUTE, never50: 0, never90: 1 });
    // Green 3: 1, 1, 2, 2, 30 min of 5 (2 and 30); the result: 1 of 1 after 1 min.
    expect(figures.reach.green).toEqual({ alerts: 2, median50: 1.5 * MINUTE, median90: 15.5 * MINUTE, never50: 0, never90: 0 });
    expect(figures.reach.redByMonth[2]).toEqual({ alerts: 1, median50: 2 * MINUTE, median90: null });
    expect(figures.audience).toEqual({ people: 14, reached: 13, acknowledged: 1 });
    expect(figures.channels).toEqual([
      { channel: 'voice', steps: 4, reached: 3, acknowledged: 0, failed: 1 },
      { channel: 'sms', steps: 3, reached: 3, acknowledged: 1, failed: 0 },
      { channel: 'email', steps: 7, reached: 7, acknowledged: 0, failed: 0 },
    ]);
    expect(figures.unreachable).toBe(1);
    expect(figures.sightings).toBe(2);
    expect(figures.reports.total).toBe(3);
    expect(figures.reports.byCategory).toEqual([
      { key: 'suspicious_situation', count: 2 },
      { key: 'recurring_nuisance', count: 1 },
      { key: 'prevention_question', count: 0 },
      { key: 'other', count: 0 },
    ]);
    expect(figures.reports.byStatus).toEqual([
      { key: 'new', count: 1 },
      { key: 'in_progress', count: 0 },
      { key: 'closed', count: 2 },
    ]);
    expect(figures.results).toEqual({ redIncidents: 2, withResult: 1, withoutResult: 1, medianMinutes: 75, late: 1 });
    expect(figures.ratings.useful).toBe(2);
    expect(figures.ratings.notUseful).toBe(1);
    expect(figures.ratings.comments.map((c) => [c.useful, c.comment])).toEqual([
      [true, 'Duidelijk bericht'],
      [false, 'Te laat'],
    ]);
    expect(figures.membership).toEqual({
      activeAtStart: 10,
      activeAtEnd: 6,
      joined: 1,
      left: 4,
      removed: 1,
      reasons: { counted: [{ reason: 'Te veel berichten', count: 2 }, { reason: 'Verhuisd', count: 1 }], withoutReason: 1 },
    });
  });

  it('given network A, its report counts its own members only', async () => {
    const figures = await networkEvaluation({ app, actor: actor('coordinator', { networkId: world.networkA }), networkId: world.networkA, year: 2026 });
    expect(figures.alerts).toMatchObject({ total: 4, red: 2, green: 2, exercises: 1 });
    expect(figures.reach.red).toEqual({ alerts: 2, median50: 3 * MINUTE, median90: 10 * MINUTE, never50: 0, never90: 1 });
    // Without P5: green 3 reached 1, 1, 2, 2 min of 4 (1 and 2).
    expect(figures.reach.green).toEqual({ alerts: 2, median50: MINUTE, median90: 1.5 * MINUTE, never50: 0, never90: 0 });
    expect(figures.audience).toEqual({ people: 13, reached: 12, acknowledged: 1 });
    expect(figures.channels.find((c) => c.channel === 'email')).toEqual({ channel: 'email', steps: 6, reached: 6, acknowledged: 0, failed: 0 });
    expect([figures.unreachable, figures.sightings, figures.reports.total]).toEqual([1, 1, 2]);
    expect(figures.membership).toMatchObject({ activeAtStart: 9, activeAtEnd: 5, joined: 1, left: 4, removed: 1 });
  });

  it('given a year without activity, every figure is zero or empty', async () => {
    const figures = await zoneEvaluation({ app, actor: actor('zone_admin', { zoneId: world.zoneId }), zoneId: world.zoneId, year: 2024 });
    expect(figures.alerts.total).toBe(0);
    expect(figures.reach.red).toEqual({ alerts: 0, median50: null, median90: null, never50: 0, never90: 0 });
    expect(figures.results.medianMinutes).toBeNull();
    expect(figures.channels).toEqual([]);
  });

  it('given a coordinator of another network or a BIN officer of another zone, the report is refused', async () => {
    await expect(networkEvaluation({ app, actor: actor('coordinator', { networkId: world.networkB }), networkId: world.networkA, year: 2026 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(zoneEvaluation({ app, actor: actor('zone_admin', { zoneId: world.otherZoneId }), zoneId: world.zoneId, year: 2026 })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(networkEvaluation({ app, actor: actor('police_dispatcher', { zoneId: world.zoneId }), networkId: world.networkA, year: 2026 })).rejects.toMatchObject({ code: 'auth.forbidden' });
  });

  it('given the mandated officer of the network, a dispatcher of the zone, the report opens', async () => {
    const officer = actor('police_dispatcher', { zoneId: world.zoneId }, 'officer-1');
    await database.db.insertInto('accounts').values({ id: 'officer-1', email: 'officer@example.test', name: 'Officer', locale: null, password_hash: null, totp_secret: null, totp_enabled_at: null, totp_pending_secret: null, totp_last_step: null, disabled_at: null, locked_until: null, last_sign_in_at: null, created_at: 0, updated_at: 0 }).execute();
    await app.networks.addPerson({ networkId: world.networkA, accountId: 'officer-1', role: 'officer', now: 0 });
    expect((await networkEvaluation({ app, actor: officer, networkId: world.networkA, year: 2026 })).alerts.total).toBe(4);
    await expect(networkEvaluation({ app, actor: officer, networkId: world.networkB, year: 2026 })).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
