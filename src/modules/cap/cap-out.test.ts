import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, FIELDS, ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { capDateTime, capPolygon } from './cap-out.models.ts';

const SCHEMA = fileURLToPath(new URL('../../../test/fixtures/cap/cap-1.2.xsd', import.meta.url));
const CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true };

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'waakzaam-cap-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** xmllint's verdict on a message against the CAP 1.2 schema: '' when it validates, else its complaints. */
function schemaProblems(xml: string): string {
  const file = join(folder, `m-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

describe('alerts as CAP 1.2 messages', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let token: string;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ clock });
    await seedAlertZone(app);
    for (const id of ['p1', 'p2']) await addMember(app, { id, home: { lat: 50.88, lon: 4.47 } });
    server = await createTestServer(app);
    const admin = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
    const response = await postForm(server, admin, `/zones/${ZONE}/api-clients`, { name: 'CAD', scopes: ['alerts:send', 'alerts:read'], expiresInDays: '30' });
    token = /value="(wzk_[^"]+)"/.exec(response.body)![1]!;
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const api = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    server.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
  const cap = async (alertId: string) => {
    const response = await api('GET', `/api/v1/alerts/${alertId}/cap`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    return response.body;
  };

  it('given a red alert in a circle, its CAP message validates and maps red to Immediate, Severe, Observed with one info per language', async () => {
    const alert = (await api('POST', '/api/v1/alerts', { severity: 'red', fields: FIELDS, checklist: CHECKLIST, target: { kind: 'circle', centre: { lat: 50.88, lon: 4.47 }, radiusMetres: 800 } })).json();
    const xml = await cap(alert.id);
    expect(schemaProblems(xml)).toBe('');
    expect(tag(xml, 'identifier')).toEqual([`waakzaam-${alert.id}`]);
    expect(tag(xml, 'sender')).toEqual(['ZA@localhost']);
    // 15 January, 10:00 in Brussels: winter time, one hour ahead of UTC.
    expect(tag(xml, 'sent')).toEqual(['2026-01-15T10:00:00+01:00']);
    expect([tag(xml, 'status'), tag(xml, 'msgType'), tag(xml, 'scope')]).toEqual([['Actual'], ['Alert'], ['Restricted']]);
    expect(tag(xml, 'language')).toEqual(['nl-BE', 'fr-BE', 'de-BE', 'en']);
    expect(new Set(tag(xml, 'urgency'))).toEqual(new Set(['Immediate']));
    expect(new Set(tag(xml, 'severity'))).toEqual(new Set(['Severe']));
    expect(new Set(tag(xml, 'certainty'))).toEqual(new Set(['Observed']));
    expect(new Set(tag(xml, 'category'))).toEqual(new Set(['Security']));
    expect(tag(xml, 'circle')[0]).toBe('50.88,4.47 0.8');
    expect(tag(xml, 'instruction')[0]).toBe(FIELDS.advice);
    expect(tag(xml, 'web')[0]).toBe(`http://localhost:3000/alerts/${alert.id}`);
  });

  it('given a green exercise in a drawn area, then an update, a result and a cancellation, every message validates and refers to the earlier ones', async () => {
    const square = { type: 'Polygon', coordinates: [[[4.46, 50.87], [4.48, 50.87], [4.48, 50.89], [4.46, 50.89], [4.46, 50.87]]] };
    const first = (await api('POST', '/api/v1/alerts', { severity: 'green', exercise: true, fields: { what: 'Oefening: preventietip' }, target: { kind: 'area', geometry: square } })).json();
    const firstXml = await cap(first.id);
    expect(schemaProblems(firstXml)).toBe('');
    expect(tag(firstXml, 'status')).toEqual(['Exercise']);
    expect(new Set(tag(firstXml, 'urgency'))).toEqual(new Set(['Expected']));
    expect(tag(firstXml, 'polygon')[0]).toBe('50.87,4.46 50.87,4.48 50.89,4.48 50.89,4.46 50.87,4.46');

    clock.advance(10 * 60_000);
    const update = (await api('POST', `/api/v1/alerts/${first.id}/updates`, { severity: 'green', fields: { what: 'Oefening: bijkomende info' } })).json();
    const updateXml = await cap(update.id);
    expect(schemaProblems(updateXml)).toBe('');
    expect(tag(updateXml, 'msgType')).toEqual(['Update']);
    expect(tag(updateXml, 'references')).toEqual([`ZA@localhost,waakzaam-${first.id},2026-01-15T10:00:00+01:00`]);

    clock.advance(10 * 60_000);
    const result = (await api('POST', `/api/v1/alerts/${first.id}/result`, { severity: 'green', fields: { what: 'Oefening afgelopen' } })).json();
    const resultXml = await cap(result.id);
    expect(schemaProblems(resultXml)).toBe('');
    expect(tag(resultXml, 'references')[0]!.split(' ')).toHaveLength(2);
    expect(new Set(tag(resultXml, 'urgency'))).toEqual(new Set(['Past']));

    clock.advance(5 * 60_000);
    await api('POST', `/api/v1/alerts/${first.id}/cancel`);
    const cancelXml = await cap(first.id);
    expect(schemaProblems(cancelXml)).toBe('');
    expect(tag(cancelXml, 'msgType')).toEqual(['Cancel']);
    expect(tag(cancelXml, 'identifier')).toEqual([`waakzaam-${first.id}-cancel`]);
    expect(tag(cancelXml, 'sent')).toEqual(['2026-01-15T10:25:00+01:00']);
    expect(tag(cancelXml, 'references')).toEqual([`ZA@localhost,waakzaam-${first.id},2026-01-15T10:00:00+01:00`]);
  });

  it('given a message the schema must refuse (a time in UTC, an unknown status), xmllint names the problem', async () => {
    const alert = (await api('POST', '/api/v1/alerts', { severity: 'green', fields: { what: 'Info' }, target: { kind: 'networks', networkIds: ['net-a'] } })).json();
    const xml = await cap(alert.id);
    expect(schemaProblems(xml)).toBe('');
    expect(schemaProblems(xml.replace('+01:00</sent>', 'Z</sent>'))).toContain('sent');
    expect(schemaProblems(xml.replace('<status>Actual</status>', '<status>Real</status>'))).toContain('status');
  });

  it('given alerts of the zone, the Atom feed lists them with links to their CAP messages; another zone’s feed is refused', async () => {
    const alert = (await api('POST', '/api/v1/alerts', { severity: 'green', fields: { what: 'Info' }, target: { kind: 'networks', networkIds: ['net-a'] } })).json();
    const feed = await api('GET', `/api/v1/zones/${ZONE}/cap.atom`);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const file = join(folder, 'feed.xml');
    writeFileSync(file, feed.body);
    execFileSync('xmllint', ['--noout', '--nonet', file]);
    expect(feed.body).toContain(`href="http://localhost:3000/api/v1/alerts/${alert.id}/cap"`);
    await app.zones.insert({ id: 'zone-b', code: 'ZB', name: 'PZ B', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: DAYTIME });
    expect((await api('GET', '/api/v1/zones/zone-b/cap.atom')).statusCode).toBe(403);
  });

  it('given summer and winter instants, sent carries Brussels time with its offset, and polygons are closed lat,lon rings', () => {
    expect(capDateTime(Date.UTC(2026, 6, 1, 12, 0, 5), 'Europe/Brussels')).toBe('2026-07-01T14:00:05+02:00');
    expect(capDateTime(Date.UTC(2026, 11, 31, 23, 30), 'Europe/Brussels')).toBe('2027-01-01T00:30:00+01:00');
    expect(capPolygon([[4.1, 50.1], [4.2, 50.1], [4.2, 50.2]])).toBe('50.1,4.1 50.1,4.2 50.2,4.2 50.1,4.1');
  });
});
