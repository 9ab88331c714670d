import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { setNetworkArea } from '../networks/network-areas.usecases.ts';
import { actorWith } from '../networks/networks.test-support.ts';
import { type CoordinatorWorld, insertMember, seedCoordinatorWorld } from './coordinator.test-support.ts';

describe('the people at addresses that entered or left a network', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: CoordinatorWorld;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    world = await seedCoordinatorWorld(app.database, app.clock);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  async function removeAreaOfA(): Promise<string> {
    const by = { actor: actorWith('zone-admin', 'zone_admin', { zoneId: world.zoneId }), ip: null };
    await setNetworkArea({ database: app.database, clock: app.clock, ids: app.ids, by, networkId: world.networkA, geojson: { type: 'FeatureCollection', features: [] } });
    const change = await app.database.db.selectFrom('network_area_changes').select('id').where('network_id', '=', world.networkA).orderBy('at', 'desc').executeTakeFirstOrThrow();
    return change.id;
  }

  it('given a member living at an address that left the area, the coordinator sees them listed as left, and the read is audited', async () => {
    const covered = await app.database.db.selectFrom('network_addresses').select('address_id').where('network_id', '=', world.networkA).executeTakeFirstOrThrow();
    const annaId = await insertMember(app.database, app.clock.now(), { networkId: world.networkA, zoneId: world.zoneId, firstName: 'Anna', lastName: 'Aerts' });
    await app.database.db.updateTable('person_addresses').set({ address_id: covered.address_id }).where('person_id', '=', annaId).execute();
    await insertMember(app.database, app.clock.now(), { networkId: world.networkB, zoneId: world.zoneId, firstName: 'Bert', lastName: 'Buiten' });
    const changeId = await removeAreaOfA();

    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    const response = await server.inject({ url: `/networks/${world.networkA}/area-changes/${changeId}`, headers: { cookie: coordinator.cookie } });

    expect(response.statusCode).toBe(200);
    const [enteredPart, leftPart] = response.body.split('Adressen die wegvielen');
    expect(leftPart).toContain('Anna Aerts');
    expect(enteredPart).not.toContain('Anna Aerts');
    expect(response.body).not.toContain('Bert Buiten');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'members.area_change_read', objectId: world.networkA, actorId: coordinator.accountId });
  });

  it('given a coordinator of another network, the list is refused', async () => {
    const changeId = await removeAreaOfA();
    const other = await signedInAs(app, 'coordinator', { networkId: world.networkB });
    const response = await server.inject({ url: `/networks/${world.networkA}/area-changes/${changeId}`, headers: { cookie: other.cookie } });
    expect(response.statusCode).toBe(403);
  });

  it('given a change of another network, the page answers 404', async () => {
    const changeId = await removeAreaOfA();
    const coordinatorOfB = await signedInAs(app, 'coordinator', { networkId: world.networkB });
    const response = await server.inject({ url: `/networks/${world.networkB}/area-changes/${changeId}`, headers: { cookie: coordinatorOfB.cookie } });
    expect(response.statusCode).toBe(404);
  });
});
