import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createSequentialIds } from '../../shared/ids.ts';
import { createAddressesRepository } from '../geography/addresses.repository.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';
import { addNetworkStreet, setNetworkArea } from './network-areas.usecases.ts';
import { createNetworkAssignmentRepository } from './network-assignment.repository.ts';
import { areaChangeAddressIds, assignAddress, assignAllAddresses, recomputeNetworkAddresses } from './network-assignment.usecases.ts';
import { createNetworkAreasRepository } from './network-areas.repository.ts';
import { DEMO_ADDRESSES, KERKSTRAAT_MIDDLE, KERKSTRAAT_WEST, actorWith, featureCollection, importDemoAddresses, rectangle } from './networks.test-support.ts';
import { createNetwork } from './networks.usecases.ts';

/** The sample's rows as [street, house number, box], read straight from the file. */
function sampleRows(): Array<{ bestId: string; street: string; number: number; houseNumber: string; box: string }> {
  const [, ...lines] = readFileSync(DEMO_ADDRESSES, 'utf8').trim().split('\n');
  return lines.map((line) => line.split(',')).map((f) => ({ bestId: `https://data.vlaanderen.be/id/adres/${f[4]}`, street: f[17]!, number: Number.parseInt(f[6]!, 10), houseNumber: f[6]!, box: f[5]! }));
}

