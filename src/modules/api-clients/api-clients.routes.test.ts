import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { ROUTE_REGISTRARS } from '../../web/routes.ts';
import { createWebServer } from '../../web/server.ts';

const START = Date.UTC(2026, 2, 10, 10, 0, 0);
const DAY = 86_400_000;

/** The token from the page shown once after creation or rotation. */
function tokenOf(html: string): string {
  const token = /id="api-token"[^>]*value="(wzk_[A-Za-z0-9_-]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no token on the page');
  return token;
}

describe('API clients of a zone', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let admin: TestUser;
  let clock: ReturnType<typeof createManualClock>;
  let log: string;

  beforeEach(async () => {
    clock = createManualClock(START);
    app = await createTestApp({ clock });
    log = '';
    // Everything the server logs, at its most verbose, to look for tokens in it.
    const sink = new Writable({ write: (chunk, _encoding, done) => ((log += String(chunk)), done()) });
    server = await createWebServer({ ...app, logger: pino({ level: 'trace' }, sink) }, ROUTE_REGISTRARS);
    await server.ready();
    for (const [id, code] of [['zone-a', 'A'], ['zone-b', 'B']] as const) await app.zones.insert({ id, code, name: `PZ ${code}`, languages: ['nl', 'fr'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: START });
    admin = await signedInAs(app, 'zone_admin', { zoneId: 'zone-a' });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  async function createClient(fields: Record<string, string | string[]> = {}): Promise<string> {
    const response = await postForm(server, admin, '/zones/zone-a/api-clients', { name: 'CAD CIC', scopes: ['alerts:read', 'alerts:send'], expiresInDays: '30', rateLimitPerMinute: '100', ...fields });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    return tokenOf(response.body);
  }
  const call = (token: string, url: string, method: 'GET' | 'POST' = 'GET') => server.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });

  it('given a zone admin, the created client’s token is shown once, stored only as a hash, and calls the API as the client, audited', async () => {
    const token = await createClient();
    const rows = await app.database.db.selectFrom('api_clients').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));

    const zones = await call(token, '/api/v1/zones');
    expect(zones.statusCode).toBe(200);
    expect(zones.json()).toMatchObject({ items: [{ id: 'zone-a' }] });

    const page = await server.inject({ method: 'GET', url: '/zones/zone-a/api-clients', headers: { cookie: admin.cookie } });
    expect(page.body).toContain('CAD CIC');
    expect(page.body).not.toContain(token);
    expect(page.body).not.toContain('>Nooit<');

    const entries = await app.database.db.selectFrom('audit_log').select(['actor_id', 'actor_label', 'action', 'details']).where('action', '=', 'api.call').execute();
    expect(entries).toEqual([{ actor_id: rows[0]!.id, actor_label: 'API client CAD CIC', action: 'api.call', details: JSON.stringify({ method: 'GET', route: '/api/v1/zones', status: 200 }) }]);
    const all = await app.database.db.selectFrom('audit_log').select('details').execute();
    expect(JSON.stringify(all)).not.toContain(token.slice(4));
  });

  it('given a client of zone A, nothing of zone B is visible', async () => {
    const token = await createClient();
    expect((await call(token, '/api/v1/zones')).json().items.map((zone: { id: string }) => zone.id)).toEqual(['zone-a']);
    expect((await call(token, '/api/v1/zones/zone-b')).statusCode).toBe(403);
    const otherAdmin = await signedInAs(app, 'zone_admin', { zoneId: 'zone-b' });
    expect((await server.inject({ method: 'GET', url: '/zones/zone-a/api-clients', headers: { cookie: otherAdmin.cookie } })).statusCode).toBe(403);
  });

  it('given a client without the scope a route needs, the API answers 403 naming the scope; routes without a scope refuse every client', async () => {
    const token = await createClient({ scopes: 'reports:read' });
    const zones = await call(token, '/api/v1/zones');
    expect(zones.statusCode).toBe(403);
    expect(zones.json()).toMatchObject({ status: 403, code: 'api.scope_missing', title: 'This API client lacks the permission “alerts:read”.' });
    for (const url of ['/api/v1/me', '/api/v1/audit', '/api/v1/dispatch-centres']) expect((await call(token, url)).statusCode, url).toBe(403);
  });

  it('given a revoked or an expired client, its token is refused with a Bearer challenge', async () => {
    const revokedToken = await createClient({ name: 'Revoked' });
    const expiringToken = await createClient({ name: 'Expiring', expiresInDays: '1' });
    const revoked = await app.database.db.selectFrom('api_clients').select('id').where('name', '=', 'Revoked').executeTakeFirstOrThrow();
    const revoke = await postForm(server, admin, `/zones/zone-a/api-clients/${revoked.id}/revoke`, {});
    expect(revoke.statusCode).toBe(303);
    const refused = await call(revokedToken, '/api/v1/zones');
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(refused.json()).toMatchObject({ error: { code: 'api.token_invalid' } });

    expect((await call(expiringToken, '/api/v1/zones')).statusCode).toBe(200);
    clock.advance(DAY + 1);
    expect((await call(expiringToken, '/api/v1/zones')).statusCode).toBe(401);
    expect((await call('wzk_not-a-token', '/api/v1/zones')).statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/api/v1/zones', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it('given a rotation with an overlap, both tokens work until the overlap ends, then only the new one', async () => {
    const oldToken = await createClient();
    const client = await app.database.db.selectFrom('api_clients').select('id').executeTakeFirstOrThrow();
    const rotated = await postForm(server, admin, `/zones/zone-a/api-clients/${client.id}/rotate`, { overlapHours: '2' });
    expect(rotated.statusCode).toBe(200);
    const newToken = tokenOf(rotated.body);
    expect(newToken).not.toBe(oldToken);
    expect((await call(oldToken, '/api/v1/zones')).statusCode).toBe(200);
    expect((await call(newToken, '/api/v1/zones')).statusCode).toBe(200);
    clock.advance(2 * 3_600_000 + 1);
    expect((await call(oldToken, '/api/v1/zones')).statusCode).toBe(401);
    expect((await call(newToken, '/api/v1/zones')).statusCode).toBe(200);
  });

  it('given a limit of 2 calls a minute, the third answers 429 with Retry-After, and the next minute is open again', async () => {
    const token = await createClient({ rateLimitPerMinute: '2' });
    expect((await call(token, '/api/v1/zones')).statusCode).toBe(200);
    expect((await call(token, '/api/v1/zones')).statusCode).toBe(200);
    const limited = await call(token, '/api/v1/zones');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    clock.advance(60_000);
    expect((await call(token, '/api/v1/zones')).statusCode).toBe(200);
  });

  it('given a bearer token outside /api/v1, it is not a sign-in; on the API the token needs no CSRF token and the session cookie plays no part', async () => {
    const token = await createClient();
    const page = await server.inject({ method: 'GET', url: '/zones/zone-a/api-clients', headers: { authorization: `Bearer ${token}` } });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toMatch(/^\/sign-in/);
    // The admin's cookie with a bad token is still refused: the token decides.
    const mixed = await server.inject({ method: 'GET', url: '/api/v1/zones', headers: { authorization: 'Bearer wzk_wrong', cookie: admin.cookie } });
    expect(mixed.statusCode).toBe(401);
  });

  it('given calls with good, bad and revoked tokens, no token ever appears in the log', async () => {
    const token = await createClient();
    await call(token, '/api/v1/zones');
    await call(token, '/api/v1/zones/zone-b');
    await call(`${token}x`, '/api/v1/zones');
    await server.inject({ method: 'GET', url: `/api/v1/zones?access_token=${token}`, headers: { authorization: `Bearer ${token}` } });
    expect(log).toContain('/api/v1/zones');
    expect(log).not.toContain(token.slice(4));
  });

  it('given a form without a name or a scope, it is shown again with the reasons in the admin’s language', async () => {
    const response = await postForm(server, admin, '/zones/zone-a/api-clients', { name: '', expiresInDays: '0' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Geef de client een naam.');
    expect(response.body).toContain('Kies minstens één recht.');
    expect(response.body).toContain('Geef een aantal dagen tussen 1 en 730.');
    expect(await app.database.db.selectFrom('api_clients').select('id').execute()).toEqual([]);
  });

  it('given a platform admin, a dispatch centre gets clients that cover every zone of the centre', async () => {
    await app.zones.saveDispatchCentre({ id: 'cic', code: 'CIC', name: 'CIC Test', zoneIds: ['zone-a', 'zone-b'], now: START }, true);
    const platform = await signedInAs(app, 'platform_admin');
    const response = await postForm(server, platform, '/admin/dispatch-centres/cic/api-clients', { name: 'CIC CAD', scopes: 'alerts:read', expiresInDays: '10' });
    expect(response.statusCode).toBe(201);
    const zones = await call(tokenOf(response.body), '/api/v1/zones');
    expect(zones.json().items.map((zone: { id: string }) => zone.id).sort()).toEqual(['zone-a', 'zone-b']);
    expect((await postForm(server, admin, '/admin/dispatch-centres/cic/api-clients', { name: 'x', scopes: 'alerts:read', expiresInDays: '10' })).statusCode).toBe(403);
  });
});
