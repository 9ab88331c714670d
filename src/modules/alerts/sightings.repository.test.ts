import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { type ConsoleWorld, insertAlert, seedConsoleWorld } from '../console/console.test-support.ts';
import { type Sighting, type SightingsRepository, createSightingsRepository } from './sightings.repository.ts';

const T0 = Date.UTC(2026, 0, 15, 9, 0);

describe.each(TEST_DIALECTS)('sightings repository (%s)', (dialect) => {
  let database: TestDatabase;
  let sightings: SightingsRepository;
  let world: ConsoleWorld;
  let first: { incidentId: string; alertId: string };
  let update: { incidentId: string; alertId: string };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    sightings = createSightingsRepository({ database });
    world = await seedConsoleWorld(database, T0);
    first = await insertAlert(database, T0, { zoneId: world.zoneId });
    update = await insertAlert(database, T0 + 60_000, { zoneId: world.zoneId, incidentId: first.incidentId, kind: 'update' });
  });
  afterEach(() => database.destroy());

  const sighting = (overrides: Partial<Sighting> & { id: string }): Sighting => ({
    incidentId: first.incidentId,
    alertId: first.alertId,
    zoneId: world.zoneId,
    personId: world.anna,
    networkId: world.networkA,
    text: 'Witte bestelwagen',
    photoPath: null,
    photoType: null,
    photoSize: null,
    createdAt: T0 + 1000,
    ...overrides,
  });

  it('given sightings on two alerts of one incident, the timeline lists all oldest first and the live view newest first, with network names', async () => {
    await sightings.insert(sighting({ id: 's1', createdAt: T0 + 1000 }));
    await sightings.insert(sighting({ id: 's2', alertId: update.alertId, personId: world.carla, networkId: world.networkB, text: 'Twee mannen', photoPath: 's2.jpg', photoType: 'image/jpeg', photoSize: 1234, createdAt: T0 + 2000 }));
    await sightings.insert(sighting({ id: 's3', networkId: null, createdAt: T0 + 3000 }));

    expect(await sightings.listByIncident(first.incidentId)).toEqual([
      { id: 's1', alertId: first.alertId, text: 'Witte bestelwagen', networkName: 'BIN Kerkstraat', hasPhoto: false, createdAt: T0 + 1000 },
      { id: 's2', alertId: update.alertId, text: 'Twee mannen', networkName: 'BIN Stationsstraat', hasPhoto: true, createdAt: T0 + 2000 },
      { id: 's3', alertId: first.alertId, text: 'Witte bestelwagen', networkName: null, hasPhoto: false, createdAt: T0 + 3000 },
    ]);
    expect((await sightings.newestForAlert(first.alertId, 2)).map((s) => s.id)).toEqual(['s3', 's2']);
    expect((await sightings.newestForAlert(update.alertId, 10)).map((s) => s.id)).toEqual(['s3', 's2', 's1']);
    expect(await sightings.findById('s2')).toMatchObject({ photoPath: 's2.jpg', photoType: 'image/jpeg', photoSize: 1234, createdAt: T0 + 2000 });
  });

  it('given sightings of one person on one alert, they are counted per alert and person', async () => {
    await sightings.insert(sighting({ id: 's1' }));
    await sightings.insert(sighting({ id: 's2' }));
    await sightings.insert(sighting({ id: 's3', alertId: update.alertId }));
    await sightings.insert(sighting({ id: 's4', personId: world.bert }));

    expect(await sightings.countByPerson(first.alertId, world.anna)).toBe(2);
    expect(await sightings.countByPerson(update.alertId, world.anna)).toBe(1);
    expect(await sightings.countByPerson(first.alertId, world.carla)).toBe(0);
  });

  it('given a new sighting, the change mark of every alert of the incident changes; an alert of another incident keeps its mark', async () => {
    const other = await insertAlert(database, T0, { zoneId: world.zoneId });
    const before = [await sightings.changeMark(first.alertId), await sightings.changeMark(update.alertId), await sightings.changeMark(other.alertId)];

    await sightings.insert(sighting({ id: 's1' }));

    const after = [await sightings.changeMark(first.alertId), await sightings.changeMark(update.alertId), await sightings.changeMark(other.alertId)];
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[2]).toBe(before[2]);
  });

  it("given a member of two networks, the alert's own network is preferred, then the first by name; none outside the zone", async () => {
    await database.db.insertInto('memberships').values({ id: 'm-anna-b', person_id: world.anna, network_id: world.networkB, status: 'active', reason: null, created_at: T0, updated_at: T0 }).execute();

    expect(await sightings.memberNetwork(world.anna, world.zoneId, [world.networkB])).toBe(world.networkB);
    expect(await sightings.memberNetwork(world.anna, world.zoneId, [])).toBe(world.networkA);
    expect(await sightings.memberNetwork(world.anna, world.otherZoneId, [])).toBeNull();
  });

  it('given an incident with a result message, its state says so; a deleted incident takes its sightings along', async () => {
    expect(await sightings.incidentState(first.incidentId)).toEqual({ status: 'open', closedAt: null, alerts: expect.arrayContaining([{ kind: 'initial', status: 'sending' }, { kind: 'update', status: 'sending' }]) });
    await insertAlert(database, T0, { zoneId: world.zoneId, incidentId: first.incidentId, kind: 'result' });
    expect((await sightings.incidentState(first.incidentId))!.alerts).toContainEqual({ kind: 'result', status: 'sending' });
    expect(await sightings.incidentState('no-such-incident')).toBeUndefined();

    await sightings.insert(sighting({ id: 's1', photoPath: 's1.png', photoType: 'image/png', photoSize: 10 }));
    expect(await sightings.knownPhotoPaths(['s1.png', 'gone.jpg'])).toEqual(new Set(['s1.png']));
    await database.db.deleteFrom('incidents').where('id', '=', first.incidentId).execute();
    expect(await sightings.findById('s1')).toBeUndefined();
    expect(await sightings.knownPhotoPaths(['s1.png'])).toEqual(new Set());
  });
});
