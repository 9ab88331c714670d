import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';

describe('the audit log through /api/v1/audit', () => {
  let app: TestApp;
  let server: FastifyInstance;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    await app.zones.insert({ id: 'zone-a', code: 'A1', name: 'A', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: 0 });
    for (let i = 1; i <= 5; i++) await app.auditLog.record({ actor: null, label: 'test' }, { action: 'zone.updated', zoneId: i % 2 ? 'zone-a' : null, details: { i } });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (user: TestUser, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie } });

  it('given limit and beforeSeq, pages go backwards and the last page says so', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const first = (await get(admin, '/api/v1/audit?limit=2')).json() as { items: Array<{ seq: number; details: unknown }>; nextBeforeSeq: number | null };
    expect(first.items.map((e) => e.seq)).toEqual([5, 4]);
    expect(first.items[0]!.details).toEqual({ i: 5 });
    expect(first.nextBeforeSeq).toBe(4);
    const last = (await get(admin, '/api/v1/audit?limit=5&beforeSeq=2')).json() as { items: Array<{ seq: number }>; nextBeforeSeq: number | null };
    expect(last).toMatchObject({ items: [{ seq: 1 }], nextBeforeSeq: null });
  });

  it('given a zone admin, only the entries of their zone are returned', async () => {
    const zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: 'zone-a' });
    const page = (await get(zoneAdmin, '/api/v1/audit')).json() as { items: Array<{ seq: number; zoneId: string }> };
    expect(page.items.map((e) => e.seq)).toEqual([5, 3, 1]);
  });

  it('given a limit out of range, the request is refused with the field named', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await get(admin, '/api/v1/audit?limit=1000');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'validation.failed', fields: [{ field: 'limit' }] } });
  });
});
