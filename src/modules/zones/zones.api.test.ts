import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';

describe('zones and dispatch centres through /api/v1', () => {
  let app: TestApp;
  let server: FastifyInstance;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const call = (user: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    server.inject({ method, url, headers: { cookie: user.cookie, 'x-csrf-token': user.csrf, 'accept-language': 'en' }, ...(payload ? { payload } : {}) });
  const createZone = async (admin: TestUser, code: string) => (await call(admin, 'POST', '/api/v1/zones', { name: `PZ ${code}`, code, languages: ['nl', 'fr'], defaultLanguage: 'nl' })).json() as { id: string };

  it('given a platform admin, POST creates a zone (201) with an audit entry', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await call(admin, 'POST', '/api/v1/zones', { name: 'PZ Demo', code: 'DEMO', languages: ['nl', 'fr'], defaultLanguage: 'nl' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ code: 'DEMO', name: 'PZ Demo', languages: ['nl', 'fr'], timeZone: 'Europe/Brussels' });
    expect((await app.audit.list({ zoneIds: 'all', limit: 1 }))[0]).toMatchObject({ action: 'zone.created', actorId: admin.accountId });
  });

  it('given a change without the x-csrf-token header, it is refused and nothing is created', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await server.inject({ method: 'POST', url: '/api/v1/zones', headers: { cookie: admin.cookie }, payload: { name: 'PZ X', code: 'XX', languages: ['nl'], defaultLanguage: 'nl' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'web.csrf' } });
    expect(await app.zones.findByCode('XX')).toBeUndefined();
  });

  it('given invalid input, the error lists each field', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await call(admin, 'POST', '/api/v1/zones', { name: '', code: 'a b', languages: ['fr'], defaultLanguage: 'nl' });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: { code: string; fields: Array<{ field: string }> } };
    expect(body.error.code).toBe('validation.failed');
    expect(body.error.fields.map((f) => f.field).sort()).toEqual(['code', 'defaultLanguage', 'name']);
  });

  it('given a PATCH with only a name, the name changes and the languages stay', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const zone = await createZone(admin, 'DEMO');
    const response = await call(admin, 'PATCH', `/api/v1/zones/${zone.id}`, { name: 'PZ Demo-Noord' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'PZ Demo-Noord', languages: ['nl', 'fr'], code: 'DEMO' });
  });

  it('given a PATCH dropping the default language, the merged zone is refused', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const zone = await createZone(admin, 'DEMO');
    const response = await call(admin, 'PATCH', `/api/v1/zones/${zone.id}`, { languages: ['fr'] });
    expect(response.statusCode).toBe(400);
    expect((await app.zones.findById(zone.id))!.languages).toEqual(['nl', 'fr']);
  });

  it('given a zone admin, they list and change their own zone only', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const own = await createZone(admin, 'OWN');
    const other = await createZone(admin, 'OTHER');
    const zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: own.id });
    const list = (await call(zoneAdmin, 'GET', '/api/v1/zones')).json() as { items: Array<{ id: string }> };
    expect(list.items.map((z) => z.id)).toEqual([own.id]);
    expect((await call(zoneAdmin, 'GET', `/api/v1/zones/${other.id}`)).statusCode).toBe(403);
    expect((await call(zoneAdmin, 'PATCH', `/api/v1/zones/${other.id}`, { name: 'Taken over' })).statusCode).toBe(403);
    expect((await app.zones.findById(other.id))!.name).toBe('PZ OTHER');
    expect((await call(zoneAdmin, 'POST', '/api/v1/zones', { name: 'PZ New', code: 'NEW', languages: ['nl'], defaultLanguage: 'nl' })).statusCode).toBe(403);
  });

  it('given an unknown zone id, the answer is 404', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await call(admin, 'GET', '/api/v1/zones/no-such-zone');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'zones.not_found' } });
  });

  it('given a platform admin, a dispatch centre is created, listed and its zones changed', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const one = await createZone(admin, 'ONE');
    const two = await createZone(admin, 'TWO');
    const created = await call(admin, 'POST', '/api/v1/dispatch-centres', { name: 'CIC Demo', code: 'CIC-DEMO', zoneIds: [one.id] });
    expect(created.statusCode).toBe(201);
    const centre = created.json() as { id: string };
    const patched = await call(admin, 'PATCH', `/api/v1/dispatch-centres/${centre.id}`, { zoneIds: [one.id, two.id] });
    expect(patched.json()).toMatchObject({ name: 'CIC Demo', code: 'CIC-DEMO' });
    expect((patched.json() as { zoneIds: string[] }).zoneIds.sort()).toEqual([one.id, two.id].sort());
    const list = (await call(admin, 'GET', '/api/v1/dispatch-centres')).json() as { items: Array<{ name: string }> };
    expect(list.items.map((c) => c.name)).toEqual(['CIC Demo']);
    expect((await call(admin, 'PATCH', '/api/v1/dispatch-centres/unknown', { name: 'X' })).statusCode).toBe(404);
  });
});
