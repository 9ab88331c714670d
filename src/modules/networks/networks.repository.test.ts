import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createSequentialIds } from '../../shared/ids.ts';
import { createAccountsRepository } from '../accounts/accounts.repository.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createZonesRepository } from '../zones/zones.repository.ts';
import { createNetworkAreasRepository } from './network-areas.repository.ts';
import { actorWith, rectangle } from './networks.test-support.ts';
import { createNetworksRepository } from './networks.repository.ts';
import { changeNetworkStatus, createNetwork, updateNetwork } from './networks.usecases.ts';

describe.each(TEST_DIALECTS)('networks on %s', (dialect) => {
  let database: TestDatabase;
  const clock = createManualClock();
  const ids = createSequentialIds('n');
  const admin = actorWith('admin-1', 'zone_admin', { zoneId: 'zone-a' });
  const by = { actor: admin, ip: '192.0.2.1' };
  const deps = () => ({ database, clock, ids, by });
  const networks = () => createNetworksRepository({ database });

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    const zones = createZonesRepository({ database });
    for (const id of ['zone-a', 'zone-b']) await zones.insert({ id, code: id.toUpperCase(), name: id, languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: clock.now() });
  });
  afterEach(async () => {
    await database.destroy();
  });

  const found = (zoneId = 'zone-a', code = '101') => createNetwork({ ...deps(), by: { actor: actorWith('admin-x', 'zone_admin', { zoneId }) }, input: { zoneId, code, name: `BIN ${code}`, kind: 'residential', description: '' } });

  it('given a new network, it starts as proposed with one history entry and an audit entry in its zone', async () => {
    const network = await found();
    expect(network).toMatchObject({ status: 'proposed', code: '101', zoneId: 'zone-a' });
    const history = await networks().listStatusChanges(network.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([[null, 'proposed']]);
    const [entry] = await createAuditRepository({ database }).list({ zoneIds: ['zone-a'], limit: 1 });
    expect(entry).toMatchObject({ action: 'network.created', objectId: network.id, zoneId: 'zone-a' });
  });

  it('given the status guard, a network goes proposed → active → suspended → active → dissolved and no further, with dates and reasons kept', async () => {
    const network = await found();
    await changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'active', reason: '' } });
    clock.advance(86_400_000);
    await changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'suspended', reason: 'Coordinator moved away' } });
    clock.advance(86_400_000);
    await changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'active', reason: '' } });
    clock.advance(86_400_000);
    const dissolved = await changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'dissolved', reason: 'Merged with BIN 102' } });
    expect(dissolved).toMatchObject({ status: 'dissolved', statusChangedAt: clock.now() });
    await expect(changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'active', reason: '' } })).rejects.toMatchObject({ code: 'networks.invalid_transition' });
    const history = await networks().listStatusChanges(network.id);
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
      ['active', 'dissolved', 'Merged with BIN 102'],
      ['suspended', 'active', ''],
      ['active', 'suspended', 'Coordinator moved away'],
      ['proposed', 'active', ''],
      [null, 'proposed', ''],
    ]);
  });

  it('given a proposed network, it cannot be suspended, and suspending an active one without a reason is refused', async () => {
    const network = await found();
    await expect(changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'suspended', reason: 'x' } })).rejects.toMatchObject({ code: 'networks.invalid_transition' });
    await changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'active', reason: '' } });
    await expect(changeNetworkStatus({ ...deps(), networkId: network.id, input: { status: 'suspended', reason: '' } })).rejects.toMatchObject({ code: 'networks.reason_required' });
    expect((await networks().findById(network.id))!.status).toBe('active');
  });

  it('given a code used in one zone, the same zone refuses it and another zone accepts it', async () => {
    await found('zone-a', '101');
    await expect(found('zone-a', '101')).rejects.toMatchObject({ code: 'networks.code_taken', kind: 'conflict' });
    const other = await found('zone-b', '101');
    expect(other.zoneId).toBe('zone-b');
    const second = await found('zone-a', '102');
    await expect(updateNetwork({ ...deps(), networkId: second.id, input: { code: '101', name: 'x', kind: 'rural', description: '' } })).rejects.toMatchObject({ code: 'networks.code_taken' });
  });

  it('given a zone admin of another zone, creating or changing a network there is refused', async () => {
    const network = await found('zone-b', '201');
    await expect(createNetwork({ ...deps(), input: { zoneId: 'zone-b', code: '1', name: 'x', kind: 'other', description: '' } })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(updateNetwork({ ...deps(), networkId: network.id, input: { code: '201', name: 'Stolen', kind: 'rural', description: '' } })).rejects.toMatchObject({ kind: 'not_found' });
    expect((await networks().findById(network.id))!.name).toBe('BIN 201');
  });

  it('given people and areas, the repository lists them by network and the zone police by grant', async () => {
    const network = await found();
    const accounts = createAccountsRepository({ database });
    await accounts.insert({ id: 'acc-police', email: 'agent@example.test', name: 'Agent An', now: clock.now() });
    await accounts.insert({ id: 'acc-citizen', email: 'jan@example.test', name: 'Jan Peeters', now: clock.now() });
    await accounts.insertGrant({ id: 'g1', account_id: 'acc-police', role: 'police_dispatcher', zone_id: 'zone-a', dispatch_centre_id: null, network_id: null, granted_by: null, now: clock.now() });
    await networks().addPerson({ networkId: network.id, accountId: 'acc-citizen', role: 'coordinator', now: clock.now() });
    await networks().addPerson({ networkId: network.id, accountId: 'acc-police', role: 'officer', now: clock.now() });
    expect((await networks().listPeople([network.id])).map((p) => [p.role, p.name])).toEqual([
      ['coordinator', 'Jan Peeters'],
      ['officer', 'Agent An'],
    ]);
    expect((await networks().listZonePolice('zone-a')).map((p) => p.id)).toEqual(['acc-police']);
    expect(await networks().listZonePolice('zone-b')).toEqual([]);
    const areas = createNetworkAreasRepository({ database });
    await areas.replaceAreas(network.id, [{ id: 'area-1', geometry: rectangle(4.52, 50.87, 4.53, 50.88) }], clock.now());
    expect((await areas.areasAround({ lat: 50.875, lon: 4.525 })).map((a) => a.id)).toEqual(['area-1']);
    expect(await areas.areasAround({ lat: 50.9, lon: 4.525 })).toEqual([]);
  });
});
