import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';

describe('zones pages', () => {
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

  it('given a platform admin, creating a zone stores it and writes an audit entry', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await postForm(server, admin, '/admin/zones', { name: 'PZ Demo', code: 'PZ-DEMO', languages: ['nl', 'fr'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels' });
    expect(response.statusCode).toBe(303);
    const zone = await app.zones.findByCode('PZ-DEMO');
    expect(zone).toMatchObject({ name: 'PZ Demo', languages: ['nl', 'fr'], defaultLanguage: 'nl' });
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'zone.created', objectId: zone!.id, actorId: admin.accountId });
  });

  it('given a default language outside the chosen languages, the form comes back with a translated error', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await postForm(server, admin, '/admin/zones', { name: 'PZ Demo', code: 'PZ-DEMO', languages: 'fr', defaultLanguage: 'nl', timeZone: 'Europe/Brussels' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('De standaardtaal moet een van de gekozen talen zijn.');
    expect(await app.zones.findByCode('PZ-DEMO')).toBeUndefined();
  });

  it('given a zone admin of another zone, editing a zone is refused', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    await postForm(server, admin, '/admin/zones', { name: 'PZ Een', code: 'ONE', languages: 'nl', defaultLanguage: 'nl', timeZone: 'Europe/Brussels' });
    await postForm(server, admin, '/admin/zones', { name: 'PZ Twee', code: 'TWO', languages: 'nl', defaultLanguage: 'nl', timeZone: 'Europe/Brussels' });
    const one = (await app.zones.findByCode('ONE'))!;
    const two = (await app.zones.findByCode('TWO'))!;
    const zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: one.id });
    const refused = await postForm(server, zoneAdmin, `/admin/zones/${two.id}`, { name: 'Stolen', languages: 'nl', defaultLanguage: 'nl', timeZone: 'Europe/Brussels' });
    expect(refused.statusCode).toBe(403);
    expect((await app.zones.findById(two.id))!.name).toBe('PZ Twee');
    const allowed = await postForm(server, zoneAdmin, `/admin/zones/${one.id}`, { name: 'PZ Een-Twee', languages: 'nl', defaultLanguage: 'nl', timeZone: 'Europe/Brussels' });
    expect(allowed.statusCode).toBe(303);
  });

  it('given a form without its CSRF token, nothing is created', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await server.inject({ method: 'POST', url: '/admin/zones', headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=X&code=XX&languages=nl&defaultLanguage=nl' });
    expect(response.statusCode).toBe(403);
    expect(await app.zones.findByCode('XX')).toBeUndefined();
  });
});
