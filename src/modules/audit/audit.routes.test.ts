import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';

describe('the audit log page', () => {
  let app: TestApp;
  let server: FastifyInstance;
  // 15 January 2026, 09:00 UTC: 10:00 in Brussels.
  const clock = createManualClock(Date.UTC(2026, 0, 15, 9, 0, 0));

  beforeEach(async () => {
    app = await createTestApp({ clock });
    server = await createTestServer(app);
    for (const id of ['zone-a', 'zone-b']) await app.zones.insert({ id, code: id.toUpperCase(), name: id, languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: clock.now() });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (user: TestUser, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie, 'accept-language': 'en' } });
  const record = (action: string, zoneId: string | null, objectId = 'x') => app.auditLog.record({ actor: null, label: 'Officer Test <officer@example.test>', ip: '198.51.100.7' }, { action, objectType: 'zone', objectId, zoneId });

  it('given entries of two zones, a zone admin sees only their zone and a platform admin sees both', async () => {
    await record('zone.updated', 'zone-a', 'object-of-a');
    await record('zone.updated', 'zone-b', 'object-of-b');
    const zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: 'zone-a' });
    const own = await get(zoneAdmin, '/admin/audit');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('object-of-a');
    expect(own.body).not.toContain('object-of-b');
    const all = await get(await signedInAs(app, 'platform_admin'), '/admin/audit');
    expect(all.body).toContain('object-of-a');
    expect(all.body).toContain('object-of-b');
  });

  it('given an entry, its row shows the Brussels time, who, the action, the object and the address', async () => {
    await record('zone.created', null, 'zone-42');
    const page = await get(await signedInAs(app, 'platform_admin'), '/admin/audit');
    expect(page.body).toContain('10:00');
    expect(page.body).toContain('Officer Test &lt;officer@example.test');
    expect(page.body).toContain('<code>zone.created</code>');
    expect(page.body).toContain('zone zone-42');
    expect(page.body).toContain('198.51.100.7');
  });

  it('given more entries than fit on a page, an "older" link leads to the rest and back', async () => {
    for (let i = 1; i <= 55; i++) await record('zone.updated', null, `object-${i}`);
    const admin = await signedInAs(app, 'platform_admin');
    const first = await get(admin, '/admin/audit');
    expect(first.body).toContain('object-55');
    expect(first.body).not.toContain('object-5<');
    expect(first.body).toContain('href="/admin/audit?beforeSeq=6"');
    const older = await get(admin, '/admin/audit?beforeSeq=6');
    expect(older.body).toContain('object-5<');
    expect(older.body).toContain('object-1<');
    expect(older.body).not.toContain('object-6<');
    expect(older.body).not.toContain('Older entries');
    expect(older.body).toContain('Back to the newest entries');
  });

  it('given an action prefix, only matching actions are listed and paging keeps the filter', async () => {
    await record('zone.created', null, 'created-one');
    await record('dispatch_centre.created', null, 'centre-one');
    const page = await get(await signedInAs(app, 'platform_admin'), '/admin/audit?action=zone.');
    expect(page.body).toContain('created-one');
    expect(page.body).not.toContain('centre-one');
    expect(page.body).toContain('Only actions that start with “zone.”.');
  });

  it('given a filter with forbidden characters, the page explains what is allowed', async () => {
    const page = await get(await signedInAs(app, 'platform_admin'), '/admin/audit?action=%25drop');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Use only lower-case letters, digits, dots and underscores.');
  });

  it('given a police dispatcher, the audit log is refused', async () => {
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: 'zone-a' });
    expect((await get(dispatcher, '/admin/audit')).statusCode).toBe(403);
  });

  it('given an admin reading the audit log, the reading itself leaves no entry', async () => {
    await record('zone.created', null);
    await get(await signedInAs(app, 'platform_admin'), '/admin/audit');
    expect(await app.audit.list({ zoneIds: 'all', limit: 10 })).toHaveLength(1);
  });
});
