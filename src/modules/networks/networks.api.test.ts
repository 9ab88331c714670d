import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { createZone } from '../accounts/accounts.test-support.ts';
import { KERKSTRAAT_WEST, featureCollection, importDemoAddresses } from './networks.test-support.ts';

describe('networks through /api/v1', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let zoneId: string;
  let admin: TestUser;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    zoneId = await createZone(app, 'DEMO');
    admin = await signedInAs(app, 'zone_admin', { zoneId });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    server.inject({ method, url, headers: { cookie: user.cookie, 'x-csrf-token': user.csrf, 'accept-language': 'en' }, ...(payload ? { payload } : {}) });

  it('given the OpenAPI document, it describes the network routes with their permissions', async () => {
    const document = (await server.inject({ url: '/api/docs' })).json() as { paths: Record<string, Record<string, { operationId: string; 'x-permission': string }>> };
    expect(document.paths['/api/v1/networks']?.get).toMatchObject({ operationId: 'listNetworks', 'x-permission': 'networks.read' });
    expect(document.paths['/api/v1/networks']?.post).toMatchObject({ operationId: 'createNetwork', 'x-permission': 'networks.manage' });
    expect(document.paths['/api/v1/networks/{id}']?.get).toMatchObject({ operationId: 'getNetwork' });
    expect(document.paths['/api/v1/networks/{id}']?.patch).toMatchObject({ operationId: 'updateNetwork', 'x-permission': 'networks.manage' });
    expect(document.paths['/api/v1/networks/{id}/status']?.post).toMatchObject({ operationId: 'changeNetworkStatus' });
  });

  it('given a zone admin, a network is created, given an area and a street list, and read back with them', async () => {
    await importDemoAddresses(app.database, app.clock);
    const created = await call(admin, 'POST', '/api/v1/networks', { zoneId, code: '101', name: 'BIN Kerkstraat', kind: 'residential' });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    const patched = await call(admin, 'PATCH', `/api/v1/networks/${id}`, {
      name: 'BIN Kerkstraat-West',
      area: featureCollection(KERKSTRAAT_WEST),
      streets: [{ street: 'Stationsstraat', postcode: '3079', from: 1, to: 20, parity: 'odd', buffer: false }],
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'BIN Kerkstraat-West', code: '101', status: 'proposed' });
    const detail = (await call(admin, 'GET', `/api/v1/networks/${id}`)).json() as { area: { features: Array<{ geometry: unknown }> }; streets: unknown[]; addressCount: number };
    expect(detail.area.features.map((f) => f.geometry)).toEqual([KERKSTRAAT_WEST]);
    expect(detail.streets).toEqual([expect.objectContaining({ street: 'Stationsstraat', from: 1, to: 20, parity: 'odd', buffer: false })]);
    expect(detail.addressCount).toBe(57 + 10);
    const activated = await call(admin, 'POST', `/api/v1/networks/${id}/status`, { status: 'active' });
    expect(activated.json()).toMatchObject({ status: 'active' });
    const list = (await call(admin, 'GET', '/api/v1/networks')).json() as { items: Array<{ id: string }> };
    expect(list.items.map((n) => n.id)).toEqual([id]);
  });

  it('given a self-intersecting area, PATCH answers 400 with the translated reason on the area field', async () => {
    const { id } = (await call(admin, 'POST', '/api/v1/networks', { zoneId, code: '101', name: 'BIN', kind: 'rural' })).json() as { id: string };
    const bowTie = { type: 'Polygon', coordinates: [[[4.52, 50.87], [4.53, 50.88], [4.53, 50.87], [4.52, 50.88], [4.52, 50.87]]] };
    const response = await call(admin, 'PATCH', `/api/v1/networks/${id}`, { area: bowTie });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation.failed', fields: [{ field: 'area', messageKey: 'geography.selfIntersecting' }] } });
  });

  it('given a dispatcher of another zone, the network is not found', async () => {
    const { id } = (await call(admin, 'POST', '/api/v1/networks', { zoneId, code: '101', name: 'BIN', kind: 'rural' })).json() as { id: string };
    const stranger = await signedInAs(app, 'police_dispatcher', { zoneId: await createZone(app, 'OTHER') });
    expect((await call(stranger, 'GET', `/api/v1/networks/${id}`)).statusCode).toBe(404);
    expect(((await call(stranger, 'GET', '/api/v1/networks')).json() as { items: unknown[] }).items).toEqual([]);
  });
});
