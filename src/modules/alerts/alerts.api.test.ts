import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, FIELDS, ZONE, addMember, planAlerts, seedAlertZone } from './alerts.test-support.ts';

const CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true };
const RED = { severity: 'red', fields: FIELDS, checklist: CHECKLIST, target: { kind: 'networks', networkIds: ['net-a'] } };

describe('the alert endpoints of the API', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ clock });
    await seedAlertZone(app);
    await app.zones.insert({ id: 'zone-b', code: 'ZB', name: 'PZ B', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: DAYTIME });
    for (const id of ['p1', 'p2', 'p3']) await addMember(app, { id, red: ['sms'], green: ['email'], home: { lat: 50.88, lon: 4.47 } });
    server = await createTestServer(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  async function tokenFor(zoneId: string, scopes: string[]): Promise<string> {
    const admin = await signedInAs(app, 'zone_admin', { zoneId });
    const response = await postForm(server, admin, `/zones/${zoneId}/api-clients`, { name: `CAD ${scopes.join(' ')}`, scopes, expiresInDays: '30' });
    return /value="(wzk_[^"]+)"/.exec(response.body)![1]!;
  }
  const send = (token: string, method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) =>
    server.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'accept-language': 'fr', ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { payload: JSON.stringify(body) } : {}) });

  it('given a red alert sent twice with one Idempotency-Key, one alert exists; another body with that key is 409', async () => {
    const token = await tokenFor(ZONE, ['alerts:send', 'alerts:read']);
    const first = await send(token, 'POST', '/api/v1/alerts', RED, { 'idempotency-key': 'cad-incident-4711' });
    expect(first.statusCode).toBe(201);
    const second = await send(token, 'POST', '/api/v1/alerts', RED, { 'idempotency-key': 'cad-incident-4711' });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(await app.database.db.selectFrom('alerts').select('id').execute()).toHaveLength(1);
    const other = await send(token, 'POST', '/api/v1/alerts', { ...RED, fields: { ...FIELDS, what: 'Autodiefstal' } }, { 'idempotency-key': 'cad-incident-4711' });
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(other.json()).toMatchObject({ status: 409, code: 'alerts.idempotency_conflict', title: 'Cette Idempotency-Key a déjà servi pour un autre message.' });
    const audit = await app.database.db.selectFrom('audit_log').select(['action', 'actor_label']).where('action', '=', 'alerts.send').execute();
    expect(audit).toEqual([{ action: 'alerts.send', actor_label: 'API client CAD alerts:send alerts:read' }]);
  });

  it('given a red alert without its checklist, the composer’s rules refuse it with problem details per field', async () => {
    const token = await tokenFor(ZONE, ['alerts:send']);
    const response = await send(token, 'POST', '/api/v1/alerts', { ...RED, checklist: undefined });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 400, code: 'validation.failed' });
    expect(response.json().errors.length).toBeGreaterThan(0);
    expect(await app.database.db.selectFrom('alerts').select('id').execute()).toEqual([]);
  });

  it('given a circle and a GeoJSON area as targets, alerts go to the people living inside', async () => {
    const token = await tokenFor(ZONE, ['alerts:send', 'alerts:read']);
    const circle = await send(token, 'POST', '/api/v1/alerts', { ...RED, target: { kind: 'circle', centre: { lat: 50.88, lon: 4.47 }, radiusMetres: 500 } });
    expect(circle.statusCode).toBe(201);
    const square = { type: 'Polygon', coordinates: [[[4.46, 50.87], [4.48, 50.87], [4.48, 50.89], [4.46, 50.89], [4.46, 50.87]]] };
    const area = await send(token, 'POST', '/api/v1/alerts', { severity: 'green', exercise: true, fields: { what: 'Preventietip' }, target: { kind: 'area', geometry: square } });
    expect(area.statusCode).toBe(201);
    expect(area.json()).toMatchObject({ severity: 'green', exercise: true, target: { kind: 'area', geometry: { type: 'Polygon' } } });
    await planAlerts(app); // the planning job runs in the background after the 201
    const read = await send(token, 'GET', `/api/v1/alerts/${area.json().id}`);
    expect(read.json().reach).toMatchObject({ people: 3, reached: 0, secondsTo50Percent: null, channels: [{ channel: 'email', planned: 3, total: 3 }] });
  });

  it('given an alert sent and its steps delivered, the read shows reach per channel and the time to 50 % and 90 %', async () => {
    const token = await tokenFor(ZONE, ['alerts:send', 'alerts:read']);
    const alertId = (await send(token, 'POST', '/api/v1/alerts', RED)).json().id as string;
    await planAlerts(app);
    const steps = await app.database.db.selectFrom('deliveries').select(['id', 'person_id']).where('alert_id', '=', alertId).orderBy('person_id').execute();
    for (const [i, step] of steps.entries()) await app.database.db.updateTable('deliveries').set({ status: 'delivered', sent_at: DAYTIME + (i + 1) * 30_000, delivered_at: DAYTIME + (i + 1) * 60_000 }).where('id', '=', step.id).execute();
    const read = await send(token, 'GET', `/api/v1/alerts/${alertId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: alertId, severity: 'red', status: 'sending', reach: { people: 3, reached: 3, secondsTo50Percent: 120, secondsTo90Percent: 180, channels: [{ channel: 'sms', delivered: 3, total: 3 }] } });
  });

  it('given several alerts, the list filters and pages with a cursor; a client of another zone sees none of them', async () => {
    const token = await tokenFor(ZONE, ['alerts:send', 'alerts:read']);
    for (const what of ['een', 'twee', 'drie']) {
      clock.advance(60_000);
      expect((await send(token, 'POST', '/api/v1/alerts', { severity: 'green', fields: { what }, target: { kind: 'networks', networkIds: ['net-a'] } })).statusCode).toBe(201);
    }
    await send(token, 'POST', '/api/v1/alerts', RED);
    const page1 = (await send(token, 'GET', '/api/v1/alerts?severity=green&limit=2')).json();
    expect(page1.items.map((a: { fields: { what: string } }) => a.fields.what)).toEqual(['drie', 'twee']);
    const page2 = (await send(token, 'GET', `/api/v1/alerts?severity=green&limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2).toMatchObject({ items: [{ fields: { what: 'een' } }], nextCursor: null });
    expect((await send(token, 'GET', '/api/v1/alerts?cursor=nonsense')).statusCode).toBe(400);

    const other = await tokenFor('zone-b', ['alerts:send', 'alerts:read', 'sightings:read']);
    expect((await send(other, 'GET', '/api/v1/alerts')).json()).toEqual({ items: [], nextCursor: null });
    const someId = page1.items[0].id as string;
    for (const [method, url] of [['GET', `/api/v1/alerts/${someId}`], ['GET', `/api/v1/alerts/${someId}/sightings`], ['POST', `/api/v1/alerts/${someId}/cancel`]] as const) {
      expect((await send(other, method, url)).statusCode, url).toBe(403);
    }
    expect((await send(other, 'GET', `/api/v1/alerts?zoneId=${ZONE}`)).statusCode).toBe(403);
  });

  it('given a client without alerts:send, it cannot send, update or cancel; reading is fine', async () => {
    const sender = await tokenFor(ZONE, ['alerts:send']);
    const alertId = (await send(sender, 'POST', '/api/v1/alerts', RED)).json().id as string;
    const reader = await tokenFor(ZONE, ['alerts:read']);
    expect((await send(reader, 'POST', '/api/v1/alerts', RED)).statusCode).toBe(403);
    expect((await send(reader, 'POST', `/api/v1/alerts/${alertId}/cancel`)).statusCode).toBe(403);
    expect((await send(reader, 'POST', `/api/v1/alerts/${alertId}/updates`, { severity: 'red', fields: { what: 'x' } })).statusCode).toBe(403);
    expect((await send(reader, 'GET', `/api/v1/alerts/${alertId}`)).statusCode).toBe(200);
    expect((await send(reader, 'GET', `/api/v1/alerts/${alertId}/sightings`)).statusCode).toBe(403);
  });

  it('given an alert, an update and the result go to the same incident, and a cancel stops what was not sent', async () => {
    const token = await tokenFor(ZONE, ['alerts:send', 'alerts:read', 'sightings:read']);
    const alert = (await send(token, 'POST', '/api/v1/alerts', RED)).json();
    const update = await send(token, 'POST', `/api/v1/alerts/${alert.id}/updates`, { severity: 'red', fields: { what: 'Verdachten gevlucht richting E40' } });
    expect(update.statusCode).toBe(201);
    expect(update.json()).toMatchObject({ kind: 'update', incidentId: alert.incidentId });
    const result = await send(token, 'POST', `/api/v1/alerts/${alert.id}/result`, { severity: 'green', fields: { what: 'Twee verdachten opgepakt' } });
    expect(result.json()).toMatchObject({ kind: 'result', incidentId: alert.incidentId, severity: 'green' });
    const cancelled = await send(token, 'POST', `/api/v1/alerts/${alert.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ id: alert.id, status: 'cancelled' });
    const pending = await app.database.db.selectFrom('deliveries').select('status').where('alert_id', '=', alert.id).execute();
    expect(pending.every((row) => row.status === 'cancelled')).toBe(true);
    expect((await send(token, 'GET', `/api/v1/alerts/${alert.id}/sightings`)).json()).toEqual({ items: [] });
  });
});