describe.each(TEST_DIALECTS)('assigning addresses to networks on %s', (dialect) => {
  let database: TestDatabase;
  const clock = createManualClock();
  const ids = createSequentialIds('a');
  const by = { actor: actorWith('admin-1', 'zone_admin', { zoneId: 'zone-a' }) };
  const deps = () => ({ database, clock, ids, by });
  let networkId: string;

  /** The BeSt ids of the addresses a network covers, sorted. */
  async function coveredBestIds(id = networkId): Promise<string[]> {
    const assigned = await createNetworkAssignmentRepository({ database }).assignmentsOf(id);
    const addresses = createAddressesRepository({ database });
    const bestIds = await Promise.all([...assigned.keys()].map(async (addressId) => (await addresses.findById(addressId))!.bestId));
    return bestIds.sort();
  }
  const expected = (filter: (row: ReturnType<typeof sampleRows>[number]) => boolean) => sampleRows().filter(filter).map((r) => r.bestId).sort();

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    await createZonesRepository({ database }).insert({ id: 'zone-a', code: 'A', name: 'PZ A', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: clock.now() });
    await importDemoAddresses(database, clock);
    networkId = (await createNetwork({ ...deps(), input: { zoneId: 'zone-a', code: '101', name: 'BIN Kerkstraat', kind: 'residential', description: '' } })).id;
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('given a polygon around the west end of Kerkstraat, exactly Kerkstraat 1 to 50 (with 12A, 12B and the boxes of 24) belong to the network', async () => {
    const summary = await setNetworkArea({ ...deps(), networkId, geojson: featureCollection(KERKSTRAAT_WEST) });
    const want = expected((r) => r.street === 'Kerkstraat' && r.number <= 50);
    expect(want).toHaveLength(57);
    expect(summary).toMatchObject({ entered: 57, left: 0 });
    expect(await coveredBestIds()).toEqual(want);
  });

  it('given a street list of Stationsstraat 1 to 20 on the odd side, the ten odd numbers belong to the network, as a street source', async () => {
    const summary = await addNetworkStreet({ ...deps(), networkId, input: { street: 'Stationsstr.', postcode: '3079', from: 1, to: 20, parity: 'odd', buffer: false } });
    expect(summary.entered).toBe(10);
    expect(await coveredBestIds()).toEqual(expected((r) => r.street === 'Stationsstraat' && r.number <= 20 && r.number % 2 === 1));
    const sources = new Set((await createNetworkAssignmentRepository({ database }).assignmentsOf(networkId)).values());
    expect([...sources]).toEqual(['street']);
  });

  it('given the area moved east, the change records who entered and who left', async () => {
    await setNetworkArea({ ...deps(), networkId, geojson: featureCollection(KERKSTRAAT_WEST) });
    const summary = await setNetworkArea({ ...deps(), networkId, geojson: featureCollection(KERKSTRAAT_MIDDLE) });
    const entered = expected((r) => r.street === 'Kerkstraat' && r.number >= 51 && r.number <= 70);
    const left = expected((r) => r.street === 'Kerkstraat' && r.number <= 30);
    expect(summary).toMatchObject({ entered: entered.length, left: left.length });
    expect(await coveredBestIds()).toEqual(expected((r) => r.street === 'Kerkstraat' && r.number >= 31 && r.number <= 70));
    const [latest] = await createNetworkAssignmentRepository({ database }).listAreaChanges(networkId, 5);
    expect(latest).toMatchObject({ enteredCount: 20, leftCount: left.length, actorId: 'admin-1' });
    const change = await areaChangeAddressIds({ database, actor: by.actor, changeId: latest!.id });
    const addresses = createAddressesRepository({ database });
    const toBest = async (list: string[]) => (await Promise.all(list.map(async (id) => (await addresses.findById(id))!.bestId))).sort();
    expect(await toBest(change!.entered)).toEqual(entered);
    expect(await toBest(change!.left)).toEqual(left);
  });

  it('given an area and a buffer street, an address in both counts once with the area as its source', async () => {
    await setNetworkArea({ ...deps(), networkId, geojson: featureCollection(KERKSTRAAT_WEST) });
    await addNetworkStreet({ ...deps(), networkId, input: { street: 'Kerkstraat', postcode: '3079', from: 40, to: 60, parity: 'all', buffer: true } });
    const assigned = await createNetworkAssignmentRepository({ database }).assignmentsOf(networkId);
    const addresses = createAddressesRepository({ database });
    const [k45] = await addresses.findByParts({ postcode: '3079', street: 'Kerkstraat', houseNumber: '45' });
    const [k55] = await addresses.findByParts({ postcode: '3079', street: 'Kerkstraat', houseNumber: '55' });
    expect(assigned.get(k45!.id)).toBe('area');
    expect(assigned.get(k55!.id)).toBe('buffer');
    expect(assigned.size).toBe(57 + 10);
  });

  it('given a new address, assignAddress returns the networks whose area or street list cover it', async () => {
    await setNetworkArea({ ...deps(), networkId, geojson: featureCollection(KERKSTRAAT_WEST) });
    const other = await createNetwork({ ...deps(), input: { zoneId: 'zone-a', code: '102', name: 'BIN Kerk-Oost', kind: 'residential', description: '' } });
    await addNetworkStreet({ ...deps(), networkId: other.id, input: { street: 'Kerkstraat', postcode: '3079', from: null, to: null, parity: 'all', buffer: false } });
    const addresses = createAddressesRepository({ database });
    await addresses.upsertMany([{ bestId: 'new-1', streetNl: 'Kerkstraat', streetFr: null, streetDe: null, houseNumber: '7B', box: null, postcode: '3079', municipalityNl: 'Heidebeek', municipalityFr: null, municipalityDe: null, lat: 50.87887, lon: 4.5257, status: 'proposed' }], { ids, now: clock.now() });
    const created = (await addresses.findByBestId('new-1'))!;
    expect(await assignAddress({ database, clock, addressId: created.id })).toEqual([networkId, other.id].sort());
    const outside = await addresses.findByParts({ postcode: '3079', street: 'Molenveldlaan', houseNumber: '1' });
    expect(await assignAddress({ database, clock, addressId: outside[0]!.id })).toEqual([]);
  });

  it('given networks set up before the addresses were imported, assignAllAddresses assigns every address and records the change', async () => {
    const empty = await createTestDatabase(dialect);
    try {
      await createZonesRepository({ database: empty }).insert({ id: 'zone-a', code: 'A', name: 'PZ A', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: clock.now() });
      const network = await createNetwork({ database: empty, clock, ids, by, input: { zoneId: 'zone-a', code: '101', name: 'BIN', kind: 'residential', description: '' } });
      await createNetworkAreasRepository({ database: empty }).replaceAreas(network.id, [{ id: 'shape-1', geometry: KERKSTRAAT_WEST }], clock.now());
      const stations = await createNetwork({ database: empty, clock, ids, by, input: { zoneId: 'zone-a', code: '102', name: 'BIN Station', kind: 'residential', description: '' } });
      await createNetworkAreasRepository({ database: empty }).replaceStreets(stations.id, [{ id: 's-1', street: 'Stationsstraat', postcode: '3079', from: null, to: null, parity: 'even', buffer: false }], clock.now());
      await importDemoAddresses(empty, clock);
      const report = await assignAllAddresses({ database: empty, clock, ids, batchSize: 50 });
      expect(report).toEqual({ addresses: 297, networksChanged: 2, entered: 57 + 40, left: 0 });
      expect(await assignAllAddresses({ database: empty, clock, ids })).toMatchObject({ networksChanged: 0, entered: 0, left: 0 });
      expect(await createNetworkAssignmentRepository({ database: empty }).listAreaChanges(stations.id, 5)).toHaveLength(1);
    } finally {
      await empty.destroy();
    }
  });

  it('given an unchanged area, a recompute changes nothing and records an empty change', async () => {
    await setNetworkArea({ ...deps(), networkId, geojson: featureCollection(rectangle(4.5245, 50.8787, 4.53, 50.8793)) });
    expect(await recomputeNetworkAddresses({ database, clock, ids, networkId })).toMatchObject({ entered: 0, left: 0 });
    expect(await coveredBestIds()).toHaveLength(57);
  });
});
